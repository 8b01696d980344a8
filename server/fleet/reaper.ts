/**
 * SECURITY: removes what sessions leave on an engine. The engine's labels are the source of truth:
 * every container and volume this lab instance makes carries the instance label and the session (or
 * checker) label, so whatever a crashed server, a killed test or an expired session left behind is
 * found by listing, never by remembering.
 */
import type { ContainerEngine } from '../docker/containers.ts';
import type { Engine } from '../docker/engine.ts';
import { CHECKER_LABEL, INSTANCE_LABEL, SESSION_LABEL } from '../labels.ts';

export interface ReapTarget {
  readonly engine: Engine;
  readonly containers: ContainerEngine;
}

export interface ReapResult {
  containers: number;
  volumes: number;
  /** Sessions that had something removed. */
  sessions: Set<string>;
}

function sessionOf(labels: Record<string, string> | null | undefined): string | undefined {
  return labels?.[SESSION_LABEL] ?? labels?.[CHECKER_LABEL];
}

/**
 * Removes every container, then every volume, of the instance whose session `keep` rejects.
 * Containers go first because a volume in use cannot be removed. Failures (an object already gone,
 * a volume still held for a moment) are left for the next sweep.
 */
export async function reap(
  target: ReapTarget,
  instance: string,
  keep: (sessionId: string) => boolean,
): Promise<ReapResult> {
  const result: ReapResult = { containers: 0, volumes: 0, sessions: new Set() };
  const filter = { label: [`${INSTANCE_LABEL}=${instance}`] };
  const containers = await target.containers.list(filter, { all: true });
  await Promise.all(
    containers.map(async (container) => {
      const session = sessionOf(container.Labels);
      if (session !== undefined && keep(session)) return;
      try {
        await target.containers.remove(container.Id, { force: true, volumes: true });
        result.containers++;
        if (session !== undefined) result.sessions.add(session);
      } catch {
        // Gone already, or being removed by its own command: the next sweep looks again.
      }
    }),
  );
  const volumes = await target.engine.listVolumes(filter);
  await Promise.all(
    volumes.map(async (volume) => {
      const session = sessionOf(volume.Labels);
      if (session !== undefined && keep(session)) return;
      try {
        await target.engine.removeVolume(volume.Name, true);
        result.volumes++;
        if (session !== undefined) result.sessions.add(session);
      } catch {
        // Still mounted by a container that is on its way out: the next sweep removes it.
      }
    }),
  );
  return result;
}

export interface Removal {
  containers: number;
  volumes: number;
  /** Volumes still there after the retries: in use by something that is not the sessions'. */
  left: string[];
}

/**
 * Removes every container (check helpers too) and volume of the given sessions: the one way a
 * session's objects leave its engine, whether it ended, was reset, or a test or the load bench is done
 * with it. Retries while a container that held a volume finishes going.
 */
export async function removeSessions(
  target: ReapTarget,
  instance: string,
  sessions: ReadonlySet<string>,
): Promise<Removal> {
  const removal: Removal = { containers: 0, volumes: 0, left: [] };
  for (let attempt = 0; attempt < 20; attempt++) {
    const reaped = await reap(target, instance, (id) => !sessions.has(id));
    removal.containers += reaped.containers;
    removal.volumes += reaped.volumes;
    removal.left = (await target.engine.listVolumes({ label: [`${INSTANCE_LABEL}=${instance}`] }))
      .filter((volume) => sessions.has(volume.Labels?.[SESSION_LABEL] ?? ''))
      .map((volume) => volume.Name);
    if (removal.left.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return removal;
}
