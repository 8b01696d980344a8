/**
 * One worker's loop: what the course's `docker run` lines cost the engine, straight through dockerode
 * with no lab in between. Each create request comes from the lab's own sandbox policy (planRun), so it
 * carries exactly the limits, labels and mounts a learner's container gets; the calls are the lab's for
 * such a run: its named volumes (made each time, as the lab does), create, then for a foreground run
 * attach, start, wait and remove, and for a detached one start, the lesson's execs in it (create,
 * start with its output drained, inspect for the exit code, as `docker exec` does), and a forced
 * remove while it runs (as `docker rm -f` and a lesson's reset do).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type { EngineInfo } from '../../server/cli/command-spec.ts';
import type { CreateRequest } from '../../server/docker/containers.ts';
import { INSTANCE_LABEL } from '../../server/labels.ts';
import { catalogueRunImage } from '../../server/policy/images.ts';
import { isRefusal } from '../../server/policy/refusal.ts';
import type { PlannedVolume } from '../../server/policy/run-mounts.ts';
import { type FlagReader, planRun } from '../../server/policy/run-policy.ts';
import type { SandboxLimits } from '../../server/sandbox/limits.ts';
import { createNamespace, type Namespace } from '../../server/sandbox/namespace.ts';

/** Every object the bench makes carries this instance label, and only those are ever removed. */
export const BENCH_INSTANCE = 'bench-engine';

export const PHASES = ['volume', 'create', 'attach', 'start', 'wait', 'exec', 'remove'] as const;
export type Phase = (typeof PHASES)[number];

/** One container's life, in milliseconds per phase, with when it began and ended (performance.now()). */
export interface Cycle {
  startedAt: number;
  endedAt: number;
  phases: Record<Phase, number>;
  /** A foreground container's exit code; null for a detached one, or when it never ran. */
  exitCode: number | null;
  /** Why it failed, if it did (a daemon error, or a container that had to succeed and did not). */
  error?: string;
  /** Execs run in it. */
  execs: number;
}

/** A `docker exec` line of a lesson, into the detached container of a run. */
export interface ExecSource {
  cmd: readonly string[];
  /** '' for the image's user. */
  user: string;
  /** '' for the image's working directory. */
  workdir: string;
  env: readonly string[];
}

/** A `docker run` command line as the lab's parser hands it to the policy. */
export interface RunSource {
  /** What it is, in an error's message. */
  label: string;
  flags: FlagReader;
  image: string;
  command: readonly string[];
  /**
   * Whether a non-zero exit fails the run. The bench's own script must succeed; a lesson's line may
   * exit non-zero where it reads what a step the bench leaves out would have written.
   */
  mustSucceed: boolean;
  /** Run in its container once it is started, when it is detached. */
  execs: readonly ExecSource[];
}

/** `docker run --rm -v data:/data IMAGE sh -c SCRIPT`, as the lab's flag parser would hand it over. */
export function scriptSource(image: string, script: string): RunSource {
  return {
    label: `${image} sh -c '${script}'`,
    flags: {
      changedNames: () => ['rm', 'volume'],
      bool: (name) => name === 'rm',
      string: () => '',
      stringArray: (name) => (name === 'volume' ? ['data:/data'] : []),
    },
    image,
    command: ['sh', '-c', script],
    mustSucceed: true,
    execs: [],
  };
}

/** One container of a workload, as the policy planned it for the worker's namespace. */
export interface PlannedRun {
  label: string;
  /** Named volumes, by their engine names, with the labels the lab gives them. */
  volumes: PlannedVolume[];
  request: CreateRequest;
  detach: boolean;
  mustSucceed: boolean;
  execs: readonly ExecSource[];
}

export interface Workload {
  ns: Namespace;
  runs: [PlannedRun, ...PlannedRun[]];
}

/**
 * A fake session's namespace and the policy's requests for it, under the lab's limits. Its objects carry
 * the `instance` label, which is what reapBenchObjects removes by.
 */
export function planWorkload(
  sources: readonly RunSource[],
  limits: SandboxLimits,
  engine: EngineInfo,
  instance: string = BENCH_INSTANCE,
): Workload {
  const ns = createNamespace(randomBytes(6).toString('hex'), instance);
  const runs = sources.map((source): PlannedRun => {
    const plan = planRun({
      flags: source.flags,
      image: catalogueRunImage(source.image, limits),
      command: source.command,
      ns,
      engine,
      limits,
      volumesFrom: new Map(),
    });
    if (isRefusal(plan)) {
      throw new Error(`the lab's policy refused the bench's container (${source.label}): ${plan.message}`);
    }
    return {
      label: source.label,
      volumes: plan.volumes.map((volume) => ({
        name: ns.toEngine(volume.name),
        labels: { ...volume.labels, ...ns.labels },
      })),
      // As the lab runs a foreground --rm: it removes the container itself once it has waited for it.
      request: { ...plan.request, HostConfig: { ...plan.request.HostConfig, AutoRemove: false } },
      detach: plan.detach,
      mustSucceed: source.mustSucceed,
      execs: plan.detach ? source.execs : [],
    };
  });
  const [first, ...rest] = runs;
  if (first === undefined) throw new Error('the workload has no container to run');
  return { ns, runs: [first, ...rest] };
}

function drain(stream: Duplex): Promise<void> {
  return new Promise((resolve) => {
    stream.on('error', () => resolve());
    stream.on('end', () => resolve());
    stream.on('close', () => resolve());
    stream.resume();
  });
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'error';
}

/** Creates a planned container under `name` in the workload's namespace; its volumes must exist. */
export function createPlanned(
  docker: Docker,
  work: Workload,
  run: PlannedRun,
  name: string,
): Promise<Docker.Container> {
  // The policy's request type is stricter than @types/dockerode's (an anonymous volume has no Source).
  const options = {
    name: work.ns.toEngine(name),
    ...run.request,
  } as unknown as Docker.ContainerCreateOptions;
  return docker.createContainer(options);
}

/** Runs the workload's `serial`-th container (round the list) through its whole life and times each call. Never throws. */
export async function runCycle(docker: Docker, work: Workload, serial: number): Promise<Cycle> {
  const run = work.runs[serial % work.runs.length] as PlannedRun;
  const phases: Record<Phase, number> = {
    volume: 0,
    create: 0,
    attach: 0,
    start: 0,
    wait: 0,
    exec: 0,
    remove: 0,
  };
  const startedAt = performance.now();
  let mark = startedAt;
  const lap = (phase: Phase) => {
    const now = performance.now();
    phases[phase] = now - mark;
    mark = now;
  };
  let container: Docker.Container | undefined;
  let exitCode: number | null = null;
  let error: string | undefined;
  let execs = 0;
  try {
    for (const volume of run.volumes) await docker.createVolume({ Name: volume.name, Labels: volume.labels });
    lap('volume');
    container = await createPlanned(docker, work, run, `run-${serial}`);
    lap('create');
    if (run.detach) {
      await container.start();
      lap('start');
      for (const exec of run.execs) {
        // One refused (its container may have ended already, as a learner's would) fails no start.
        if (await runExec(container, exec)) execs++;
      }
      lap('exec');
    } else {
      const stream = (await container.attach({
        stream: true,
        stdout: true,
        stderr: true,
        hijack: true,
      })) as unknown as Duplex;
      const output = drain(stream);
      lap('attach');
      await container.start();
      lap('start');
      const { StatusCode } = (await container.wait({ condition: 'not-running' })) as { StatusCode: number };
      await output;
      lap('wait');
      exitCode = StatusCode;
      if (StatusCode !== 0 && run.mustSucceed)
        error = `${run.label}: the container exited with ${StatusCode}`;
    }
  } catch (caught) {
    error = `${run.label}: ${message(caught)}`;
  }
  if (container) {
    try {
      await container.remove({ force: true, v: true });
    } catch (caught) {
      error ??= `${run.label}: remove: ${message(caught)}`;
    }
    lap('remove');
  }
  return { startedAt, endedAt: performance.now(), phases, exitCode, execs, ...(error ? { error } : {}) };
}

/**
 * One exec as `docker exec` makes it; its exit code is read and dropped (a lesson's may fail where it
 * reads what a step the bench leaves out would have written). False when the engine refused it.
 */
async function runExec(container: Docker.Container, source: ExecSource): Promise<boolean> {
  try {
    const exec = await container.exec({
      Cmd: [...source.cmd],
      AttachStdout: true,
      AttachStderr: true,
      ...(source.user ? { User: source.user } : {}),
      ...(source.workdir ? { WorkingDir: source.workdir } : {}),
      ...(source.env.length > 0 ? { Env: [...source.env] } : {}),
    });
    await drain((await exec.start({ hijack: true, stdin: false })) as unknown as Duplex);
    await exec.inspect();
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes every container, then every volume, the bench made on this engine under an instance label, in
 * any earlier run too.
 */
export async function reapBenchObjects(
  docker: Docker,
  instance: string = BENCH_INSTANCE,
): Promise<{ containers: number; volumes: number }> {
  const filters = { label: [`${INSTANCE_LABEL}=${instance}`] };
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => {}),
    ),
  );
  const { Volumes } = await docker.listVolumes({ filters });
  await Promise.all(
    (Volumes ?? []).map((v) =>
      docker
        .getVolume(v.Name)
        .remove({ force: true })
        .catch(() => {}),
    ),
  );
  return { containers: containers.length, volumes: (Volumes ?? []).length };
}
