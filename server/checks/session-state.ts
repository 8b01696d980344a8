/**
 * One look at a session's objects on its engine, shared by everything evaluated at once: a lesson's
 * checks, the session's picture for the page and a lesson reset read the same look. It comes from the
 * engine's picture (server/docker/engine-picture.ts), which waits until the session's last calls show
 * in the engine's events; without one it lists the engine. A container's --volumes-from entries are
 * asked for only when a check needs them.
 */
import type { LabServices } from '../commands/context.ts';
import { listOwnContainers } from '../commands/own-containers.ts';
import type { EngineVolume } from '../docker/engine.ts';
import type { PictureContainer, PictureMount, SessionObjects } from '../docker/engine-picture.ts';
import { SESSION_LABEL } from '../labels.ts';
import { isAnonymousVolume } from '../sandbox/anonymous-volume.ts';
import type { Namespace } from '../sandbox/namespace.ts';

export interface OwnVolume {
  engineName: string;
  /** The learner's name; an anonymous volume keeps the engine's. */
  name: string;
  volume: EngineVolume;
  /** As `isAnonymousVolume` decides. */
  anonymous: boolean;
}

/** A container of the session, in the learner's name, with what checks read of it. */
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

export class SessionState {
  private objects: Promise<SessionObjects> | undefined;
  private readonly inspected = new Map<string, Promise<readonly string[]>>();
  readonly services: LabServices;
  readonly ns: Namespace;

  constructor(services: LabServices, ns: Namespace) {
    this.services = services;
    this.ns = ns;
  }

  private read(): Promise<SessionObjects> {
    this.objects ??=
      this.services.picture?.session(this.ns.sessionId) ?? listSessionObjects(this.services, this.ns);
    return this.objects;
  }

  async ownVolumes(): Promise<OwnVolume[]> {
    return (await this.read()).volumes.flatMap((volume) => {
      const name = this.ns.fromEngine(volume.Name);
      if (name === undefined || volume.Labels?.[SESSION_LABEL] !== this.ns.sessionId) return [];
      return [{ engineName: volume.Name, name, volume, anonymous: isAnonymousVolume(this.ns, volume) }];
    });
  }

  async ownContainers(): Promise<SessionContainer[]> {
    return (await this.read()).containers.flatMap((container) => {
      const name = this.ns.fromEngine(container.name);
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

  /** The container's --volumes-from entries (`id[:mode]`), which only an inspect shows. */
  volumesFrom(container: SessionContainer): Promise<readonly string[]> {
    let entries = this.inspected.get(container.id);
    if (!entries) {
      const { picture, containers } = this.services;
      entries = picture
        ? picture.volumesFrom(container.id)
        : containers
            .inspect(container.id)
            .then((info) => (info.HostConfig as { VolumesFrom?: string[] | null }).VolumesFrom ?? []);
      this.inspected.set(container.id, entries);
    }
    return entries;
  }
}
