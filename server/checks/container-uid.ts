/**
 * A file's owner as a container sees it. On an engine with user-namespace remapping the host stores
 * a container's uid N as the remapped root's uid plus N (with the default `dockremap` range, 999 in
 * the container is 100999 on the host), and both a volume's files on disk and the engine's archives
 * of them carry the host's number. dockerd names its data root after that root, `<uid>.<gid>`
 * (setupDaemonRoot in moby), so `docker info`'s DockerRootDir says how to map back.
 */
import type { Engine } from '../docker/engine.ts';

/** The size of the range `--userns-remap=default` takes from /etc/subuid. */
const REMAP_RANGE = 65_536;
/** What the kernel shows for an id the namespace does not map (`/proc/sys/kernel/overflowuid`). */
const OVERFLOW_UID = 65_534;

/** The host uid a remapped engine's root is, from its data root's name; undefined when not remapped. */
export function remappedRoot(dataRoot: string): number | undefined {
  const match = /\/(\d+)\.\d+\/?$/.exec(dataRoot);
  const uid = match ? Number(match[1]) : 0;
  return uid > 0 ? uid : undefined;
}

/** The uid a container of an engine remapped to `root` sees for a file the host says `hostUid` owns. */
export function uidInContainer(hostUid: number, root: number | undefined): number {
  if (root === undefined) return hostUid;
  const inside = hostUid - root;
  return inside >= 0 && inside < REMAP_RANGE ? inside : OVERFLOW_UID;
}

const roots = new WeakMap<Engine, Promise<number | undefined>>();

/** The engine's remapped root, asked once per engine. */
export function engineRemappedRoot(engine: Engine): Promise<number | undefined> {
  let root = roots.get(engine);
  if (!root) {
    root = engine.storage().then(({ rootDir }) => remappedRoot(rootDir));
    // A failed look is not remembered: the next check asks again.
    root.catch(() => roots.delete(engine));
    roots.set(engine, root);
  }
  return root;
}
