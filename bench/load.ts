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
import { parseEngineList } from '../server/docker/engine-address.ts';
import { loadLessons } from '../server/lessons/lesson-store.ts';
import { latencyChart } from './load/chart-svg.ts';
import { countEngineCalls, formatCalls } from './load/engine-calls.ts';
import { besideRoom } from './load/engine-rate.ts';
import { runLevel } from './load/level.ts';
import { type LoadOptions, parseOptions } from './load/options.ts';
import { type ParticipantsPerCore, participantsPerCore } from './load/per-core.ts';
import {
  formatBesideRoom,
  formatLevel,
  formatPerCore,
  formatRoomCapacity,
  type LevelResult,
  TARGETS,
} from './load/report.ts';
import {
  type CapacityContext,
  measureRoomCapacity,
  type RoomCapacity,
  roomCapacity,
} from './load/room-capacity.ts';

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

interface RoomResult {
  options: LoadOptions;
  capacity: RoomCapacity | null;
  levels: LevelResult[];
  perCore: ParticipantsPerCore;
}

async function writeResults(room: RoomResult, docker: Docker): Promise<string[]> {
  const { options, levels } = room;
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
    capacity: room.capacity,
    participantsPerCore: room.perCore,
    targets: levels.map((level) => ({
      participants: level.participants,
      heldTo: level.targets.room,
      met: level.targets.met,
    })),
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
  // The engine the lab's server uses when LAB_ENGINES is empty, as it would resolve it.
  const [address] = parseEngineList(undefined);
  if (!address) throw new Error('no engine address');
  const docker = new Docker(address.options);
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

  const cores = cpus().length;
  const context: CapacityContext = {
    docker,
    socketPath: address.options.socketPath,
    cores,
    serverEnv: options.serverEnv,
    signal: controller.signal,
    root: ROOT,
  };
  const capacity = await roomCapacity(options.capacity, context);
  if (capacity === 'aborted') {
    console.log('bench: cleaned up; no results written for an interrupted run');
    return 130;
  }
  console.log(formatRoomCapacity(capacity));
  const capacityPerSecond = capacity?.capacity?.startsPerSecond ?? null;

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
      capacityPerSecond,
    });
    if (controller.signal.aborted) break;
    levels.push(level);
    console.log(formatLevel(level));
    // A room keeps containers running, and an engine with containers running starts new ones slower
    // than the empty one measured first: measured again beside as many as the room had running while
    // it asked for more than the engine did, so the lab is also held to the engine it really had.
    const running = level.containers.meanRunningWhileSaturated;
    if (
      options.capacity.kind === 'measure' &&
      capacity &&
      level.engineRate.verdict === 'measured' &&
      running
    ) {
      const beside = await measureRoomCapacity(
        options.capacity,
        Math.round(running),
        context,
        capacity.engine,
      );
      if (beside === 'aborted') break;
      level.besideRoom = besideRoom(
        level.engineRate,
        beside.background,
        beside.capacity?.startsPerSecond ?? null,
      );
      console.log(formatBesideRoom(level.besideRoom, level.engineRate));
    }
  }
  if (controller.signal.aborted) {
    console.log('bench: cleaned up; no results written for an interrupted run');
    return 130;
  }

  const perCore = participantsPerCore(
    levels.map((level) => ({
      participants: level.participants,
      durationS: level.durationS,
      met: level.targets.met,
      starts: level.engineRate.starts,
      saturatedSeconds: level.engineRate.saturatedSeconds,
    })),
    capacity?.perCore ?? null,
    cores,
  );
  console.log(`\n${formatPerCore(perCore, options.pauseMs)}`);
  const files = await writeResults({ options, capacity, levels, perCore }, docker);
  console.log(`\nbench: wrote ${files.map((file) => file.slice(ROOT.length + 1)).join(', ')}`);
  return levels.some((level) => level.errors.count > 0) ? 1 : 0;
}

process.exitCode = await main();
