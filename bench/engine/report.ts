/** The engine benchmark's table, one line per level, and its capacity line. Pure formatting. */
import type { Capacity } from './capacity.ts';
import type { LevelResult } from './level.ts';

const HEADER = [
  'workers',
  'load1',
  'busy before',
  'starts/s',
  'execs/run',
  'errors',
  'total p50',
  'p95',
  'p99',
  'create p95',
  'start p95',
  'wait p95',
  'remove p95',
  'engine CPU',
  'ms/run',
  'machine CPU',
];

const ms = (value: number | undefined | null) =>
  value === undefined || value === null ? '-' : `${Math.round(value)}`;

function levelRow(level: LevelResult): string[] {
  const { latencyMs: l } = level;
  return [
    `${level.workers}`,
    level.loadBefore[0].toFixed(2),
    `${level.busyBeforePercent}%`,
    level.startsPerSecond.toFixed(2),
    level.execsPerRun.toFixed(2),
    `${level.errors.count}`,
    ms(l.total?.p50),
    ms(l.total?.p95),
    ms(l.total?.p99),
    ms(l.create?.p95),
    ms(l.start?.p95),
    ms(l.wait?.p95),
    ms(l.remove?.p95),
    level.engineCpuPercent === null ? '-' : `${level.engineCpuPercent}%`,
    ms(level.engineCpuMsPerRun),
    `${level.machineCpuPercent}%`,
  ];
}

/** Columns wide enough for their header or a plausible value, so rows can print as levels finish. */
const WIDTHS = HEADER.map((title) => Math.max(title.length, 6));

const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padStart(WIDTHS[i] ?? 0)).join('  ');

export const formatHeader = () => line(HEADER);
export const formatRow = (level: LevelResult) => line(levelRow(level));

export function formatCapacity(capacity: Capacity | null, cores: number): string {
  if (capacity === null) return 'capacity: no level ran';
  const where = capacity.reached
    ? `the knee; the best level reached ${capacity.plateauPerSecond.toFixed(2)}/s`
    : 'no level beyond it: a lower bound, run higher --levels';
  return `capacity: ${capacity.startsPerSecond.toFixed(2)} container starts/s at ${capacity.workers} workers, run p95 ${ms(capacity.p95Ms)} ms (${where}); ${(capacity.startsPerSecond / cores).toFixed(2)} starts/s per core on ${cores} cores`;
}
