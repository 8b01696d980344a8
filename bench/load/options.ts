/** The load benchmark's command line: how many participants, how human they are, what to pass the server. */
import { parseArgs } from 'node:util';

/** Where the engine's capacity, which the lab's start rate is held to, comes from. */
export type CapacitySource =
  /** Measured before the levels with bench:engine's code: these concurrency levels, each this long. */
  | { kind: 'measure'; levels: number[]; durationS: number }
  /** Read from a result file of `npm run bench:engine`. */
  | { kind: 'file'; file: string }
  /** Not known: the levels report the lab's rate but no fraction. */
  | { kind: 'skip' };

export interface LoadOptions {
  /** One benchmark level per entry, run one after another, each against a fresh server. */
  participants: number[];
  /** A participant's think time before each command, drawn uniformly from this range. */
  pauseMs: { min: number; max: number };
  /** Participants join spread over this long, as people trickle into a workshop room. */
  joinMs: number;
  /** Extra environment for the server, after the bench's own generous caps. */
  serverEnv: Record<string, string>;
  /** Lessons to replay (ids), all when empty. */
  lessons: string[];
  /** Count the engine API calls per lesson (engine-calls.ts) instead of running levels. */
  calls: boolean;
  /** Checkouts whose calls are counted, this one when empty. */
  roots: string[];
  capacity: CapacitySource;
}

/** A person reading a step, then clicking Run or typing the line: the pace the targets are meant for. */
export const DEFAULT_PAUSE_MS = { min: 3000, max: 12000 } as const;

const USAGE = `usage: npm run bench:load -- [options]

  --participants 25,50,100   participant counts, one level each (default 25,50,100)
  --pause-ms 3000-12000      think time before each command, uniform in the range (default 3000-12000)
  --join-s 5                 participants join spread over this many seconds (default 5)
  --lessons 01-x,02-y        replay only these lessons (default: all)
  --env KEY=VALUE            extra server environment, repeatable (e.g. --env LAB_MAX_VOLUMES=20)
  --capacity-levels 1,2,4,8,16
                             before the levels, the engine's capacity is measured at these
                             concurrencies with npm run bench:engine's code (default 1,2,4,8,16)
  --capacity-s 15            ...each measured this many seconds after a 3 s warm-up (default 15)
  --capacity FILE            take the capacity from a result of npm run bench:engine instead
  --no-capacity              neither: the levels then give no fraction of the capacity
  --calls                    count the engine API calls per lesson instead (one participant,
                             think time 500 ms unless --pause-ms says otherwise)
  --root DIR                 with --calls: a checkout to count, repeatable (default: this one),
                             e.g. --root ../base --root .
  --help                     this text`;

function positiveInts(text: string, what: string): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`${what} must be a comma-separated list of positive integers, got ${text}`);
  }
  return values;
}

function range(text: string): { min: number; max: number } {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`--pause-ms must look like 500-2000 or 1000, got ${text}`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (max < min) throw new Error(`--pause-ms: ${max} is less than ${min}`);
  return { min, max };
}

export function parseOptions(argv: string[]): LoadOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      participants: { type: 'string', default: '25,50,100' },
      // A person reads a step, then clicks Run or types the line: several seconds, not a fraction of one.
      // `--pause-ms 500-2000` is the stress variant, faster than any room.
      'pause-ms': { type: 'string' },
      'join-s': { type: 'string', default: '5' },
      lessons: { type: 'string', default: '' },
      env: { type: 'string', multiple: true, default: [] },
      'capacity-levels': { type: 'string', default: '1,2,4,8,16' },
      'capacity-s': { type: 'string', default: '15' },
      capacity: { type: 'string' },
      'no-capacity': { type: 'boolean', default: false },
      calls: { type: 'boolean', default: false },
      root: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const joinS = Number(values['join-s']);
  if (!Number.isFinite(joinS) || joinS < 0) throw new Error(`--join-s must be a number of seconds >= 0`);
  const serverEnv: Record<string, string> = {};
  for (const pair of values.env) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--env takes KEY=VALUE, got ${pair}`);
    serverEnv[pair.slice(0, at)] = pair.slice(at + 1);
  }
  if (values.capacity !== undefined && values['no-capacity']) {
    throw new Error('--capacity FILE and --no-capacity contradict each other: give one');
  }
  const capacityS = Number(values['capacity-s']);
  if (!Number.isFinite(capacityS) || capacityS < 1)
    throw new Error('--capacity-s must be a number of seconds >= 1');
  const capacity: CapacitySource = values['no-capacity']
    ? { kind: 'skip' }
    : values.capacity !== undefined
      ? { kind: 'file', file: values.capacity }
      : {
          kind: 'measure',
          levels: [...new Set(positiveInts(values['capacity-levels'], '--capacity-levels'))].sort(
            (a, b) => a - b,
          ),
          durationS: capacityS,
        };
  return {
    participants: positiveInts(values.participants, '--participants'),
    // Counting calls needs no human pace: only that each command's checks come before the next.
    pauseMs: range(
      values['pause-ms'] ?? (values.calls ? '500' : `${DEFAULT_PAUSE_MS.min}-${DEFAULT_PAUSE_MS.max}`),
    ),
    joinMs: joinS * 1000,
    serverEnv,
    lessons: values.lessons
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
    calls: values.calls,
    roots: values.root,
    capacity,
  };
}
