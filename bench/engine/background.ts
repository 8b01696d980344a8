/**
 * A room's running containers beside the workers (`--background N`): N of the lessons' detached
 * containers (nginx, redis, `sleep`, `tail -F`, a shell loop), started before the levels and kept
 * running through them. An engine with a room's containers running starts new ones slower than an idle
 * one (160 beside it took the capacity here from ~10.5 to ~7.5 starts/s), so this is the capacity a
 * room's engine has, not an empty engine's. They carry their own instance label, so the reaping between
 * levels leaves them, and the reaping at the end removes them.
 */
import type Docker from 'dockerode';
import type { EngineInfo } from '../../server/cli/command-spec.ts';
import { INSTANCE_LABEL } from '../../server/labels.ts';
import type { SandboxLimits } from '../../server/sandbox/limits.ts';
import { createPlanned, planWorkload, type RunSource } from './workload.ts';

export const BACKGROUND_INSTANCE = 'bench-engine-background';

/** Started this many at a time: quickly, without being a load test of its own. */
const STARTING_AT_ONCE = 4;

export interface Background {
  /** Containers asked for. */
  requested: number;
  /** Of them, running once all were started. */
  running: number;
  /** Why some did not start, at most a few distinct reasons. */
  failures: string[];
}

/**
 * Starts `count` containers, taking the lessons' detached runs in turn. Never throws: what did not
 * start is in `failures`, and how many run is counted from the engine.
 */
export async function startBackground(
  docker: Docker,
  sources: readonly RunSource[],
  count: number,
  limits: SandboxLimits,
  engine: EngineInfo,
  signal: AbortSignal,
): Promise<Background> {
  const failures = new Set<string>();
  if (count === 0) return { requested: 0, running: 0, failures: [] };
  const work = planWorkload(sources, limits, engine, BACKGROUND_INSTANCE);
  const detached = work.runs.filter((run) => run.detach);
  if (detached.length === 0) {
    return { requested: count, running: 0, failures: ['the lessons have no detached docker run line'] };
  }
  let next = 0;
  const starter = async () => {
    for (let serial = next++; serial < count && !signal.aborted; serial = next++) {
      const run = detached[serial % detached.length];
      if (!run) continue;
      try {
        for (const volume of run.volumes) {
          await docker.createVolume({ Name: volume.name, Labels: volume.labels });
        }
        await (await createPlanned(docker, work, run, `background-${serial}`)).start();
      } catch (error) {
        failures.add(
          `${run.label}: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(STARTING_AT_ONCE, count) }, starter));
  return { requested: count, running: await countRunning(docker), failures: [...failures].slice(0, 3) };
}

/** The background's containers running now. */
export async function countRunning(docker: Docker): Promise<number> {
  const running = await docker.listContainers({
    filters: { label: [`${INSTANCE_LABEL}=${BACKGROUND_INSTANCE}`], status: ['running'] },
  });
  return running.length;
}
