/** The load benchmark's command line: how many participants, how human they are, what to pass the server. */
import { parseArgs } from 'node:util';

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
}

const USAGE = `usage: npm run bench:load -- [options]

  --participants 25,50,100   participant counts, one level each (default 25,50,100)
  --pause-ms 3000-12000      think time before each command, uniform in the range (default 3000-12000)
  --join-s 5                 participants join spread over this many seconds (default 5)
  --lessons 01-x,02-y        replay only these lessons (default: all)
  --env KEY=VALUE            extra server environment, repeatable (e.g. --env LAB_MAX_VOLUMES=20)
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
  return {
    participants: positiveInts(values.participants, '--participants'),
    // Counting calls needs no human pace: only that each command's checks come before the next.
    pauseMs: range(values['pause-ms'] ?? (values.calls ? '500' : '3000-12000')),
    joinMs: joinS * 1000,
    serverEnv,
    lessons: values.lessons
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
    calls: values.calls,
    roots: values.root,
  };
}
