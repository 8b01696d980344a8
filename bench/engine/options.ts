/** The engine benchmark's command line: which engine, which concurrency levels, how long, what to run. */
import { parseArgs } from 'node:util';

/**
 * What the workers run. `lessons`: the course's own `docker run` lines with the `docker exec` lines the
 * lessons run in them (bench/engine/lesson-runs.ts), so the capacity is that of the containers a room
 * starts and works in. `lesson-runs`: the same runs without the execs, as the capacity was measured
 * before (December 2026). `script`: one container, `--image` running `--script` with a named volume,
 * to compare engines and runtimes on the simplest run.
 */
export const WORKLOADS = ['lessons', 'lesson-runs', 'script'] as const;
export type WorkloadKind = (typeof WORKLOADS)[number];

export interface EngineBenchOptions {
  /** The engine's address as DOCKER_HOST spells it; undefined for DOCKER_HOST or the local socket. */
  host: string | undefined;
  /** Concurrent workers, one level each, in rising order. */
  levels: number[];
  /** Seconds each level is measured, after its warm-up. */
  durationS: number;
  /** Seconds each level runs before it is measured, so every worker is in its loop. */
  warmupS: number;
  workload: WorkloadKind;
  /** The script workload's image. */
  image: string;
  /** The script workload's `sh -c` script, against its named volume at /data. */
  script: string;
  /**
   * The knee is the fewest workers reaching (1 - kneeGain) of the best level's rate
   * (bench/engine/capacity.ts, docs/operations.md "Capacity planning").
   */
  kneeGain: number;
  /** Appended to the result file's name, to keep repeated runs apart. */
  tag: string;
  /** Before each level, wait until the machine is busy less than this (percent of all cores; 0: don't). */
  quietPercent: number;
  /** ...but no longer than this, in seconds; then the level runs anyway and its figures say how busy. */
  quietWaitS: number;
  /** The lessons' detached containers kept running beside the workers, as a room keeps them (background.ts). */
  background: number;
}

const SCRIPT = 'echo hello > /data/hello && cat /data/hello';

const USAGE = `usage: npm run bench:engine -- [options]

  --host unix:///run/x.sock  the engine (default: DOCKER_HOST, else the local socket); tcp://…?tls=DIR too
  --levels 1,2,4,8,16,32     concurrent workers, one level each (default 1,2,4,8,16,32)
  --duration-s 20            seconds each level is measured (default 20)
  --warmup-s 3               seconds each level runs before it is measured (default 3)
  --workload lessons         what the workers run: lessons, every docker run line of the lessons'
                             solutions in course order with the docker exec lines run in them
                             (default); lesson-runs, the same runs without the execs; or script,
                             the one container below
  --image busybox            the script workload's image: a catalogue name or a registry image (default
                             busybox; provided as the lab provides its images, built offline when no
                             registry answers)
  --script '…'               what its container runs with sh -c (default: writes and reads /data/hello)
  --knee-gain 0.1            the knee is the fewest workers within this share of the best rate (default 0.1)
  --quiet-percent 15         before each level, wait until the machine is less busy than this (0: don't)
  --quiet-wait-s 300         ...for at most this long, then run it anyway (default 300)
  --background 0             keep this many of the lessons' detached containers (nginx, redis,
                             sleep…) running beside the workers, as a room's are (default 0)
  --tag NAME                 appended to the result file's name (engine-26.1-crun-NAME.json)
  --summary                  compare every bench/results/engine-*.json, one line each, and exit
  --help                     this text`;

function positiveInts(text: string, what: string): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`${what} must be a comma-separated list of positive integers, got ${text}`);
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

function seconds(text: string, what: string, min: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min)
    throw new Error(`${what} must be a number >= ${min}, got ${text}`);
  return value;
}

export function parseOptions(argv: string[]): EngineBenchOptions | 'help' | 'summary' {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      levels: { type: 'string', default: '1,2,4,8,16,32' },
      'duration-s': { type: 'string', default: '20' },
      'warmup-s': { type: 'string', default: '3' },
      workload: { type: 'string', default: 'lessons' },
      image: { type: 'string' },
      script: { type: 'string' },
      'knee-gain': { type: 'string', default: '0.1' },
      'quiet-percent': { type: 'string', default: '15' },
      'quiet-wait-s': { type: 'string', default: '300' },
      background: { type: 'string', default: '0' },
      tag: { type: 'string', default: '' },
      summary: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (values.summary) return 'summary';
  const workload = WORKLOADS.find((kind) => kind === values.workload);
  if (workload === undefined)
    throw new Error(`--workload is one of ${WORKLOADS.join(', ')}, got ${values.workload}`);
  if (workload !== 'script' && (values.image !== undefined || values.script !== undefined)) {
    throw new Error(
      "--image and --script choose the script workload's container: give --workload script too",
    );
  }
  const background = Number(values.background);
  if (!Number.isInteger(background) || background < 0) {
    throw new Error(`--background takes a number of containers (0 or more), got ${values.background}`);
  }
  if (!/^[a-z0-9-]*$/.test(values.tag)) throw new Error('--tag takes lowercase letters, digits and dashes');
  return {
    host: values.host,
    levels: positiveInts(values.levels, '--levels'),
    durationS: seconds(values['duration-s'], '--duration-s', 1),
    warmupS: seconds(values['warmup-s'], '--warmup-s', 0),
    workload,
    image: values.image ?? 'busybox',
    script: values.script ?? SCRIPT,
    kneeGain: seconds(values['knee-gain'], '--knee-gain', 0),
    tag: values.tag,
    quietPercent: seconds(values['quiet-percent'], '--quiet-percent', 0),
    quietWaitS: seconds(values['quiet-wait-s'], '--quiet-wait-s', 0),
    background,
  };
}

export { USAGE };

/** The engine bench's defaults, so a capacity measured by another bench is measured on the same terms. */
export function defaultOptions(): EngineBenchOptions {
  const options = parseOptions([]);
  if (typeof options === 'string') throw new Error('the engine bench has no defaults');
  return options;
}
