/** What a command sees of the terminal and the session it runs in. */
import type { EngineInfo } from '../cli/command-spec.ts';
import type { ParsedFlags } from '../cli/parse-args.ts';
import type { ContainerEngine } from '../docker/containers.ts';
import type { Engine } from '../docker/engine.ts';
import type { EnginePicture } from '../docker/engine-picture.ts';
import type { EngineQueue } from '../docker/engine-queue.ts';
import type { EngineTurn } from '../docker/queued-containers.ts';
import type { LabObserver } from '../observability/lab-observer.ts';
import type { SandboxLimits } from '../sandbox/limits.ts';
import type { Namespace } from '../sandbox/namespace.ts';
import type { SessionQuota } from '../storage/session-quota.ts';
import type { SessionLocks } from './session-locks.ts';

/** What commands run against: the engine's volumes and containers, and the limits learners are held to. */
export interface LabServices {
  readonly engine: Engine;
  /** The engine's containers, unqueued: a command's context gives it them through `queue`. */
  readonly containers: ContainerEngine;
  /** The engine's queue for container creates, starts and removes, shared by its sessions. */
  readonly queue: EngineQueue;
  readonly limits: SandboxLimits;
  /**
   * Holds the session to its data quota: every container is held before it first starts, and a start
   * needs room.
   */
  readonly quota: Pick<SessionQuota, 'roomProblem' | 'holdContainer' | 'remeasure'>;
  /** Serialises a session's quota checks with the creations they allow. */
  readonly locks: SessionLocks;
  /** Told what happens, for logs and metrics; absent in tests that do not look. */
  readonly observer?: LabObserver;
  /** The engine's name in the pool, for what is reported about it. */
  readonly engineName?: string;
  /**
   * The sessions' objects on the engine, kept from its events, which checks read instead of listing;
   * without it (tests that build services by hand) they list.
   */
  readonly picture?: EnginePicture;
  /** The engine's data root on this host, when proven: file checks read volumes there. */
  readonly dataRoot?: string | undefined;
}

/** What one read of a line gives: the line, or the key that ended the read without one. */
export type ReadResult = { kind: 'line'; line: string } | { kind: 'interrupt' } | { kind: 'eof' };

export interface CommandContext extends LabServices {
  /** Creates, starts and removes here wait for their turn in the engine's queue, in the session's lane. */
  readonly containers: ContainerEngine;
  /** Holds one turn of the queue for several container steps; Ctrl-C while it waits cancels it. */
  readonly turn: EngineTurn;
  readonly ns: Namespace;
  /** Width of the learner's terminal, which the CLI wraps its help texts to. */
  readonly cols: number;
  readonly rows: number;
  /** Aborted when the learner presses Ctrl-C. */
  readonly signal: AbortSignal;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Asks for one line (a confirmation); resolves null on Ctrl-C or Ctrl-D. */
  readLine(prompt: string): Promise<string | null>;
  /** One line of a program's input, cooked by the line editor, without a prompt or history. */
  readInput(): Promise<ReadResult>;
  clearScreen(): void;
  /** A TTY's own output, written as it is (it already ends lines with CRLF). */
  raw(text: string): void;
  /** Keys typed ahead while a command runs: they wait for the next prompt, as in a terminal. */
  typeAhead(data: string): void;
  /** Sends every keystroke to the handler, instead of the line editor, until the returned function is called. */
  takeKeys(handler: (data: string) => void): () => void;
  /** Calls the handler whenever the terminal is resized, until the returned function is called. */
  onResize(handler: (cols: number, rows: number) => void): () => void;
  /** Resolves once the page has caught up with the output so far: a flooding container waits on it. */
  drained(): Promise<void>;
}

/** What a command line ran: its exit code, as a shell's `$?`, and the name it is counted under. */
export interface CommandResult {
  readonly exitCode: number;
  /** The command the runner resolved, e.g. `volume create` (see server/observability/command-name.ts). */
  readonly command: string;
}

/** A command that threw: the error is its `cause`, `command` the name of what was running. */
export class CommandFailed extends Error {
  readonly command: string;

  constructor(command: string, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.command = command;
  }
}

/** Runs one command line's words; rejects with a `CommandFailed` when the command throws. */
export type CommandRunner = (words: string[], context: CommandContext) => Promise<CommandResult>;

/** Runs one parsed docker command: its flags, its positional arguments, and what the CLI knows of the engine. */
export type CommandHandler = (
  context: CommandContext,
  flags: ParsedFlags,
  args: readonly string[],
  engine: EngineInfo,
) => Promise<number>;
