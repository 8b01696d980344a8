/**
 * One benchmark level: a fresh server, N participants replaying the course against it while the
 * samplers watch, then every session's objects removed and the server stopped, whatever happened.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type Docker from 'dockerode';
import { DEFAULT_INSTANCE } from '../../server/sandbox/namespace.ts';
import type { Lesson } from '../../src/shared/lesson.ts';
import { type CleanupResult, releaseSessionStorage, removeSessionObjects } from './cleanup.ts';
import { engineRate, meanWithin } from './engine-rate.ts';
import { runParticipant } from './participant.ts';
import { sampleQueue } from './queue-sampler.ts';
import { isVolumeCommand, Recorder } from './recorder.ts';
import { evaluateTargets, type LevelMeasures, type LevelResult } from './report.ts';
import { sampleContainers, sampleProcess } from './sampler.ts';
import { benchEnv, prepareSite, startServer } from './server-process.ts';
import { watchStarts } from './start-events.ts';
import { summarize } from './stats.ts';
import type { TimedTerminal } from './terminal.ts';

export interface LevelOptions {
  participants: number;
  lessons: ReadonlyArray<readonly [string, Lesson]>;
  pauseMs: { min: number; max: number };
  joinMs: number;
  serverEnv: Record<string, string>;
  docker: Docker;
  signal: AbortSignal;
  /** The engine's capacity in container starts per second, to hold the lab's rate to; null when unknown. */
  capacityPerSecond: number | null;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Samples as one array per field: a few numbers a line in the JSON rather than an object each. */
function columns<T extends object>(samples: T[]): { [K in keyof T]: Array<T[K]> } {
  const result = {} as { [K in keyof T]: Array<T[K]> };
  for (const sample of samples) {
    for (const key of Object.keys(sample) as Array<keyof T>) {
      result[key] ??= [];
      result[key].push(sample[key]);
    }
  }
  return result;
}
const max = (values: number[]) => (values.length === 0 ? null : round(Math.max(...values)));
const mean = (values: number[]) =>
  values.length === 0 ? null : round(values.reduce((sum, n) => sum + n, 0) / values.length);

export async function runLevel(options: LevelOptions): Promise<LevelResult> {
  const { participants, docker, signal } = options;
  await prepareSite();
  const env = benchEnv(participants, options.serverEnv);
  const instance = env.LAB_INSTANCE ?? DEFAULT_INSTANCE;
  // Open before the server, so no start of the level is missed.
  const starts = await watchStarts(docker, instance);
  const server = await startServer(env).catch((error: unknown) => {
    starts.stop();
    throw error;
  });
  const recorder = new Recorder();
  const sessions = new Set<string>();
  const open = new Set<TimedTerminal>();
  // A frame LabClient cannot parse throws inside its socket listener; count it rather than crash.
  const uncaught = (error: Error) =>
    recorder.error({ kind: 'protocol', participant: -1, lesson: '', detail: `uncaught: ${error.message}` });
  process.on('uncaughtException', uncaught);
  const closeAll = () => {
    for (const terminal of open) void terminal.close();
  };
  signal.addEventListener('abort', closeAll);
  // Others' work on the machine skews every number here; say how busy it was before the bench began.
  const loadBefore = round(loadavg()[0] ?? 0);
  const startedAt = performance.now();
  // The engine stamps its events on the wall clock; the level's bounds and the queue's readings too.
  const levelFrom = Date.now();
  let levelTo = levelFrom;
  const cpuBefore = process.cpuUsage();
  const processSamples = sampleProcess(server.pid, startedAt);
  const containerSamples = sampleContainers(docker, sessions, startedAt);
  const queueSamples = sampleQueue(server.url, env.LAB_METRICS_TOKEN ?? process.env.LAB_METRICS_TOKEN);
  let durationS = 0;
  let benchCpuPct = 0;
  let cleanup: CleanupResult = { containers: 0, volumes: 0, unlabelled: [], left: [] };
  try {
    console.log(`bench: ${participants} participants against ${server.url} (server pid ${server.pid})`);
    const slot = options.joinMs / participants;
    await Promise.allSettled(
      Array.from({ length: participants }, (_, index) =>
        runParticipant({
          index,
          url: server.url,
          lessons: options.lessons,
          pauseMs: options.pauseMs,
          // Evenly spread with jitter, as people arrive in a room over the first seconds.
          joinAfterMs: index * slot + Math.random() * slot,
          recorder,
          sessions,
          open,
          signal,
          describeContainer: (id) =>
            docker
              .getContainer(id)
              .inspect()
              .then(
                (info) =>
                  `${info.Name}, ${info.State.Status} (exit ${info.State.ExitCode}, started ${info.State.StartedAt}, finished ${info.State.FinishedAt}), labels ${JSON.stringify(info.Config.Labels)}`,
                () => 'gone by the time the bench looked',
              ),
        }),
      ),
    );
    durationS = round((performance.now() - startedAt) / 1000);
    levelTo = Date.now();
    const cpu = process.cpuUsage(cpuBefore);
    benchCpuPct = round(((cpu.user + cpu.system) / 1000 / (durationS * 1000)) * 100);
    if (server.exited()) {
      recorder.error({
        kind: 'other',
        participant: -1,
        lesson: '',
        detail: `the server process exited during the level:\n${server.log().slice(-2000)}`,
      });
    }
  } finally {
    processSamples.stop();
    containerSamples.stop();
    queueSamples.stop();
    signal.removeEventListener('abort', closeAll);
    closeAll();
    await server.stop();
    // Stopped only now, so a start's event still on its way at the level's end is counted.
    starts.stop();
    cleanup = await removeSessionObjects(docker, instance, sessions);
    await releaseSessionStorage(docker, sessions);
    process.off('uncaughtException', uncaught);
  }

  const queue = queueSamples.samples;
  const rate = engineRate({
    from: levelFrom,
    to: levelTo,
    starts: starts.starts.filter((start) => sessions.has(start.session)).map((start) => start.at),
    samples: queue,
    capacityPerSecond: options.capacityPerSecond,
  });

  const rss = processSamples.samples.map((s) => s.rssMb);
  const cpu = processSamples.samples.map((s) => s.cpuPct);
  const machine = processSamples.samples.map((s) => s.machinePct);
  const containers = containerSamples.samples;
  const measures: LevelMeasures = {
    participants,
    durationS,
    commandCount: recorder.commandCount(),
    commands: recorder.summaries(),
    volumeCommands: summarize(recorder.pooled(isVolumeCommand)),
    checksAfterDone: summarize(recorder.checksAfterDone),
    stepPassed: summarize(recorder.stepPassed),
    connect: summarize(recorder.connect),
    reset: summarize(recorder.reset),
    errors: {
      count: recorder.errorCount,
      byKind: Object.fromEntries(recorder.errorsByKind),
      first: recorder.errors,
    },
    server: {
      peakRssMb: max(rss),
      meanCpuPct: mean(cpu),
      peakCpuPct: max(cpu),
      meanMachinePct: mean(machine),
      peakMachinePct: max(machine),
      builtSite: server.builtSite(),
      timeline: columns(processSamples.samples),
    },
    containers: {
      peak: Math.max(0, ...containers.map((s) => s.total)),
      peakRunning: Math.max(0, ...containers.map((s) => s.running)),
      meanRunningWhileSaturated: meanWithin(
        containers.map((s) => ({ t: s.t, value: s.running })),
        rate.stretches,
      ),
      peakCheckers: Math.max(0, ...containers.map((s) => s.checkers)),
      timeline: columns(containers),
    },
    benchCpuPct,
    loadBefore,
    serverLogTail: server.log().slice(-4000),
    cleanup,
    engineRate: rate,
    // Measured after the level, when it saturated the queue (bench/load.ts).
    besideRoom: null,
    queue: {
      samples: queue.length,
      missed: queueSamples.missed.count,
      lastMiss: queueSamples.missed.last,
      timeline: {
        t: queue.map((sample) => round((sample.at - levelFrom) / 1000)),
        waiting: queue.map((sample) => sample.waiting),
      },
    },
  };
  return { ...measures, targets: evaluateTargets(measures) };
}
