/**
 * One lab terminal: the prompt loop over a line editor, running each line through the command runner.
 * It outlives its WebSocket, so a reconnecting page gets the same shell (and its history) back.
 */
import type { Completer } from '../commands/complete.ts';
import {
  type CommandContext,
  CommandFailed,
  type CommandResult,
  type CommandRunner,
  type LabServices,
} from '../commands/context.ts';
import { queueContainers } from '../docker/queued-containers.ts';
import { OTHER } from '../observability/command-name.ts';
import type { Namespace } from '../sandbox/namespace.ts';
import { LineEditor } from './line-editor.ts';
import { createPrefixFilter, type PrefixFilter } from './prefix-filter.ts';
import { tokenize } from './tokenize.ts';
import { followWait } from './waiting-line.ts';

/** The key that extends a session's lifetime: unbound in the lab's shell, easy to say in one line. */
export const EXTEND_KEY = '\x18';

export const PROMPT = '\x1b[1;32mlearner@volume-lab\x1b[0m:\x1b[1;34m~\x1b[0m$ ';

/** Where a terminal's output goes while a page is attached. */
export interface TerminalSink {
  output(data: string): void;
  done(command: string, exitCode: number): void;
  /** Bytes sent but not yet taken by the page. */
  backlog(): number;
}

/** Above this backlog a streaming command pauses its source; below the low mark it resumes. */
const BACKLOG_HIGH = 256 * 1024;
const BACKLOG_LOW = 64 * 1024;

export interface TerminalShellOptions {
  id: string;
  services: LabServices;
  ns: Namespace;
  run: CommandRunner;
  complete?: Completer;
  cols: number;
  rows: number;
  /** The session's rate limit: false refuses the command line with a reason. */
  mayRun?: () => boolean;
  /** Told each finished command's name (never its arguments) and exit code. */
  onCommand?: (command: string, exitCode: number) => void;
  /** The extend key was pressed at the prompt; returns what to tell the learner. */
  onExtendKey?: () => string;
}

/** The docker CLI's words when it cannot reach the engine; the lab says the same. */
const ENGINE_UNREACHABLE =
  'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n';
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

const CTRL_C = '\x03';
const CLEAR_SCREEN = '\x1b[H\x1b[2J\x1b[3J';
/** Back to the start of the line, and clear it. */
const ERASE_LINE = '\r\x1b[K';
/** How much of a terminal's past a reload gets back. */
const SCROLLBACK_CHARS = 128 * 1024;

/** Terminals expect CRLF; command output uses LF like any program writing to a TTY with onlcr. */
function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export class TerminalShell {
  readonly id: string;
  private readonly options: TerminalShellOptions;
  private readonly editor: LineEditor;
  private sink: TerminalSink | undefined;
  private running: AbortController | undefined;
  private keyHandler: ((data: string) => void) | undefined;
  private readonly resizeHandlers = new Set<(cols: number, rows: number) => void>();
  private readonly filter: PrefixFilter;
  private closed = false;
  private scrollback = '';
  private readonly watchers = new Set<(data: string) => void>();
  private pendingNotices: string[] = [];
  /** The waiting line on screen, drawn over the output and never part of it (see waiting-line.ts). */
  private status: string | undefined;
  /** Whether the cursor is at the start of a line, where a waiting line can come and go cleanly. */
  private atLineStart = true;
  /** Whether the running command has written a TTY's output, which owns the screen until it ends. */
  private rawOutput = false;

  constructor(options: TerminalShellOptions) {
    this.id = options.id;
    this.options = options;
    this.filter = createPrefixFilter(options.ns.toEngine(''));
    this.editor = new LineEditor({
      // What the line editor draws is the learner's own typing: it needs no filtering, and holding
      // back a typed `vl` until the next key would make the echo lag.
      write: (data) => {
        this.flushOutput();
        this.emit(data);
      },
      cols: options.cols,
      rows: options.rows,
      ...(options.complete ? { completer: options.complete } : {}),
    });
  }

  /** Connects a page. A second page for the same terminal takes over from the first. */
  attach(sink: TerminalSink): void {
    this.sink = sink;
  }

  detach(sink: TerminalSink): void {
    if (this.sink === sink) this.sink = undefined;
  }

  start(): void {
    void this.loop();
  }

  /**
   * A message from the lab itself, on a line of its own, with the prompt redrawn after it. While a
   * command runs it waits for the command to finish, so it never lands inside the command's output.
   */
  notice(message: string): void {
    if (this.running) {
      this.pendingNotices.push(message);
      return;
    }
    this.flushOutput();
    this.emit(`\r\n${toTerminal(message)}\r\n`);
    this.editor.refresh();
  }

  /** The last thing this terminal shows, at once, even mid-command: the session or the server is ending. */
  end(message: string): void {
    this.flushOutput();
    this.emit(`\r\n${toTerminal(message)}\r\n`);
    this.close();
  }

  /**
   * Shows a page that just (re)attached what this terminal showed before: the screen is cleared
   * first, so a page that kept its own copy (a network blip, not a reload) does not see it twice.
   */
  replay(): void {
    this.sink?.output(`${CLEAR_SCREEN}${this.snapshot()}`);
  }

  /**
   * Everything this terminal shows from now on, for a read-only viewer (an instructor); the returned
   * function stops it. `snapshot` is what was shown before.
   */
  watch(listener: (data: string) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  snapshot(): string {
    return this.scrollback + (this.status ?? '');
  }

  /**
   * Everything shown goes through here, so a reload can be given the recent past once. A waiting
   * line goes first: whatever is written takes its place.
   */
  private emit(data: string): void {
    this.hideStatus();
    this.show(data);
    if (data !== '') this.atLineStart = data.endsWith('\n');
    this.scrollback += data;
    if (this.scrollback.length > SCROLLBACK_CHARS) {
      // Cut at a line start so the replay does not begin inside an escape sequence.
      const cut = this.scrollback.indexOf('\n', this.scrollback.length - SCROLLBACK_CHARS);
      this.scrollback = cut === -1 ? '' : this.scrollback.slice(cut + 1);
    }
  }

  /** To the page and the viewers, not the scrollback. */
  private show(data: string): void {
    for (const watcher of this.watchers) watcher(data);
    this.sink?.output(data);
  }

  /**
   * Draws the waiting line of the running command, where it can be erased without a trace: at the
   * start of a line, while no TTY owns the screen and no prompt of the command is being typed at.
   */
  private showStatus(command: AbortController, text: string): void {
    if (this.running !== command || !this.atLineStart || this.rawOutput || this.editor.reading) return;
    const line = text.slice(0, Math.max(this.editor.cols - 1, 0));
    if (line === this.status) return;
    this.show(this.status === undefined ? line : `${ERASE_LINE}${line}`);
    this.status = line;
  }

  private hideStatus(): void {
    if (this.status === undefined) return;
    this.status = undefined;
    this.show(ERASE_LINE);
  }

  input(data: string): void {
    if (this.keyHandler) {
      this.keyHandler(data);
      return;
    }
    if (data === EXTEND_KEY && this.options.onExtendKey) {
      this.notice(this.options.onExtendKey());
      return;
    }
    // While a command asks a question (a confirmation), Ctrl-C belongs to that prompt.
    if (this.running && !this.editor.reading && data.includes(CTRL_C)) {
      this.write('^C');
      this.editor.discardPending();
      this.running.abort();
      return;
    }
    this.editor.feed(data);
  }

  /** A lesson's Run button: replaces whatever is half-typed at the prompt and presses Enter. */
  runLine(command: string): void {
    this.editor.feed(`\x05\x15${command}\r`);
  }

  resize(cols: number, rows: number): void {
    this.editor.resize(cols, rows);
    for (const handler of this.resizeHandlers) handler(cols, rows);
  }

  close(): void {
    this.closed = true;
    this.watchers.clear();
    this.running?.abort();
    this.sink = undefined;
  }

  private write(data: string): void {
    const visible = this.filter.push(data);
    if (visible !== '') this.emit(visible);
  }

  private flushOutput(): void {
    const rest = this.filter.flush();
    if (rest !== '') this.emit(rest);
  }

  private async drained(): Promise<void> {
    if ((this.sink?.backlog() ?? 0) < BACKLOG_HIGH) return;
    while (this.sink && this.sink.backlog() > BACKLOG_LOW && !this.running?.signal.aborted) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private async loop(): Promise<void> {
    let finished: { command: string; exitCode: number } | undefined;
    while (!this.closed) {
      const reading = this.editor.readLine(PROMPT);
      // `done` promises the prompt is back, so it follows the prompt's output.
      if (finished) this.sink?.done(finished.command, finished.exitCode);
      finished = undefined;
      const notices = this.pendingNotices;
      this.pendingNotices = [];
      for (const message of notices) this.notice(message);
      const result = await reading;
      if (result.kind === 'interrupt') continue;
      if (result.kind === 'eof') {
        this.write('\r\nThis lab shell stays open: close the tab to leave. Your volumes are kept.\r\n');
        continue;
      }
      const line = result.line.trim();
      if (line === '') continue;
      const exitCode = await this.execute(line);
      finished = { command: line, exitCode };
    }
  }

  private async execute(line: string): Promise<number> {
    const tokens = tokenize(line);
    if (!tokens.ok) {
      this.write(toTerminal(`volume-lab: ${tokens.reason}\n`));
      return 2;
    }
    if (tokens.words.length === 0) return 0;
    if (this.options.mayRun && !this.options.mayRun()) {
      this.write(toTerminal('volume-lab: too many commands in a row; wait a moment, then try again.\n'));
      return 1;
    }
    const started = performance.now();
    const { exitCode, command } = await this.executeWords(tokens.words);
    this.options.onCommand?.(command, exitCode);
    this.options.services.observer?.commandFinished({
      sessionId: this.options.ns.sessionId,
      command,
      exitCode,
      ms: performance.now() - started,
    });
    return exitCode;
  }

  private async executeWords(words: string[]): Promise<CommandResult> {
    const controller = new AbortController();
    this.running = controller;
    this.rawOutput = false;
    const { services, ns } = this.options;
    // The session's lane of the engine's queue; Ctrl-C takes a waiting task out of it unrun.
    const queued = queueContainers(services.containers, (task, cleanup) => {
      const wait = followWait({
        show: (text) => this.showStatus(controller, text),
        // Only the running command's waits are shown: one that ended has nothing on screen to erase.
        hide: () => {
          if (this.running === controller) this.hideStatus();
        },
      });
      const turn = () => {
        wait.end();
        return task();
      };
      const options = { signal: cleanup ? undefined : controller.signal, onAhead: wait.ahead };
      return services.queue.run(ns.sessionId, turn, options).finally(wait.end);
    });
    const context: CommandContext = {
      ...services,
      ...queued,
      ns,
      cols: this.editor.cols,
      rows: this.editor.rows,
      signal: controller.signal,
      stdout: (text) => this.write(toTerminal(text)),
      stderr: (text) => this.write(toTerminal(text)),
      readLine: async (prompt) => {
        const answer = await this.editor.readLine(prompt, { history: false });
        return answer.kind === 'line' ? answer.line : null;
      },
      readInput: () => this.editor.readLine('', { history: false }),
      clearScreen: () => this.write(CLEAR_SCREEN),
      raw: (text) => {
        this.rawOutput = true;
        this.write(text);
      },
      typeAhead: (data) => this.editor.feed(data),
      takeKeys: (handler) => {
        this.keyHandler = handler;
        return () => {
          if (this.keyHandler === handler) this.keyHandler = undefined;
        };
      },
      onResize: (handler) => {
        this.resizeHandlers.add(handler);
        return () => this.resizeHandlers.delete(handler);
      },
      drained: () => this.drained(),
    };
    try {
      const result = await this.options.run(words, context);
      if (!controller.signal.aborted) return result;
      this.write('\r\n');
      return { exitCode: 130, command: result.command };
    } catch (thrown) {
      const command = thrown instanceof CommandFailed ? thrown.command : OTHER;
      const error = thrown instanceof CommandFailed ? thrown.cause : thrown;
      // Ctrl-C can make an engine call fail mid-way; that is an interrupted command, not a fault.
      if (controller.signal.aborted) {
        this.write('\r\n');
        return { exitCode: 130, command };
      }
      const message = error instanceof Error ? error.message : String(error);
      this.options.services.observer?.engineError({
        engine: this.options.services.engineName ?? 'local',
        operation: command,
        message,
      });
      if (CONNECTION_ERRORS.has((error as NodeJS.ErrnoException).code ?? '')) {
        this.write(ENGINE_UNREACHABLE);
        return { exitCode: 1, command };
      }
      // A failure we did not foresee still ends in one readable line, never a stack trace.
      this.write(toTerminal(`volume-lab: internal error: ${message}\n`));
      return { exitCode: 1, command };
    } finally {
      this.running = undefined;
      this.keyHandler = undefined;
      this.resizeHandlers.clear();
      this.flushOutput();
    }
  }
}
