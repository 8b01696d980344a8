/**
 * One look at a session's objects on its engine, shared by everything evaluated at once: a lesson's
 * checks and the session's picture read the same two listings. A container is inspected only for
 * what its listing lacks (--volumes-from), and only when a check asks.
 */
import type { LabServices } from '../commands/context.ts';
import { listOwnContainers, type OwnContainer } from '../commands/own-containers.ts';
import type { EngineContainer } from '../docker/containers.ts';
import type { EngineVolume } from '../docker/engine.ts';
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

type WithVolumesFrom = EngineContainer & { HostConfig: { VolumesFrom?: string[] | null } };

export class SessionState {
  private volumes: Promise<OwnVolume[]> | undefined;
  private containers: Promise<OwnContainer[]> | undefined;
  private readonly inspected = new Map<string, Promise<WithVolumesFrom>>();
  readonly services: LabServices;
  readonly ns: Namespace;

  constructor(services: LabServices, ns: Namespace) {
    this.services = services;
    this.ns = ns;
  }

  ownVolumes(): Promise<OwnVolume[]> {
    this.volumes ??= this.services.engine.listVolumes({ label: [this.ns.labelFilter] }).then((list) =>
      list.flatMap((volume) => {
        const name = this.ns.fromEngine(volume.Name);
        if (name === undefined || volume.Labels?.[SESSION_LABEL] !== this.ns.sessionId) return [];
        return [{ engineName: volume.Name, name, volume, anonymous: isAnonymousVolume(this.ns, volume) }];
      }),
    );
    return this.volumes;
  }

  ownContainers(): Promise<OwnContainer[]> {
    this.containers ??= listOwnContainers(this.services.containers, this.ns);
    return this.containers;
  }

  /** The container's --volumes-from entries (`id[:mode]`), which only an inspect shows. */
  async volumesFrom(container: OwnContainer): Promise<string[]> {
    let info = this.inspected.get(container.id);
    if (!info) {
      info = this.services.containers.inspect(container.id) as Promise<WithVolumesFrom>;
      this.inspected.set(container.id, info);
    }
    return (await info).HostConfig.VolumesFrom ?? [];
  }
}
