/** The session's volumes and containers and their mounts, in the learner's names, for the page's diagram. */
import type { SessionState as Picture } from '../../src/shared/protocol.ts';
import type { SessionState } from './session-state.ts';

export async function sessionPicture(state: SessionState): Promise<Omit<Picture, 'type'>> {
  const { ns } = state;
  const volumes = (await state.ownVolumes()).map((volume) => ({
    name: volume.name,
    anonymous: volume.name === volume.engineName,
  }));
  const containers = (await state.ownContainers()).map((own) => ({
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
