/** A file's owner as a container sees it, from the uid its host stores and the engine's data root. */
import { describe, expect, it } from 'vitest';
import { remappedRoot, uidInContainer } from '../../server/checks/container-uid.ts';

describe('container uids', () => {
  it('reads the remapped root from the data root dockerd names after it', () => {
    expect(remappedRoot('/var/lib/volume-lab/store/engine/100000.100000')).toBe(100000);
    expect(remappedRoot('/var/lib/docker/231072.231072/')).toBe(231072);
    expect(remappedRoot('/var/lib/docker')).toBeUndefined();
    expect(remappedRoot('/srv/docker-1.2')).toBeUndefined();
  });

  it('maps the host uid back into the container, as its kernel shows it', () => {
    expect(uidInContainer(100999, 100000)).toBe(999);
    expect(uidInContainer(100000, 100000)).toBe(0);
    // Outside the namespace's range: the overflow uid, "nobody".
    expect(uidInContainer(0, 100000)).toBe(65534);
    expect(uidInContainer(100000 + 65536, 100000)).toBe(65534);
    expect(uidInContainer(999, undefined)).toBe(999);
  });
});
