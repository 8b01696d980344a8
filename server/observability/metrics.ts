/**
 * The lab's Prometheus metrics, on a registry of their own (not prom-client's global one), so a
 * test or a second server in one process starts from zero. Every label value passes through a
 * guard: a series per distinct value is cheap only while the values are few and known.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { COMMAND_NAMES, OTHER } from './command-name.ts';
import type { LabObserver } from './lab-observer.ts';
import { ruleLabel } from './refusal-rule.ts';

export interface LabMetricsOptions {
  /** Sessions by state (e.g. `{connected, idle}`), read at every scrape. */
  sessions?: () => Readonly<Record<string, number>>;
  /** Open WebSockets, read at every scrape. */
  sockets?: () => number;
  /** The course's lesson ids: other values count as `other`, and each starts at 0. */
  lessons?: Iterable<string>;
  /** prom-client's process and Node.js metrics (`process_*`, `nodejs_*`); on unless false. */
  defaultMetrics?: boolean;
}

export interface LabMetrics {
  readonly registry: Registry;
  /** `command` is a name from `COMMAND_NAMES`; anything else counts as `other`. */
  commandFinished(command: string, exitCode: number, ms: number): void;
  policyRefused(rule: string): void;
  checkPassed(lesson: string): void;
  engineError(engine: string, operation: string): void;
  /** Container tasks waiting for their turn on an engine, now. */
  engineQueue(engine: string, waiting: number): void;
  /** A container task's turn came on an engine after waiting `ms`. */
  engineTurn(engine: string, ms: number): void;
  sessionReaped(reason: string): void;
  admissionRefused(reason: string): void;
}

/** From 1 ms (a listing) to 10 s (a slow engine); an interactive `run -it` lands in +Inf. */
export const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** From no wait at all (a free slot) to a minute behind a room's worth of container starts. */
export const QUEUE_WAIT_BUCKETS = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

type ReapReason = Parameters<LabObserver['sessionEnded']>[0]['reason'];
type AdmissionReason = Parameters<LabObserver['admissionRefused']>[0]['reason'];

/** Records over the observer's reason types, so tsc fails here when a reason is added there and not here. */
const REAP_REASONS: Readonly<Record<ReapReason, true>> = {
  idle: true,
  lifetime: true,
  workshop: true,
  unknown: true,
};
const ADMISSION_REASONS: Readonly<Record<AdmissionReason, true>> = {
  full: true,
  rate: true,
  engine: true,
  address: true,
};

const SAFE_LABEL = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,47}$/;

/**
 * Passes at most `max` distinct, plainly spelled values and maps the rest to `other`: for labels
 * whose values the callers choose (reasons, engines, operations), so a caller's bug that puts an
 * id or a message there costs one series, not one per event.
 */
export function boundedLabel(max: number): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (!SAFE_LABEL.test(value)) return OTHER;
    if (seen.has(value)) return value;
    if (seen.size >= max) return OTHER;
    seen.add(value);
    return value;
  };
}

function oneOf(known: ReadonlySet<string>): (value: string) => string {
  return (value) => (known.has(value) ? value : OTHER);
}

export function createLabMetrics(options: LabMetricsOptions = {}): LabMetrics {
  const registry = new Registry();
  const registers = [registry];
  const prefix = 'volume_lab_';
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

  const sessionState = boundedLabel(8);
  new Gauge({
    name: `${prefix}sessions`,
    help: 'Sessions the server holds, by state.',
    labelNames: ['state'],
    registers,
    collect() {
      if (!options.sessions) return;
      this.reset();
      // A failing callback leaves the gauge empty for this scrape rather than failing the scrape.
      let counts: Readonly<Record<string, number>>;
      try {
        counts = options.sessions();
      } catch {
        return;
      }
      for (const [state, count] of Object.entries(counts)) this.set({ state: sessionState(state) }, count);
    },
  });
  new Gauge({
    name: `${prefix}open_sockets`,
    help: 'WebSockets open to the lab.',
    registers,
    collect() {
      if (!options.sockets) return;
      try {
        this.set(options.sockets());
      } catch {
        this.reset();
      }
    },
  });

  const commands = new Counter({
    name: `${prefix}commands_total`,
    help: 'Command lines finished, by command name and result (ok: exit code 0).',
    labelNames: ['command', 'result'],
    registers,
  });
  const duration = new Histogram({
    name: `${prefix}command_duration_seconds`,
    help: 'Time from a command line being entered to its prompt coming back.',
    labelNames: ['command'],
    buckets: DURATION_BUCKETS,
    registers,
  });
  const refusals = new Counter({
    name: `${prefix}policy_refusals_total`,
    help: 'Requests the sandbox refused, by rule (a refused flag or a named rule).',
    labelNames: ['rule'],
    registers,
  });
  const passes = new Counter({
    name: `${prefix}check_passes_total`,
    help: "Lesson steps passed for the first time in a session's progress, by lesson.",
    labelNames: ['lesson'],
    registers,
  });
  const engineErrors = new Counter({
    name: `${prefix}engine_errors_total`,
    help: "Engine calls that failed for a reason other than the learner's input.",
    labelNames: ['engine', 'operation'],
    registers,
  });
  const queueDepth = new Gauge({
    name: `${prefix}engine_queue_waiting`,
    help: 'Container creates, starts and removes waiting for their turn, by engine.',
    labelNames: ['engine'],
    registers,
  });
  const queueWait = new Histogram({
    name: `${prefix}engine_queue_wait_seconds`,
    help: 'Time a container create, start or remove waited for its turn, by engine.',
    labelNames: ['engine'],
    buckets: QUEUE_WAIT_BUCKETS,
    registers,
  });
  const queueTasks = new Counter({
    name: `${prefix}engine_queue_tasks_total`,
    help: 'Container creates, starts and removes that got their turn, by engine.',
    labelNames: ['engine'],
    registers,
  });
  const reaped = new Counter({
    name: `${prefix}sessions_reaped_total`,
    help: 'Sessions the server ended and cleaned up, by reason.',
    labelNames: ['reason'],
    registers,
  });
  const admissions = new Counter({
    name: `${prefix}admissions_refused_total`,
    help: 'Connections or sessions turned away by admission control, by reason.',
    labelNames: ['reason'],
    registers,
  });

  const command = oneOf(COMMAND_NAMES);
  const lessons = options.lessons ? new Set(options.lessons) : undefined;
  const lesson = lessons ? oneOf(lessons) : boundedLabel(64);
  // Zero series exist from the start, so a first pass shows as an increase, not a new series.
  for (const id of lessons ?? []) passes.inc({ lesson: id }, 0);
  const engine = boundedLabel(8);
  const operation = boundedLabel(64);
  const reapReason = oneOf(new Set(Object.keys(REAP_REASONS)));
  const admissionReason = oneOf(new Set(Object.keys(ADMISSION_REASONS)));
  for (const reason of Object.keys(REAP_REASONS)) reaped.inc({ reason }, 0);
  for (const reason of Object.keys(ADMISSION_REASONS)) admissions.inc({ reason }, 0);

  return {
    registry,
    commandFinished(name, exitCode, ms) {
      const label = command(name);
      commands.inc({ command: label, result: exitCode === 0 ? 'ok' : 'error' });
      if (Number.isFinite(ms) && ms >= 0) duration.observe({ command: label }, ms / 1000);
    },
    policyRefused(rule) {
      refusals.inc({ rule: ruleLabel(rule) });
    },
    checkPassed(id) {
      passes.inc({ lesson: lesson(id) });
    },
    engineError(name, op) {
      engineErrors.inc({ engine: engine(name), operation: operation(op) });
    },
    engineQueue(name, waiting) {
      queueDepth.set({ engine: engine(name) }, waiting);
    },
    engineTurn(name, ms) {
      const label = { engine: engine(name) };
      queueTasks.inc(label);
      if (Number.isFinite(ms) && ms >= 0) queueWait.observe(label, ms / 1000);
    },
    sessionReaped(reason) {
      reaped.inc({ reason: reapReason(reason) });
    },
    admissionRefused(reason) {
      admissions.inc({ reason: admissionReason(reason) });
    },
  };
}
