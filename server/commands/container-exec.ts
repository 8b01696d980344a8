/**
 * `docker exec`: a command in one of the session's running containers, attached to the terminal
 * like `docker run`. Exec streams may never end (a background child can hold stdout open), so the
 * exit code comes from inspecting the exec, not from the stream closing.
 */
import type { ContainerEngine } from '../docker/containers.ts';
import { printDaemonError } from '../docker/daemon-error.ts';
import { EngineError } from '../docker/engine-error.ts';
import type { FlagReader } from '../policy/run-policy.ts';
import type { CommandContext } from './context.ts';
import { connectStdio } from './interactive.ts';
import { resolveContainer } from './session-objects.ts';
import { streamToTerminal } from './terminal-stream.ts';

/** Flags of `docker exec` the lab passes on; the rest (`--privileged`, `--detach-keys`) are refused. */
const EXEC_ALLOWED = new Set(['detach', 'interactive', 'tty', 'workdir', 'env', 'user', 'help']);
const EXEC_REFUSALS: Readonly<Record<string, string>> = {
  privileged: 'it gives the process control of the host',
  'env-file': "it reads files on the lab's server, not in your sandbox",
};

export async function execInContainer(
  context: CommandContext,
  flags: FlagReader,
  args: readonly string[],
): Promise<number> {
  const { containers } = context;
  for (const name of flags.changedNames()) {
    if (EXEC_ALLOWED.has(name)) continue;
    context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: `--${name}` });
    context.stderr(
      `volume-lab: --${name} is not available in this sandbox: ${EXEC_REFUSALS[name] ?? 'this lab allows -d -i -t -w -e -u with docker exec'}\n`,
    );
    return 1;
  }
  const [reference = '', ...cmd] = args;
  const found = await resolveContainer(context, context.ns, reference);
  if (typeof found === 'string') return printDaemonError(context, found);
  // `-e NAME` copies NAME from the CLI's environment; the lab shell has none, so it is left unset.
  const env = flags.stringArray('env').filter((value) => value.includes('='));
  const tty = flags.bool('tty');
  const interactive = flags.bool('interactive');
  const detach = flags.bool('detach');
  let execId: string;
  try {
    execId = await containers.execCreate(found.id, {
      cmd,
      tty,
      stdin: interactive,
      env,
      workdir: flags.string('workdir'),
      user: flags.string('user'),
      detach,
    });
    if (detach) {
      await containers.execStart(execId, { tty, stdin: false, detach: true });
      return 0;
    }
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return printDaemonError(context, error.message, 'exec');
  }
  let stream: Awaited<ReturnType<ContainerEngine['execStart']>>;
  try {
    stream = await containers.execStart(execId, { tty, stdin: interactive, detach: false });
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return printDaemonError(context, error.message, 'exec');
  }
  if (!stream) return 0;
  stream.on('error', () => {});
  const output = streamToTerminal(context, containers, stream, { tty });
  const stdio = connectStdio(context, stream, {
    tty,
    interactive,
    resize: (cols, rows) => containers.execResize(execId, cols, rows),
  });
  try {
    const exitCode = await waitForExec(containers, execId, output);
    return exitCode;
  } finally {
    stdio.release();
    stream.destroy();
    // It may have filled the sandbox: if so, the learner is told why their writes failed.
    void context.quota.remeasure();
  }
}

/** Resolves with the exec's exit code once it has stopped, whether or not its stream ended. */
async function waitForExec(
  containers: ContainerEngine,
  execId: string,
  output: Promise<void>,
): Promise<number> {
  let ended = false;
  void output.then(() => {
    ended = true;
  });
  for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
    await Promise.race([output, new Promise((resolve) => setTimeout(resolve, delay))]);
    const info = await containers.execInspect(execId).catch(() => ({ Running: false, ExitCode: 1 }));
    if (!info.Running) {
      // Output written just before the exit may still be on its way.
      if (!ended) await Promise.race([output, new Promise((resolve) => setTimeout(resolve, 200))]);
      return info.ExitCode ?? 0;
    }
  }
}
