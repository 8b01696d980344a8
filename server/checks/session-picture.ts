/** The session's volumes and containers and their mounts, in the learner's names, for the page's diagram. */
import type { SessionState } from '../../src/shared/protocol.ts';
import type { LabServices } from '../commands/context.ts';
import { listOwnContainers } from '../commands/own-containers.ts';
import { type Namespace, SESSION_LABEL } from '../session/namespace.ts';

export async function sessionPicture(
  services: LabServices,
  ns: Namespace,
): Promise<Omit<SessionState, 'type'>> {
  const volumes = (await services.engine.listVolumes({ label: [ns.labelFilter] })).flatMap((volume) => {
    const name = ns.fromEngine(volume.Name);
    if (name === undefined || volume.Labels?.[SESSION_LABEL] !== ns.sessionId) return [];
    return [{ name, anonymous: name === volume.Name }];
  });
  const containers = (await listOwnContainers(services.containers, ns)).map((own) => ({
    name: own.name,
    running: own.summary.State === 'running',
    image: own.summary.Image,
    mounts: (own.summary.Mounts ?? []).flatMap((mount) => {
      if (mount.Type !== 'volume' || mount.Name === undefined) return [];
      const volume = ns.fromEngine(mount.Name);
      if (volume === undefined) return [];
      return [{ volume, anonymous: volume === mount.Name, target: mount.Destination, readOnly: !mount.RW }];
    }),
  }));
  return {
    volumes: volumes.sort((a, b) => a.name.localeCompare(b.name)),
    containers: containers.sort((a, b) => a.name.localeCompare(b.name)),
  };
}
