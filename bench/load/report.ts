/** A level's numbers as stored in the JSON, the targets they are held to, and the table printed. */

import { formatCapacity } from '../engine/report.ts';
import type { CleanupResult } from './cleanup.ts';
import { type BesideRoom, type EngineRate, MIN_SATURATED_S } from './engine-rate.ts';
import { DEFAULT_PAUSE_MS } from './options.ts';
import type { ParticipantsPerCore } from './per-core.ts';
import type { BenchError, ErrorKind } from './recorder.ts';
import type { RoomCapacity } from './room-capacity.ts';
import type { ContainerSample, ProcessSample } from './sampler.ts';
import type { Summary } from './stats.ts';

export interface LevelResult {
  participants: number;
  durationS: number;
  commandCount: number;
  /** Send to `done`, per command kind. */
  commands: Record<string, Summary | null>;
  /** Every `volume ...` kind pooled: what the volume target is about. */
  volumeCommands: Summary | null;
  checksAfterDone: Summary | null;
  stepPassed: Summary | null;
  connect: Summary | null;
  reset: Summary | null;
  errors: { count: number; byKind: Partial<Record<ErrorKind, number>>; first: BenchError[] };
  server: {
    peakRssMb: number | null;
    meanCpuPct: number | null;
    peakCpuPct: number | null;
    /** The whole machine (engine, containers and the bench included); 100 is every core busy. */
    meanMachinePct: number | null;
    peakMachinePct: number | null;
    /** The server built the site itself, so its peak memory includes the site builder's. */
    builtSite: boolean;
    /** Every 500 ms: seconds since the level began, and the sample's values then. */
    timeline: Partial<{ [K in keyof ProcessSample]: number[] }>;
  };
  containers: {
    peak: number;
    peakRunning: number;
    /** Running, on average, while the engine queue was saturated; null when it never was. */
    meanRunningWhileSaturated: number | null;
    peakCheckers: number;
    /** Every second: seconds since the level began, and the counts then. */
    timeline: Partial<{ [K in keyof ContainerSample]: number[] }>;
  };
  /** The bench process's own CPU over the level (100 is one core): it shares the machine. */
  benchCpuPct: number;
  /** The machine's 1-minute load average when the level began, before any participant joined. */
  loadBefore: number;
  /** The end of what the server printed, for when something went wrong. */
  serverLogTail: string;
  cleanup: CleanupResult;
  /** The lab's container-start rate, whole level and while the engine queue was saturated (engine-rate.ts). */
  engineRate: EngineRate;
  /** The same rate against the capacity measured beside the room's running containers, when it was. */
  besideRoom: BesideRoom | null;
  /** The readings of the queue behind it: how many, how many failed, and `waiting` each second. */
  queue: { samples: number; missed: number; lastMiss: string; timeline: { t: number[]; waiting: number[] } };
  targets: LevelTargets;
}

/** What a level measured, before it is held to its targets. */
export type LevelMeasures = Omit<LevelResult, 'targets'>;

export interface TargetResult {
  name: string;
  value: number | null;
  unit: string;
  limit: number;
  comparison: '=' | '≤' | '≥';
  /** Null when it could not be judged (`note` says why); that does not count against the level. */
  pass: boolean | null;
  note?: string;
}

/** The room sizes issue 14 sets targets for ("Targets", on a 2-core machine at the default pace). */
export type TargetRoom = 50 | 100;

export interface LevelTargets {
  /** Whose targets the level is held to. */
  room: TargetRoom;
  /** The level is that room itself, not a smaller or larger one held to its targets. */
  exact: boolean;
  results: TargetResult[];
  /** No target failed. */
  met: boolean;
}

export const TARGETS = {
  volumeP95Ms: 150,
  runRmP95Ms: 3000,
  checksP95Ms: 300,
  connectP95Ms: 500,
  /** The lab's container-start rate while the engine is saturated, over the engine's capacity. */
  labFraction: 0.9,
} as const;

/**
 * A room up to 50 is held to the 50-participant targets (a smaller room must do at least as well);
 * a larger one to the 100-participant targets, which let `run --rm` grow with the engine's queue.
 */
export function targetRoom(participants: number): TargetRoom {
  return participants <= 50 ? 50 : 100;
}

function atMost(name: string, value: number | null | undefined, limit: number, unit: string): TargetResult {
  if (value === null || value === undefined) {
    return { name, value: null, unit, limit, comparison: '≤', pass: null, note: 'no samples' };
  }
  return { name, value, unit, limit, comparison: '≤', pass: value <= limit };
}

function none(name: string, value: number): TargetResult {
  return { name, value, unit: '', limit: 0, comparison: '=', pass: value === 0 };
}

function labFraction(rate: EngineRate): TargetResult {
  const target = {
    name: 'lab / engine capacity',
    unit: '',
    limit: TARGETS.labFraction,
    comparison: '≥' as const,
  };
  if (rate.verdict === 'measured' && rate.fraction !== null) {
    return { ...target, value: rate.fraction, pass: rate.fraction >= TARGETS.labFraction };
  }
  return { ...target, value: null, pass: null, note: rate.verdict };
}

export function evaluateTargets(level: LevelMeasures): LevelTargets {
  const room = targetRoom(level.participants);
  const errors = none('errors', level.errors.count);
  const volume = atMost('volume commands p95', level.volumeCommands?.p95, TARGETS.volumeP95Ms, 'ms');
  const checks = atMost('checks after done p95', level.checksAfterDone?.p95, TARGETS.checksP95Ms, 'ms');
  const results =
    room === 50
      ? [
          errors,
          atMost('run --rm p95', level.commands['run --rm']?.p95, TARGETS.runRmP95Ms, 'ms'),
          volume,
          checks,
          atMost('connect to prompt p95', level.connect?.p95, TARGETS.connectP95Ms, 'ms'),
        ]
      : [
          errors,
          none('timeouts', level.errors.byKind.timeout ?? 0),
          volume,
          checks,
          labFraction(level.engineRate),
        ];
  return { room, exact: level.participants === room, results, met: results.every((t) => t.pass !== false) };
}

const num = (n: number | null | undefined, width = 8) =>
  (n === null || n === undefined ? '-' : String(n)).padStart(width);

function row(name: string, summary: Summary | null): string {
  if (!summary) return `  ${name.padEnd(22)}${num(0, 7)}${num(null)}${num(null)}${num(null)}${num(null)}`;
  return `  ${name.padEnd(22)}${num(summary.count, 7)}${num(summary.p50)}${num(summary.p95)}${num(summary.p99)}${num(summary.max)}`;
}

export function formatLevel(level: LevelResult): string {
  const lines = [
    `\n${level.participants} participants: ${level.commandCount} commands in ${level.durationS} s, ${level.errors.count} errors`,
    `  ${'latency (ms)'.padEnd(22)}${'count'.padStart(7)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'max'.padStart(8)}`,
  ];
  for (const [kind, summary] of Object.entries(level.commands)) lines.push(row(kind, summary));
  lines.push(
    row('(all volume commands)', level.volumeCommands),
    row('checks after done', level.checksAfterDone),
    row('step passed after done', level.stepPassed),
    row('connect to prompt', level.connect),
    row('lesson reset', level.reset),
  );
  const s = level.server;
  lines.push(
    `  server: peak RSS ${s.peakRssMb ?? '-'} MB, CPU mean ${s.meanCpuPct ?? '-'} % / peak ${s.peakCpuPct ?? '-'} % (100 % = one core)${
      s.builtSite ? '  [the server built the site: RSS includes the builder]' : ''
    }`,
    `  machine CPU mean ${s.meanMachinePct ?? '-'} % / peak ${s.peakMachinePct ?? '-'} % of all cores (load average ${level.loadBefore} before the level); bench process ${level.benchCpuPct} % of one core`,
    `  engine: peak ${level.containers.peak} containers of the bench's sessions (${level.containers.peakRunning} running), ${level.containers.peakCheckers} check helpers at most`,
    `  cleanup: removed ${level.cleanup.containers} containers and ${level.cleanup.volumes} volumes${
      level.cleanup.left.length > 0 ? `; LEFT ${level.cleanup.left.join(', ')}` : ''
    }`,
    ...(level.cleanup.unlabelled.length > 0
      ? [
          `  WARNING: ${level.cleanup.unlabelled.length} volumes had a session's name but not its label (made bare by the engine, invisible to the session): ${level.cleanup.unlabelled.join(', ')}`,
        ]
      : []),
  );
  lines.push(formatEngineRate(level.engineRate));
  if (level.queue.missed > 0) {
    lines.push(`  (${level.queue.missed} readings of /metrics failed, the last: ${level.queue.lastMiss})`);
  }
  if (level.errors.count > 0) {
    lines.push(`  errors by kind: ${JSON.stringify(level.errors.byKind)}; first ones:`);
    for (const e of level.errors.first.slice(0, 10)) {
      lines.push(
        `    [${e.kind}] participant ${e.participant} ${e.lesson}${e.step ? `/${e.step}` : ''}${
          e.command ? ` \`${e.command}\`` : ''
        }: ${e.detail.replace(/\s+/g, ' ').slice(0, 240)}`,
      );
    }
  }
  lines.push(formatTargets(level.targets, level.participants));
  return lines.join('\n');
}

const VERDICTS: Record<Exclude<EngineRate['verdict'], 'measured'>, string> = {
  'demand below capacity': 'demand below capacity',
  'no capacity': 'no capacity to compare with',
  'queue not sampled': 'the queue could not be read',
};

export function formatBesideRoom(beside: BesideRoom, rate: EngineRate): string {
  const capacity = beside.capacityPerSecond === null ? 'not found' : `${beside.capacityPerSecond}/s`;
  return `  lab vs engine beside the room: with ${beside.background} containers running (the room's mean while saturated) the engine's capacity is ${capacity}; the lab's ${rate.saturatedPerSecond}/s = ${beside.fraction ?? '-'} of it`;
}

export function formatEngineRate(rate: EngineRate): string {
  const whole = `  lab vs engine: ${rate.starts} container starts, ${rate.startsPerSecond}/s over the level; queue saturated ${rate.saturatedSeconds} s`;
  const then = rate.saturatedPerSecond === null ? '' : `, ${rate.saturatedPerSecond}/s then`;
  if (rate.verdict === 'measured') {
    return `${whole}${then} = ${rate.fraction} of the engine's capacity (${rate.capacityPerSecond}/s)`;
  }
  const short =
    rate.verdict === 'demand below capacity' && rate.saturatedSeconds > 0
      ? ` (saturated less than ${MIN_SATURATED_S} s)`
      : '';
  return `${whole}${then}: ${VERDICTS[rate.verdict]}${short}`;
}

export function formatTargets(targets: LevelTargets, participants: number): string {
  const heading = targets.exact
    ? `  targets at ${participants} participants (issue 14):`
    : `  targets (${participants} participants held to those of ${targets.room}):`;
  const lines = targets.results.map((t) => {
    const verdict = t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'FAIL';
    const value = t.value === null ? (t.note ?? '-') : String(t.value);
    return `    ${verdict}  ${t.name.padEnd(24)}${value.padStart(8)} ${t.unit.padEnd(3)}(${t.comparison} ${t.limit}${t.unit ? ` ${t.unit}` : ''})`;
  });
  return [heading, ...lines].join('\n');
}

export function formatRoomCapacity(room: RoomCapacity | null): string {
  if (room === null) {
    return "bench: the engine's capacity is not known (--no-capacity): the levels give the lab's start rate, no fraction of it";
  }
  const beside = room.background > 0 ? `, ${room.background} containers running beside it` : '';
  const where =
    room.source === 'file'
      ? `from ${room.file} (Engine ${room.engine.version}, ${room.engine.runtime}, ${room.workload} workload${beside})`
      : `measured in ${room.seconds} s (Engine ${room.engine.version}, ${room.engine.runtime}, ${room.workload} workload${beside})`;
  return [
    `bench: the engine's capacity ${where}:`,
    `  ${formatCapacity(room.capacity, room.cores)}`,
    ...room.warnings.map((w) => `bench: WARNING: ${w}`),
  ].join('\n');
}

export function formatPerCore(perCore: ParticipantsPerCore, pauseMs: { min: number; max: number }): string {
  const { fromLevels, predicted } = perCore;
  const measured = fromLevels
    ? `${fromLevels.perCore} (${fromLevels.participants} participants, the largest level that met every target it is held to)`
    : 'none: no level met every target it is held to';
  const pace =
    pauseMs.min === DEFAULT_PAUSE_MS.min && pauseMs.max === DEFAULT_PAUSE_MS.max
      ? 'the default pace'
      : `--pause-ms ${pauseMs.min}-${pauseMs.max}, not the default pace`;
  const levels = predicted?.fromLevels ?? [];
  const prediction = predicted
    ? `${predicted.perCore}${predicted.demandMet ? '' : ' at most'} = ${predicted.capacityPerCore} starts/s per core / ${predicted.demandPerParticipant} starts/s one participant asks for (at ${pace}, from the level${levels.length === 1 ? '' : 's'} of ${levels.join(', ')} participants${
        predicted.demandMet ? '' : ', every one held back by the engine: their demand is a lower bound'
      })`
    : "none: the engine's capacity or the room's demand is not known";
  return [
    `participants per core (${perCore.cores} cores):`,
    `  from the levels: ${measured}`,
    `  predicted from the capacity: ${prediction}`,
  ].join('\n');
}
