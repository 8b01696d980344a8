/**
 * One worker's loop: what a lesson's `docker run --rm -v data:/data busybox sh -c '…'` costs the engine,
 * straight through dockerode with no lab in between. The create request comes from the lab's own sandbox
 * policy (planRun), so it carries exactly the limits, labels and mounts a learner's container gets; the
 * calls are the lab's for a foreground `--rm` run: the named volume (made each time, as the lab does),
 * create, attach, start, wait, remove.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type { CreateRequest } from '../../server/docker/containers.ts';
import { INSTANCE_LABEL } from '../../server/labels.ts';
import { catalogueRunImage } from '../../server/policy/images.ts';
import { isRefusal } from '../../server/policy/refusal.ts';
import { type FlagReader, planRun } from '../../server/policy/run-policy.ts';
import type { SandboxLimits } from '../../server/sandbox/limits.ts';
import { createNamespace, type Namespace } from '../../server/sandbox/namespace.ts';

/** Every object the bench makes carries this instance label, and only those are ever removed. */
export const BENCH_INSTANCE = 'bench-engine';
export const BENCH_FILTER = { label: [`${INSTANCE_LABEL}=${BENCH_INSTANCE}`] };

export const PHASES = ['volume', 'create', 'attach', 'start', 'wait', 'remove'] as const;
export type Phase = (typeof PHASES)[number];

/** One container's life, in milliseconds per phase, with when it began and ended (performance.now()). */
export interface Cycle {
  startedAt: number;
  endedAt: number;
  phases: Record<Phase, number>;
  /** Why it failed, if it did (a daemon error, or a container that exited non-zero). */
  error?: string;
}

/** `docker run --rm -v data:/data IMAGE sh -c SCRIPT`, as the lab's flag parser would hand it over. */
function runFlags(volume: string): FlagReader {
  return {
    changedNames: () => ['rm', 'volume'],
    bool: (name) => name === 'rm',
    string: () => '',
    stringArray: (name) => (name === 'volume' ? [`${volume}:/data`] : []),
  };
}

export interface Workload {
  ns: Namespace;
  volume: string;
  request: CreateRequest;
}

/** A fake session's namespace and the policy's request for it, under the lab's limits. */
export function planWorkload(image: string, script: string, limits: SandboxLimits): Workload {
  const ns = createNamespace(randomBytes(6).toString('hex'), BENCH_INSTANCE);
  const plan = planRun({
    flags: runFlags('data'),
    image: catalogueRunImage(image, limits),
    command: ['sh', '-c', script],
    ns,
    engine: { apiVersion: '1.41' },
    limits,
    volumesFrom: new Map(),
  });
  if (isRefusal(plan)) throw new Error(`the lab's policy refused the bench's container: ${plan.message}`);
  // As the lab runs a foreground --rm: it removes the container itself once it has waited for it.
  const request = { ...plan.request, HostConfig: { ...plan.request.HostConfig, AutoRemove: false } };
  return { ns, volume: ns.toEngine('data'), request };
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

/** Runs one container through its whole life and times each call. Never throws. */
export async function runCycle(docker: Docker, work: Workload, serial: number): Promise<Cycle> {
  const phases: Record<Phase, number> = { volume: 0, create: 0, attach: 0, start: 0, wait: 0, remove: 0 };
  const startedAt = performance.now();
  let mark = startedAt;
  const lap = (phase: Phase) => {
    const now = performance.now();
    phases[phase] = now - mark;
    mark = now;
  };
  let container: Docker.Container | undefined;
  let error: string | undefined;
  try {
    await docker.createVolume({ Name: work.volume, Labels: { ...work.ns.labels } });
    lap('volume');
    // The policy's request type is stricter than @types/dockerode's (an anonymous volume has no Source).
    const options = {
      name: work.ns.toEngine(`run-${serial}`),
      ...work.request,
    } as unknown as Docker.ContainerCreateOptions;
    container = await docker.createContainer(options);
    lap('create');
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
    if (StatusCode !== 0) error = `the container exited with ${StatusCode}`;
  } catch (caught) {
    error = message(caught);
  }
  if (container) {
    try {
      await container.remove({ force: true, v: true });
    } catch (caught) {
      error ??= `remove: ${message(caught)}`;
    }
    lap('remove');
  }
  return { startedAt, endedAt: performance.now(), phases, ...(error ? { error } : {}) };
}

/** Removes every container, then every volume, the bench made on this engine, in any earlier run too. */
export async function reapBenchObjects(docker: Docker): Promise<{ containers: number; volumes: number }> {
  const containers = await docker.listContainers({ all: true, filters: BENCH_FILTER });
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => {}),
    ),
  );
  const { Volumes } = await docker.listVolumes({ filters: BENCH_FILTER });
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
