/**
 * One look at a session's objects on its engine, shared by everything evaluated at once: a lesson's
 * checks, the session's picture for the page and a lesson reset read the same look. It comes from the
 * engine's picture (server/docker/engine-picture.ts), which waits until the session's last calls show
 * in the engine's events; without one it lists the engine. A container's --volumes-from entries are
 * asked for only when a check needs them.
 */
import type { LabServices } from '../commands/context.ts';
import { readSessionObjects, type SessionContainer, sessionContainers } from '../commands/session-objects.ts';
import type { EngineVolume } from '../docker/engine.ts';
import type { SessionObjects } from '../docker/engine-picture.ts';
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
    this.objects ??= readSessionObjects(this.services, this.ns);
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
    return sessionContainers(await this.read(), this.ns);
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
