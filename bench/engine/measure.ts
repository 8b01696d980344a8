/**
 * The engine's capacity, measured: the lab's images provided, then rising concurrency levels of the
 * lab's own container straight through the Engine API, then the knee. `npm run bench:engine` prints and
 * keeps every level; `npm run bench:load` runs the same before its room, on the engine its server uses.
 * Removes only what it made (bench/engine/workload.ts's instance label), before, between and after.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type Docker from 'dockerode';
import type { EngineInfo } from '../../server/cli/command-spec.ts';
import { type Config, labImages, loadConfig, sandboxLimits } from '../../server/config.ts';
import type { CreateRequest } from '../../server/docker/containers.ts';
import { provisionImages } from '../../server/images/provision.ts';
import { loadLessons } from '../../server/lessons/lesson-store.ts';
import { BACKGROUND_INSTANCE, type Background, countRunning, startBackground } from './background.ts';
import { type Capacity, findCapacity } from './capacity.ts';
import type { CpuMeter } from './engine-cpu.ts';
import { lessonRuns, type SkippedRun } from './lesson-runs.ts';
import { type LevelResult, runLevel } from './level.ts';
import type { EngineBenchOptions } from './options.ts';
import { formatHeader, formatRow } from './report.ts';
import { planWorkload, type RunSource, reapBenchObjects, scriptSource } from './workload.ts';

const LESSONS = join(import.meta.dirname, '..', '..', 'src', 'content', 'lessons');

/** What a capacity run is told: the engine bench's own options, less where to write. */
export type CapacityOptions = Pick<
  EngineBenchOptions,
  | 'levels'
  | 'durationS'
  | 'warmupS'
  | 'workload'
  | 'image'
  | 'script'
  | 'kneeGain'
  | 'quietPercent'
  | 'quietWaitS'
  | 'background'
>;

/**
 * The lab's settings the bench runs under, from this environment (LAB_* apply): the script workload's
 * image as the only one a lab offering just that image would have, the lessons' as the lab has them.
 */
export function benchConfig(env: NodeJS.ProcessEnv, options: CapacityOptions): Config {
  return loadConfig(options.workload === 'script' ? { ...env, LAB_IMAGES: options.image } : env);
}

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
  /** The first container's request, as the lab's policy made it: every one carries the same limits. */
  request: CreateRequest;
  /** How many different containers the workers ran in turn. */
  runs: number;
  /** The lessons' runs left out, and why. */
  skipped: SkippedRun[];
  /** The containers kept running beside the workers, and how many still ran after the last level. */
  background: Background & { runningAtEnd: number };
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
  const engine = { apiVersion: (await docker.version()).ApiVersion };
  const { sources, skipped } = await workloadSources(options, engine);
  const planned = planWorkload(sources, limits, engine);
  run.onProgress(
    options.workload === 'script'
      ? `workload: ${sources[0]?.label}`
      : `workload: the lessons' ${planned.runs.length} docker run lines in turn${options.workload === 'lessons' ? `, with the ${planned.runs.reduce((sum, run) => sum + run.execs.length, 0)} docker exec lines they run` : ''}${skipped.length > 0 ? `, ${skipped.length} left out (${[...new Set(skipped.map((s) => s.why))].join('; ')})` : ''}`,
  );
  const reaped = [await reapBenchObjects(docker), await reapBenchObjects(docker, BACKGROUND_INSTANCE)];
  const containers = reaped.reduce((sum, r) => sum + r.containers, 0);
  const volumes = reaped.reduce((sum, r) => sum + r.volumes, 0);
  if (containers + volumes > 0) {
    run.onProgress(`removed ${containers} containers and ${volumes} volumes of an earlier run`);
  }
  const levels: LevelResult[] = [];
  let background: CapacityMeasurement['background'] | undefined;
  try {
    if (options.background > 0) {
      run.onProgress(
        `starting ${options.background} of the lessons' detached containers to run beside the workers...`,
      );
      const started = await startBackground(
        docker,
        // The lessons workloads' runs are those lessons already; the script workload reads them here.
        options.workload === 'script' ? await lessonSources(engine) : sources,
        options.background,
        limits,
        engine,
        signal,
      );
      background = { ...started, runningAtEnd: started.running };
      run.onProgress(
        `background: ${started.running} of ${started.requested} running${started.failures.length > 0 ? `; failed: ${started.failures.join('; ')}` : ''}`,
      );
    }
    run.onStart?.();
    for (const workers of options.levels) {
      if (signal.aborted) break;
      const level = await runLevel({
        docker,
        workers,
        ...options,
        sources,
        engine,
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
    if (background) background.runningAtEnd = await countRunning(docker);
  } finally {
    await reapBenchObjects(docker);
    await reapBenchObjects(docker, BACKGROUND_INSTANCE);
  }
  return {
    levels,
    capacity: findCapacity(levels, options.kneeGain),
    request: planned.runs[0].request,
    runs: planned.runs.length,
    skipped,
    background: background ?? { requested: 0, running: 0, failures: [], runningAtEnd: 0 },
    seconds: Math.round((performance.now() - began) / 100) / 10,
    aborted: signal.aborted,
  };
}

async function workloadSources(
  options: CapacityOptions,
  engine: EngineInfo,
): Promise<{ sources: RunSource[]; skipped: SkippedRun[] }> {
  if (options.workload === 'script')
    return { sources: [scriptSource(options.image, options.script)], skipped: [] };
  const { runs, skipped } = lessonRuns(await loadLessons(LESSONS), engine, {
    execs: options.workload === 'lessons',
  });
  return { sources: runs, skipped };
}

async function lessonSources(engine: EngineInfo): Promise<RunSource[]> {
  return lessonRuns(await loadLessons(LESSONS), engine, { execs: false }).runs;
}
