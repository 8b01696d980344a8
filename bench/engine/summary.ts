/**
 * `npm run bench:engine -- --summary`: one line per result file in bench/results/engine-*.json, to
 * compare engine versions and runtimes side by side (scripts/engine-matrix.sh prints it at the end).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findCapacity } from './capacity.ts';
import { engineResultSchema } from './result-file.ts';

const HEADER = [
  'file',
  'engine',
  'runtime',
  'workload',
  'beside',
  'load1',
  'busy before',
  'serial p50',
  'p95',
  'capacity/s',
  'at',
  'engine CPU',
  'engine ms/run',
  'machine ms/run',
  'errors',
];

export async function summarize(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((name) => /^engine-.*\.json$/.test(name)).sort();
  const rows = [HEADER];
  for (const file of files) {
    const parsed = engineResultSchema.safeParse(JSON.parse(await readFile(join(dir, file), 'utf8')));
    if (!parsed.success) {
      rows.push([file, 'not an engine result']);
      continue;
    }
    const { engine, options, background, serial, levels } = parsed.data;
    // Recomputed, so files written by earlier versions of the bench compare on the same definition.
    const capacity = findCapacity(levels, options.kneeGain);
    const at = levels.find((level) => level.workers === capacity?.workers);
    const loads = levels.map((level) => level.loadBefore[0] ?? 0);
    const busy = levels.map((level) => level.busyBeforePercent ?? Number.NaN);
    rows.push([
      file,
      engine.version.replace(/\+.*$/, ''),
      engine.runtime,
      options.workload,
      `${background.running}`,
      `${Math.min(...loads).toFixed(2)}-${Math.max(...loads).toFixed(2)}`,
      `${Math.min(...busy)}-${Math.max(...busy)}%`,
      serial ? `${Math.round(serial.p50)}` : '-',
      serial ? `${Math.round(serial.p95)}` : '-',
      capacity ? `${capacity.reached ? '' : '>='}${capacity.startsPerSecond.toFixed(2)}` : '-',
      capacity ? `${capacity.workers}` : '-',
      at?.engineCpuPercent === null || at === undefined ? '-' : `${at.engineCpuPercent}%`,
      at?.engineCpuMsPerRun === null || at === undefined ? '-' : `${at.engineCpuMsPerRun}`,
      at?.machineCpuMsPerRun === null || at === undefined ? '-' : `${at.machineCpuMsPerRun}`,
      `${levels.reduce((sum, level) => sum + level.errors.count, 0)}`,
    ]);
  }
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd : cell.padStart).call(cell, widths[column] ?? 0))
        .join('  '),
    )
    .join('\n');
}
