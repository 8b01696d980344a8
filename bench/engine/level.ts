/**
 * One concurrency level: N workers each run containers back to back for the warm-up and the measured
 * window; then no worker starts another, and the ones under way finish. Throughput counts the containers
 * that finished inside the window; latencies are those of the containers that began inside it.
 */
import { performance } from 'node:perf_hooks';
import type Docker from 'dockerode';
import type { EngineInfo } from '../../server/cli/command-spec.ts';
import type { SandboxLimits } from '../../server/sandbox/limits.ts';
import { type Summary, summarize } from '../load/stats.ts';
import { type CpuMeter, loadAverage, machineTicks, waitForQuiet } from './engine-cpu.ts';
import { type Cycle, PHASES, type Phase, planWorkload, type RunSource, runCycle } from './workload.ts';

export interface LevelResult {
  workers: number;
  /** Load averages (1, 5, 15 min) just before the level began: how busy the machine already was. */
  loadBefore: [number, number, number];
  /** The machine's busy share over the 3 s before the level, 100 being every core (others' work). */
  busyBeforePercent: number;
  /** The measured window, in seconds. */
  seconds: number;
  /** Containers that finished inside the window without an error. */
  runs: number;
  /** Container starts per second sustained over the window. */
  startsPerSecond: number;
  /** Execs those containers ran (the lessons workload's), per container: the room's mix has ~0.26. */
  execsPerRun: number;
  errors: { count: number; first: string[] };
  /** Foreground containers of the window that exited non-zero without that being an error (a lesson's line). */
  exitedNonZero: number;
  /** Milliseconds per phase and for the whole run, of the containers that began inside the window. */
  latencyMs: Record<Phase | 'total', Summary | null>;
  /** The engine's CPU over the window; 100 is one core busy. Null where it cannot be read. */
  engineCpuPercent: number | null;
  /** The engine's CPU per container run, in milliseconds. */
  engineCpuMsPerRun: number | null;
  /** The whole machine's CPU over the window; 100 is every core busy. */
  machineCpuPercent: number;
  /** The whole machine's CPU per container run, in core-milliseconds: engine, containers and all. */
  machineCpuMsPerRun: number | null;
}

export interface LevelOptions {
  docker: Docker;
  workers: number;
  warmupS: number;
  durationS: number;
  /** The containers each worker runs in turn, each worker from its own place in the list. */
  sources: readonly RunSource[];
  engine: EngineInfo;
  limits: SandboxLimits;
  meter: CpuMeter;
  cores: number;
  signal: AbortSignal;
  quietPercent: number;
  quietWaitS: number;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function runLevel(options: LevelOptions): Promise<LevelResult> {
  const { docker, workers, meter, signal } = options;
  const busyBeforePercent = await waitForQuiet(
    options.quietPercent > 0 ? options.quietPercent : 101,
    options.quietWaitS * 1000,
  );
  const loadBefore = loadAverage();
  const cycles: Cycle[] = [];
  const begin = performance.now();
  const windowStart = begin + options.warmupS * 1000;
  const windowEnd = windowStart + options.durationS * 1000;
  let atWindowStart: { cpu: number; machine: { busy: number; total: number } } | undefined;
  let atWindowEnd: typeof atWindowStart;
  const marks = [
    setTimeout(() => {
      atWindowStart = { cpu: meter.read(), machine: machineTicks() };
    }, windowStart - begin),
    setTimeout(() => {
      atWindowEnd = { cpu: meter.read(), machine: machineTicks() };
    }, windowEnd - begin),
  ];
  const worker = async (index: number) => {
    const work = planWorkload(options.sources, options.limits, options.engine);
    // Spread over the list, so the workers run a mix of the course's containers at every moment.
    const first = Math.floor((index * work.runs.length) / workers);
    for (let serial = first; performance.now() < windowEnd && !signal.aborted; serial++) {
      cycles.push(await runCycle(docker, work, serial));
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, index) => worker(index)));
  for (const mark of marks) clearTimeout(mark);
  atWindowEnd ??= { cpu: meter.read(), machine: machineTicks() };
  atWindowStart ??= atWindowEnd;

  const seconds = options.durationS;
  const finished = cycles.filter((c) => c.endedAt >= windowStart && c.endedAt < windowEnd);
  const ok = finished.filter((c) => c.error === undefined);
  const begun = cycles.filter((c) => c.startedAt >= windowStart && c.startedAt < windowEnd && !c.error);
  const failed = cycles.filter((c) => c.error !== undefined);
  const latencyMs = Object.fromEntries([
    ...PHASES.map((phase) => [phase, summarize(begun.map((c) => c.phases[phase]))]),
    ['total', summarize(begun.map((c) => c.endedAt - c.startedAt))],
  ]) as LevelResult['latencyMs'];
  const engineCpuS = atWindowEnd.cpu - atWindowStart.cpu;
  const machine = {
    busy: atWindowEnd.machine.busy - atWindowStart.machine.busy,
    total: atWindowEnd.machine.total - atWindowStart.machine.total,
  };
  const machineShare = machine.total > 0 ? machine.busy / machine.total : 0;
  const readable = Number.isFinite(engineCpuS);
  return {
    workers,
    loadBefore,
    busyBeforePercent,
    seconds,
    runs: ok.length,
    startsPerSecond: round(ok.length / seconds, 2),
    execsPerRun: ok.length > 0 ? round(ok.reduce((sum, c) => sum + c.execs, 0) / ok.length, 2) : 0,
    errors: { count: failed.length, first: [...new Set(failed.map((c) => c.error ?? ''))].slice(0, 5) },
    exitedNonZero: ok.filter((c) => c.exitCode !== null && c.exitCode !== 0).length,
    latencyMs,
    engineCpuPercent: readable ? round((engineCpuS / seconds) * 100) : null,
    engineCpuMsPerRun: readable && ok.length > 0 ? round((engineCpuS * 1000) / ok.length) : null,
    machineCpuPercent: round(machineShare * 100),
    machineCpuMsPerRun:
      ok.length > 0 ? round((machineShare * options.cores * seconds * 1000) / ok.length) : null,
  };
}
