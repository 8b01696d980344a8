/**
 * SECURITY: a session's objects on its engine, read from the engine's picture
 * (server/docker/engine-picture.ts) rather than listed, and what a learner's container reference means
 * among them only. Past the picture's barrier every call the lab made for the session shows, so a
 * command that decides from them (a new container's quotas, its name, what `--volumes-from` lends it;
 * which container `docker rm`, `exec` or `logs` means) sees what a listing would, without the engine
 * doing the listing. Commands whose output is a listing (`docker ps`, `docker volume ls`) still list.
 * Without a picture (tests that build services by hand) the engine is listed.
 */
import type { PictureContainer, PictureMount, SessionObjects } from '../docker/engine-picture.ts';
import type { Namespace } from '../sandbox/namespace.ts';
import type { LabServices } from './context.ts';
import { findContainer, listOwnContainers } from './own-containers.ts';

/** A container of the session, in the learner's name, with what checks and quotas read of it. */
export interface SessionContainer {
  id: string;
  /** The name the learner sees (no slash, no prefix). */
  name: string;
  engineName: string;
  /** As a listing's `State`: created, running, exited, ... */
  state: string;
  image: string;
  mounts: readonly PictureMount[];
}

type ObjectServices = Pick<LabServices, 'engine' | 'containers' | 'picture'>;

/** The session's objects as two listings say them: what the picture must agree with. */
export async function listSessionObjects(
  services: Pick<LabServices, 'engine' | 'containers'>,
  ns: Namespace,
): Promise<SessionObjects> {
  const [volumes, containers] = await Promise.all([
    services.engine.listVolumes({ label: [ns.labelFilter] }),
    listOwnContainers(services.containers, ns),
  ]);
  return {
    volumes,
    containers: containers.map(
      (own): PictureContainer => ({
        id: own.id,
        name: own.engineName,
        session: ns.sessionId,
        image: own.summary.Image,
        state: own.summary.State,
        mounts: (own.summary.Mounts ?? []).map((mount) => ({
          Type: mount.Type,
          Name: mount.Name,
          Destination: mount.Destination,
          RW: mount.RW,
        })),
        volumesFrom: undefined,
      }),
    ),
  };
}

export function readSessionObjects(services: ObjectServices, ns: Namespace): Promise<SessionObjects> {
  return services.picture?.session(ns.sessionId) ?? listSessionObjects(services, ns);
}

/** The objects' containers that carry one of the session's names, in the learner's names. */
export function sessionContainers(objects: SessionObjects, ns: Namespace): SessionContainer[] {
  return objects.containers.flatMap((container) => {
    const name = ns.fromEngine(container.name);
    if (name === undefined) return [];
    return [
      {
        id: container.id,
        name,
        engineName: container.name,
        state: container.state,
        image: container.image,
        mounts: container.mounts,
      },
    ];
  });
}

/** The session's container a learner's reference (name, ID or ID prefix) means, or the daemon's "No such container". */
export async function resolveContainer(
  services: ObjectServices,
  ns: Namespace,
  reference: string,
): Promise<SessionContainer | string> {
  return findContainer(sessionContainers(await readSessionObjects(services, ns), ns), reference);
}
