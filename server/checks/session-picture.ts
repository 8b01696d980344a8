/** The session's volumes and containers and their mounts, in the learner's names, for the page's diagram. */
import type { SessionState as Picture } from '../../src/shared/protocol.ts';
import { isAnonymousVolume } from '../sandbox/anonymous-volume.ts';
import type { SessionState } from './session-state.ts';

export async function sessionPicture(state: SessionState): Promise<Omit<Picture, 'type'>> {
  const { ns } = state;
  const ownVolumes = await state.ownVolumes();
  const byEngineName = new Map(ownVolumes.map((own) => [own.engineName, own.volume]));
  const volumes = ownVolumes.map((own) => ({ name: own.name, anonymous: own.anonymous }));
  const containers = (await state.ownContainers()).map((own) => ({
    name: own.name,
    running: own.state === 'running',
    image: own.image,
    mounts: own.mounts.flatMap((mount) => {
      if (mount.Type !== 'volume' || mount.Name === undefined) return [];
      const volume = ns.fromEngine(mount.Name);
      if (volume === undefined) return [];
      // A container made after the volumes were listed may mount one the listing lacks: judge its name.
      const summary = byEngineName.get(mount.Name) ?? { Name: mount.Name, Labels: null };
      const anonymous = isAnonymousVolume(ns, summary);
      return [{ volume, anonymous, target: mount.Destination, readOnly: !mount.RW }];
    }),
  }));
  return {
    volumes: volumes.sort((a, b) => a.name.localeCompare(b.name)),
    containers: containers.sort((a, b) => a.name.localeCompare(b.name)),
  };
}
