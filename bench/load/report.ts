/** A level's numbers as stored in the JSON, the targets they are held to, and the table printed. */
import type { CleanupResult } from './cleanup.ts';
import type { BenchError, ErrorKind } from './recorder.ts';
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
}

export interface TargetResult {
  name: string;
  value: number | null;
  unit: string;
  limit: number;
  /** `=` for errors, `<` for the rest. */
  comparison: '=' | '<';
  pass: boolean;
}

export const TARGET_PARTICIPANTS = 100;

export const TARGETS = {
  volumeP95Ms: 150,
  runRmP95Ms: 3000,
  checksP95Ms: 300,
  rssMb: 300,
} as const;

export function evaluateTargets(level: LevelResult): TargetResult[] {
  const below = (
    name: string,
    value: number | null | undefined,
    limit: number,
    unit: string,
  ): TargetResult => ({
    name,
    value: value ?? null,
    unit,
    limit,
    comparison: '<',
    pass: value !== null && value !== undefined && value < limit,
  });
  return [
    {
      name: 'errors',
      value: level.errors.count,
      unit: '',
      limit: 0,
      comparison: '=',
      pass: level.errors.count === 0,
    },
    below('volume commands p95', level.volumeCommands?.p95, TARGETS.volumeP95Ms, 'ms'),
    below('run --rm p95', level.commands['run --rm']?.p95, TARGETS.runRmP95Ms, 'ms'),
    below('checks after done p95', level.checksAfterDone?.p95, TARGETS.checksP95Ms, 'ms'),
    below('server peak RSS', level.server.peakRssMb, TARGETS.rssMb, 'MB'),
  ];
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
  return lines.join('\n');
}

export function formatTargets(participants: number, targets: TargetResult[]): string {
  const heading =
    participants === TARGET_PARTICIPANTS
      ? `\ntargets at ${participants} participants:`
      : `\ntargets (meant for ${TARGET_PARTICIPANTS} participants; shown for ${participants}, the largest level run):`;
  const lines = targets.map(
    (t) =>
      `  ${t.pass ? 'PASS' : 'FAIL'}  ${t.name.padEnd(24)}${String(t.value ?? '-').padStart(8)} ${t.unit.padEnd(3)}(${t.comparison} ${t.limit}${t.unit ? ` ${t.unit}` : ''})`,
  );
  return [heading, ...lines].join('\n');
}
