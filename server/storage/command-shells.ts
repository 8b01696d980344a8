/**
 * SECURITY-RELEVANT: runs the data quota's commands (btrfs-progs, cp) through a few long-lived shells
 * instead of forking this server for each one. Forking a 300 MB Node process takes ~1.4 ms of its
 * main thread every time (against ~0.04 ms to hand a shell the command), and the quota adopts every
 * new container with two to four such commands, at up to ten starts a second in a full room.
 *
 * A shell gets a command as its argv, one argument a line, and runs it as "$@": nothing is ever
 * evaluated, so no argument can turn into shell syntax. An argument holding a newline is refused.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';

/** A command that failed or did not finish, with what it printed on stderr. */
export class CommandFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandFailed';
  }
}

/**
 * Reads an argument count, then that many lines, and runs them with stdin closed, so a command can
 * never read the requests meant for the shell. Its stderr comes back, then \x01 and its exit code.
 */
const LOOP = `while IFS= read -r argc; do
  set --
  while [ "$argc" -gt 0 ]; do IFS= read -r arg; set -- "$@" "$arg"; argc=$((argc - 1)); done
  "$@" </dev/null 2>&1 >/dev/null
  printf '\\001%d\\n' "$?"
done`;

/** Enough for the adoptions the engine queue lets run at once to overlap their disk waits. */
const SHELLS = 4;
/** What ends a command's reply: its exit code after a byte no error message holds. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: that byte is the point: no text holds it.
const REPLY_END = /\x01(\d+)\n$/;

interface Request {
  argv: readonly string[];
  timeoutMs: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

interface Shell {
  process: ChildProcess;
  stdin: Socket;
  stdout: Socket;
  /** Whether it is still one of the pool's. */
  pooled: boolean;
  /** The request it runs, and the stderr it printed so far. */
  running?: { request: Request; output: string; timer: NodeJS.Timeout };
}

const idle: Shell[] = [];
const waiting: Request[] = [];
let shells = 0;

/**
 * Runs a command to its end and resolves, or rejects with CommandFailed carrying its stderr. A command
 * still running after `timeoutMs` is killed; the shell that ran it goes with it and another takes
 * its place.
 */
export function runCommand(argv: readonly string[], timeoutMs: number): Promise<void> {
  if (argv.length === 0) return Promise.reject(new CommandFailed('no command to run'));
  if (argv.some((arg) => arg.includes('\n'))) {
    return Promise.reject(
      new CommandFailed(`refusing to run ${JSON.stringify(argv)}: an argument holds a newline`),
    );
  }
  return new Promise((resolve, reject) => {
    waiting.push({ argv, timeoutMs, resolve, reject });
    dispatch();
  });
}

function dispatch(): void {
  while (waiting.length > 0) {
    const shell = idle.pop() ?? (shells < SHELLS ? startShell() : undefined);
    if (!shell) return;
    const request = waiting.shift() as Request;
    const timer = setTimeout(() => {
      finish(
        shell,
        new CommandFailed(`${request.argv.join(' ')}: still running after ${request.timeoutMs} ms`),
      );
      stopShell(shell);
    }, request.timeoutMs);
    shell.running = { request, output: '', timer };
    // Only a shell with work keeps the server's event loop alive.
    shell.stdout.ref();
    shell.stdin.write(`${request.argv.length}\n${request.argv.join('\n')}\n`);
  }
}

function startShell(): Shell {
  // Its own process group, so a timeout kills the command it runs along with it.
  const child = spawn('sh', ['-c', LOOP], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
  // Node types a child's pipes as plain streams; they are sockets, whose ref() and unref() decide
  // whether an idle shell keeps the server's event loop alive.
  const shell: Shell = {
    process: child,
    stdin: child.stdin as Socket,
    stdout: child.stdout as Socket,
    pooled: true,
  };
  shells += 1;
  child.unref();
  shell.stdin.unref();
  shell.stdout.unref();
  shell.stdout.setEncoding('utf8');
  shell.stdout.on('data', (chunk: string) => {
    if (!shell.running) return;
    shell.running.output += chunk;
    const { output } = shell.running;
    const end = REPLY_END.exec(output);
    if (!end) return;
    const code = Number(end[1]);
    const stderr = output.slice(0, end.index).trim();
    const { argv } = shell.running.request;
    finish(
      shell,
      code === 0 ? undefined : new CommandFailed(`${argv.join(' ')}: ${stderr || `exit code ${code}`}`),
    );
    idle.push(shell);
    dispatch();
  });
  const gone = () => {
    if (!forget(shell)) return;
    finish(shell, new CommandFailed('the shell running the command ended'));
    dispatch();
  };
  child.on('exit', gone);
  child.on('error', gone);
  // A write to a shell that just died fails here; its exit finishes the request.
  shell.stdin.on('error', () => {});
  return shell;
}

function finish(shell: Shell, error: Error | undefined): void {
  const running = shell.running;
  if (!running) return;
  shell.running = undefined;
  clearTimeout(running.timer);
  shell.stdout.unref();
  if (error) running.request.reject(error);
  else running.request.resolve();
}

/** Takes a shell out of the pool; false when it was out already. */
function forget(shell: Shell): boolean {
  if (!shell.pooled) return false;
  shell.pooled = false;
  const at = idle.indexOf(shell);
  if (at >= 0) idle.splice(at, 1);
  shells -= 1;
  return true;
}

function stopShell(shell: Shell): void {
  if (!forget(shell)) return;
  const { pid } = shell.process;
  try {
    if (pid !== undefined) process.kill(-pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
  dispatch();
}
