/**
 * The engine's capacity, measured: the lab's images provided, then rising concurrency levels of the
 * lab's own container straight through the Engine API, then the knee. `npm run bench:engine` prints and
 * keeps every level; `npm run bench:load` runs the same before its room, on the engine its server uses.
 * Removes only what it made (bench/engine/workload.ts's instance label), before, between and after.
 */
import { performance } from 'node:perf_hooks';
import type Docker from 'dockerode';
import { type Config, labImages, sandboxLimits } from '../../server/config.ts';
import type { CreateRequest } from '../../server/docker/containers.ts';
import { provisionImages } from '../../server/images/provision.ts';
import { type Capacity, findCapacity } from './capacity.ts';
import type { CpuMeter } from './engine-cpu.ts';
import { type LevelResult, runLevel } from './level.ts';
import type { EngineBenchOptions } from './options.ts';
import { formatHeader, formatRow } from './report.ts';
import { planWorkload, reapBenchObjects } from './workload.ts';

/** What a capacity run is told: the engine bench's own options, less where to write. */
export type CapacityOptions = Pick<
  EngineBenchOptions,
  'levels' | 'durationS' | 'warmupS' | 'image' | 'script' | 'kneeGain' | 'quietPercent' | 'quietWaitS'
>;

export interface CapacityRun {
  docker: Docker;
  meter: CpuMeter;
  cores: number;
  /** The lab's settings: its images and the limits every learner container gets. */
  config: Config;
  options: CapacityOptions;
  signal: AbortSignal;
  /** A line of progress (images provided, objects of an earlier run removed). */
  onProgress(line: string): void;
  /** Called before the first level, once the workload passed the lab's policy. */
  onStart?(): void;
  onLevel(level: LevelResult): void;
}

/** Progress as both benches print it: `bench: …` lines, then the engine bench's table, a row per level. */
export const printProgress: Pick<CapacityRun, 'onProgress' | 'onStart' | 'onLevel'> = {
  onProgress: (line) => console.log(`bench: ${line}`),
  onStart: () => console.log(formatHeader()),
  onLevel: (level) => console.log(formatRow(level)),
};

export interface CapacityMeasurement {
  levels: LevelResult[];
  capacity: Capacity | null;
  /** The request every container was created from, as the lab's policy made it. */
  request: CreateRequest;
  /** How long the measurement took, images and clean-up included, in seconds. */
  seconds: number;
  /** Interrupted: the levels are incomplete and mean nothing. */
  aborted: boolean;
}

export async function measureCapacity(run: CapacityRun): Promise<CapacityMeasurement> {
  const began = performance.now();
  const { docker, options, signal } = run;
  await provisionImages(docker, {
    images: labImages(run.config),
    cacheDir: run.config.LAB_IMAGE_CACHE,
    onProgress: run.onProgress,
  });
  // Refused here, before any level, if the lab's policy would not run it.
  const limits = sandboxLimits(run.config);
  const { request } = planWorkload(options.image, options.script, limits);
  const reaped = await reapBenchObjects(docker);
  if (reaped.containers + reaped.volumes > 0) {
    run.onProgress(`removed ${reaped.containers} containers and ${reaped.volumes} volumes of an earlier run`);
  }
  run.onStart?.();
  const levels: LevelResult[] = [];
  try {
    for (const workers of options.levels) {
      if (signal.aborted) break;
      const level = await runLevel({
        docker,
        workers,
        ...options,
        limits,
        meter: run.meter,
        cores: run.cores,
        signal,
      });
      await reapBenchObjects(docker);
      if (signal.aborted) break;
      levels.push(level);
      run.onLevel(level);
    }
  } finally {
    await reapBenchObjects(docker);
  }
  return {
    levels,
    capacity: findCapacity(levels, options.kneeGain),
    request,
    seconds: Math.round((performance.now() - began) / 100) / 10,
    aborted: signal.aborted,
  };
}
