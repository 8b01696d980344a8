/**
 * The engine's capacity that a room's levels are held to: measured before them on the engine the lab's
 * server will use, with `npm run bench:engine`'s own code (bench/engine/measure.ts), or read from one of
 * its result files. Either way the knee is found by the same function (bench/engine/capacity.ts).
 */
import { relative } from 'node:path';
import type Docker from 'dockerode';
import { type Capacity, findCapacity } from '../engine/capacity.ts';
import { engineCpuMeter } from '../engine/engine-cpu.ts';
import type { LevelResult as EngineLevel } from '../engine/level.ts';
import { benchConfig, measureCapacity, printProgress } from '../engine/measure.ts';
import { defaultOptions, type WorkloadKind } from '../engine/options.ts';
import { readEngineResult } from '../engine/result-file.ts';
import type { CapacitySource } from './options.ts';

export interface RoomCapacity {
  source: 'measured' | 'file';
  /** The result file it was read from. */
  file: string | null;
  engine: { version: string; runtime: string };
  /** What the engine ran to measure it (bench/engine/options.ts). */
  workload: WorkloadKind;
  /** Cores of the machine it was measured on. */
  cores: number;
  capacity: Capacity | null;
  /** Starts per second per core of that machine. */
  perCore: number | null;
  /** How long measuring it took, in seconds (null when read from a file). */
  seconds: number | null;
  /** The engine bench's levels, when measured here. */
  levels: EngineLevel[];
  /** Containers kept running beside the workers while it was measured (0 for an empty engine). */
  background: number;
  /** Where a file's figures may not hold for this run (another engine, runtime or machine). */
  warnings: string[];
}

export interface CapacityContext {
  docker: Docker;
  /** The engine's socket, to read its CPU; undefined for a remote engine. */
  socketPath: string | undefined;
  cores: number;
  /** The server's extra environment: the learner containers' limits come from it. */
  serverEnv: Record<string, string>;
  signal: AbortSignal;
  /** Paths are shown relative to this. */
  root: string;
}

const perCore = (capacity: Capacity | null, cores: number) =>
  capacity ? Math.round((capacity.startsPerSecond / cores) * 100) / 100 : null;

/** The capacity, null when the run is told to do without it, 'aborted' when interrupted while measuring. */
export async function roomCapacity(
  source: CapacitySource,
  context: CapacityContext,
): Promise<RoomCapacity | null | 'aborted'> {
  if (source.kind === 'skip') return null;
  const { docker, cores } = context;
  const [version, info] = await Promise.all([docker.version(), docker.info()]);
  const engine = { version: version.Version, runtime: String(info.DefaultRuntime) };

  if (source.kind === 'file') {
    const result = await readEngineResult(source.file);
    const capacity = findCapacity(result.levels, result.options.kneeGain);
    const differs = [
      result.engine.version !== engine.version &&
        `it measured Engine ${result.engine.version}, the room runs on ${engine.version}`,
      result.engine.runtime !== engine.runtime &&
        `it measured ${result.engine.runtime}, the room runs on ${engine.runtime}`,
      result.machine !== undefined &&
        result.machine.cpus !== cores &&
        `it measured on ${result.machine.cpus} cores, this machine has ${cores}`,
      result.options.workload !== 'lessons' &&
        `it measured the ${result.options.workload} workload, not the containers the lessons make and exec in`,
    ].filter((warning) => typeof warning === 'string');
    const fileCores = result.machine?.cpus ?? cores;
    return {
      source: 'file',
      file: relative(context.root, source.file),
      engine: { version: result.engine.version, runtime: result.engine.runtime },
      workload: result.options.workload,
      cores: fileCores,
      capacity,
      perCore: perCore(capacity, fileCores),
      seconds: null,
      levels: [],
      background: result.background.running,
      warnings: differs,
    };
  }

  return measureRoomCapacity(source, 0, context, engine);
}

/**
 * Measures the capacity with bench:engine's code on the engine the room uses, with `background` of the
 * lessons' detached containers running beside the workers (0: an empty engine).
 */
export async function measureRoomCapacity(
  source: { levels: number[]; durationS: number },
  background: number,
  context: CapacityContext,
  engine: { version: string; runtime: string },
): Promise<RoomCapacity | 'aborted'> {
  const { docker, cores } = context;
  const options = {
    ...defaultOptions(),
    levels: source.levels,
    durationS: source.durationS,
    quietWaitS: 30,
    background,
  };
  const meter = engineCpuMeter(context.socketPath);
  console.log(
    `bench: the engine's capacity${background > 0 ? ` beside ${background} running containers` : ''} (Engine ${engine.version}, ${engine.runtime}): levels ${options.levels.join(', ')} of ${options.warmupS} + ${options.durationS} s`,
  );
  const measured = await measureCapacity({
    docker,
    meter,
    cores,
    // The containers get the limits the lab's server will give learners' (its --env included).
    config: benchConfig({ ...process.env, ...context.serverEnv }, options),
    options,
    signal: context.signal,
    ...printProgress,
  }).finally(() => meter.stop());
  if (measured.aborted) return 'aborted';
  return {
    source: 'measured',
    file: null,
    engine,
    workload: options.workload,
    cores,
    capacity: measured.capacity,
    perCore: perCore(measured.capacity, cores),
    seconds: measured.seconds,
    levels: measured.levels,
    background: measured.background.running,
    warnings: [],
  };
}
