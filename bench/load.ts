/**
 * `npm run bench:load`: a workshop room on this machine. Simulated participants join over a few
 * seconds and replay every lesson over real WebSockets, with human pauses, against a lab server
 * running as its own process on the real engine, at each participant count in turn. Not a test: it
 * prints a table and PASS/FAIL per target, writes bench/results/load-*.json and load-latest.svg, and
 * exits non-zero only when a command, check or socket went wrong.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { loadLessons } from '../server/lessons/lesson-store.ts';
import { latencyChart } from './load/chart-svg.ts';
import { countEngineCalls, formatCalls } from './load/engine-calls.ts';
import { runLevel } from './load/level.ts';
import { type LoadOptions, parseOptions } from './load/options.ts';
import {
  evaluateTargets,
  formatLevel,
  formatTargets,
  type LevelResult,
  TARGET_PARTICIPANTS,
  TARGETS,
} from './load/report.ts';

const ROOT = join(import.meta.dirname, '..');
const RESULTS = join(ROOT, 'bench', 'results');

/** Writes JSON the way the repository's formatter wants it (it checks JSON too). */
async function writeJson(files: string[], value: unknown): Promise<void> {
  await mkdir(RESULTS, { recursive: true });
  const json = `${JSON.stringify(value, null, 2)}\n`;
  for (const file of files) await writeFile(file, json);
  const biome = spawnSync(join(ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', ...files], {
    encoding: 'utf8',
  });
  if (biome.status !== 0) console.warn(`bench: could not format the results with biome:\n${biome.stderr}`);
}

async function writeResults(options: LoadOptions, levels: LevelResult[], docker: Docker): Promise<string[]> {
  const largest = levels.find((l) => l.participants === TARGET_PARTICIPANTS) ?? levels.at(-1);
  const engine = await docker.version().catch(() => undefined);
  const result = {
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      memoryMb: Math.round(totalmem() / 1024 / 1024),
      node: process.version,
      engine: engine?.Version ?? null,
    },
    options,
    targets: largest ? { participants: largest.participants, results: evaluateTargets(largest) } : null,
    levels,
  };
  const sorted = [...levels].sort((a, b) => a.participants - b.participants);
  const svg = latencyChart(
    `Volume Lab under load: p95 latency (${new Date().toISOString().slice(0, 10)})`,
    sorted.map((l) => l.participants),
    [
      {
        label: 'volume commands',
        color: '#1f77b4',
        values: sorted.map((l) => l.volumeCommands?.p95 ?? null),
        targetMs: TARGETS.volumeP95Ms,
      },
      {
        label: 'run --rm',
        color: '#d62728',
        values: sorted.map((l) => l.commands['run --rm']?.p95 ?? null),
        targetMs: TARGETS.runRmP95Ms,
      },
      {
        label: 'checks after done',
        color: '#2ca02c',
        values: sorted.map((l) => l.checksAfterDone?.p95 ?? null),
        targetMs: TARGETS.checksP95Ms,
      },
    ],
  );
  const files = [
    join(RESULTS, `load-${options.participants.join('-')}.json`),
    join(RESULTS, 'load-latest.json'),
  ];
  await writeJson(files, result);
  await writeFile(join(RESULTS, 'load-latest.svg'), svg);
  return [...files, join(RESULTS, 'load-latest.svg')];
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const all = await loadLessons(join(ROOT, 'src', 'content', 'lessons'));
  const unknown = options.lessons.filter((id) => !all.has(id));
  if (unknown.length > 0) throw new Error(`unknown lessons: ${unknown.join(', ')}`);
  const lessons = [...all].filter(([id]) => options.lessons.length === 0 || options.lessons.includes(id));
  const docker = new Docker();
  await docker.ping();

  const controller = new AbortController();
  const interrupt = () => {
    if (controller.signal.aborted) {
      console.log('\nbench: interrupted twice, leaving without cleaning up');
      process.exit(130);
    }
    console.log('\nbench: interrupted; stopping the participants, the server, and removing their objects...');
    controller.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  if (options.calls) {
    const counted = await countEngineCalls({
      roots: options.roots,
      lessons: options.lessons,
      pauseMs: options.pauseMs,
      serverEnv: options.serverEnv,
      docker,
      signal: controller.signal,
    });
    if (controller.signal.aborted) return 130;
    console.log(`\n${formatCalls(counted)}`);
    const file = join(RESULTS, 'engine-calls-latest.json');
    await writeJson([file], { generatedAt: new Date().toISOString(), checkouts: counted });
    console.log(`\nbench: wrote ${file.slice(ROOT.length + 1)}`);
    return counted.some((checkout) => checkout.lessons.some((lesson) => lesson.errors > 0)) ? 1 : 0;
  }

  const levels: LevelResult[] = [];
  for (const participants of options.participants) {
    if (controller.signal.aborted) break;
    const level = await runLevel({
      participants,
      lessons,
      pauseMs: options.pauseMs,
      joinMs: options.joinMs,
      serverEnv: options.serverEnv,
      docker,
      signal: controller.signal,
    });
    if (controller.signal.aborted) break;
    levels.push(level);
    console.log(formatLevel(level));
  }
  if (controller.signal.aborted) {
    console.log('bench: cleaned up; no results written for an interrupted run');
    return 130;
  }

  const largest = levels.find((l) => l.participants === TARGET_PARTICIPANTS) ?? levels.at(-1);
  if (largest) console.log(formatTargets(largest.participants, evaluateTargets(largest)));
  const files = await writeResults(options, levels, docker);
  console.log(`\nbench: wrote ${files.map((file) => file.slice(ROOT.length + 1)).join(', ')}`);
  return levels.some((level) => level.errors.count > 0) ? 1 : 0;
}

process.exitCode = await main();
