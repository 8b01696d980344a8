/**
 * Removes what the bench's sessions made with the function the server removes an ended session's
 * objects with (server/fleet/reaper.ts), here for every session of a level at once and through the
 * bench's own dockerode, since the server under test runs in another process.
 */
import type Docker from 'dockerode';
import { createContainerEngine } from '../../server/docker/containers.ts';
import { createEngine } from '../../server/docker/engine.ts';
import { removeSessions } from '../../server/fleet/reaper.ts';
import { SESSION_LABEL } from '../../server/labels.ts';
import { sessionPrefix } from '../../server/sandbox/namespace.ts';
import { openEngineStorage } from '../../server/storage/engine-storage.ts';

export interface CleanupResult {
  containers: number;
  volumes: number;
  /**
   * Volumes with a session's name prefix but without its label: the engine makes a volume bare when a
   * container mounts a name that does not exist (yet, or any more), so these show a server bug.
   */
  unlabelled: string[];
  /** Volumes still there after the retries (in use by something the bench did not make). */
  left: string[];
}

/** Removes the objects the sessions of the server instance `instance` made, and the bare volumes named for them. */
export async function removeSessionObjects(
  docker: Docker,
  instance: string,
  sessions: ReadonlySet<string>,
): Promise<CleanupResult> {
  if (sessions.size === 0) return { containers: 0, volumes: 0, unlabelled: [], left: [] };
  const engine = createEngine(docker);
  const removal = await removeSessions(
    { engine, containers: createContainerEngine(docker) },
    instance,
    sessions,
  );
  const prefixes = [...sessions].map(sessionPrefix);
  // All volumes, not those with the label: the bare ones a session's names ended up on count too.
  const unlabelled = (await engine.listVolumes({}))
    .filter((volume) => volume.Labels?.[SESSION_LABEL] === undefined)
    .filter((volume) => prefixes.some((prefix) => volume.Name.startsWith(prefix)))
    .map((volume) => volume.Name);
  const left = [...removal.left];
  let volumes = removal.volumes;
  for (const name of unlabelled) {
    await engine.removeVolume(name, true).then(
      () => volumes++,
      () => left.push(name),
    );
  }
  return { containers: removal.containers, volumes, unlabelled, left };
}

/** Removes the sessions' quota groups, as the server does when a session ends (their objects are gone). */
export async function releaseSessionStorage(docker: Docker, sessions: ReadonlySet<string>): Promise<void> {
  const storage = await openEngineStorage(createEngine(docker), 1);
  if (storage.enforced) await Promise.all([...sessions].map((id) => storage.groups.release(id)));
}
