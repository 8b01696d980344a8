/** What a command sees of the terminal and the session it runs in. */
import type { Engine } from '../docker/engine.ts';
import type { Namespace } from '../session/namespace.ts';

export interface CommandContext {
  readonly engine: Engine;
  readonly ns: Namespace;
  /** Width of the learner's terminal, which the CLI wraps its help texts to. */
  readonly cols: number;
  /** Aborted when the learner presses Ctrl-C. */
  readonly signal: AbortSignal;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Asks for one line (a confirmation); resolves null on Ctrl-C or Ctrl-D. */
  readLine(prompt: string): Promise<string | null>;
  clearScreen(): void;
}

/** Runs one command line's words; resolves with its exit code, as a shell's `$?`. */
export type CommandRunner = (words: string[], context: CommandContext) => Promise<number>;
