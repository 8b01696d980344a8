/**
 * The server's log: one JSON object per line, so a collector can read it without a grammar. Lines
 * carry names, ids and numbers; a learner's arguments and file contents never reach them, so a log
 * can be kept and shared without being a record of what anyone typed.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogValue = string | number | boolean | null;

export interface LabLog {
  /** One finished command line: `command` is its name (see `COMMAND_NAMES`), `ms` its latency. */
  command(event: { sessionId: string; command: string; exitCode: number; ms: number }): void;
  /** Any other server event, e.g. `log('info', 'session-reaped', { session, reason })`. */
  log(level: LogLevel, event: string, fields?: Readonly<Record<string, LogValue | undefined>>): void;
}

export interface LabLogOptions {
  /** Where lines go; process.stdout unless given. */
  out?: { write(line: string): unknown };
  /** The clock, for tests. */
  now?: () => Date;
}

/** Keys every line starts with; fields of the same name are dropped rather than allowed to forge them. */
const RESERVED = new Set(['time', 'level', 'event']);

/** Long enough for an engine's error message, short enough that no dump rides along in one. */
const MAX_STRING = 300;

function clip(value: LogValue): LogValue {
  if (typeof value === 'string' && value.length > MAX_STRING) return `${value.slice(0, MAX_STRING)}…`;
  // JSON has no NaN or Infinity; null says the number was not one.
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

export function createLabLog(options: LabLogOptions = {}): LabLog {
  const out = options.out ?? process.stdout;
  const now = options.now ?? (() => new Date());

  const write = (level: LogLevel, event: string, fields: Readonly<Record<string, LogValue | undefined>>) => {
    const line: Record<string, LogValue> = { time: now().toISOString(), level, event };
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined && !RESERVED.has(key)) line[key] = clip(value);
    }
    out.write(`${JSON.stringify(line)}\n`);
  };

  return {
    command({ sessionId, command, exitCode, ms }) {
      write('info', 'command', {
        session: sessionId,
        command,
        exit: exitCode,
        ms: Math.round(ms * 10) / 10,
      });
    },
    log(level, event, fields = {}) {
      write(level, event, fields);
    },
  };
}
