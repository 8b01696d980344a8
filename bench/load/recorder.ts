/** Everything one benchmark level measures from the participants' side, gathered in one place. */
import { type Summary, summarize } from './stats.ts';

export type ErrorKind =
  | 'exit-code'
  | 'protocol'
  | 'socket'
  | 'timeout'
  | 'check'
  | 'no-checks'
  | 'connect'
  | 'other';

export interface BenchError {
  kind: ErrorKind;
  participant: number;
  lesson: string;
  step?: string;
  command?: string;
  detail: string;
}

/** Only the first errors are kept in full: after a systematic failure the rest repeat them. */
const KEPT_ERRORS = 50;

export class Recorder {
  /** Send to `done`, per command kind. */
  readonly commands = new Map<string, number[]>();
  /** `done` to the next `checks` for the watched lesson, on the same socket. */
  readonly checksAfterDone: number[] = [];
  /** `done` of a step's last solution line to the first `checks` that shows the step ok. */
  readonly stepPassed: number[] = [];
  /** Socket open to the first prompt (the first lesson makes a session, later ones resume it). */
  readonly connect: number[] = [];
  /** `reset` sent to the `checks` that follow it. */
  readonly reset: number[] = [];
  readonly errors: BenchError[] = [];
  errorCount = 0;
  readonly errorsByKind = new Map<ErrorKind, number>();

  command(kind: string, ms: number): void {
    const samples = this.commands.get(kind) ?? [];
    samples.push(ms);
    this.commands.set(kind, samples);
  }

  error(error: BenchError): void {
    this.errorCount++;
    this.errorsByKind.set(error.kind, (this.errorsByKind.get(error.kind) ?? 0) + 1);
    if (this.errors.length < KEPT_ERRORS) this.errors.push(error);
  }

  /** Samples of every kind that passes the filter, pooled. */
  pooled(filter: (kind: string) => boolean): number[] {
    return [...this.commands].filter(([kind]) => filter(kind)).flatMap(([, samples]) => samples);
  }

  commandCount(): number {
    return [...this.commands.values()].reduce((total, samples) => total + samples.length, 0);
  }

  summaries(): Record<string, Summary | null> {
    const kinds = [...this.commands.keys()].sort();
    return Object.fromEntries(kinds.map((kind) => [kind, summarize(this.commands.get(kind) ?? [])]));
  }
}

/** The volume commands the targets speak of: `docker volume ...` of every kind. */
export const isVolumeCommand = (kind: string) => kind.startsWith('volume ');
