/**
 * Removes what the bench's sessions made, as the test fixture does for its own (containers first,
 * with their anonymous volumes, then the session's volumes), here for every session of a level at
 * once and straight through dockerode, since the server under test runs in another process.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { CHECKER_LABEL } from '../../server/checks/volume-file.ts';
import { createEngine } from '../../server/docker/engine.ts';
import { SESSION_LABEL } from '../../server/session/namespace.ts';
import { openSessionStorage } from '../../server/storage/session-storage.ts';

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

export async function removeSessionObjects(
  docker: Docker,
  sessions: ReadonlySet<string>,
): Promise<CleanupResult> {
  const result: CleanupResult = { containers: 0, volumes: 0, unlabelled: [], left: [] };
  const prefixes = [...sessions].map((id) => `vl-${id}-`);
  if (sessions.size === 0) return result;
  // A check's helper container can still be on its way when the server stops: look more than once.
  for (let attempt = 0; ; attempt++) {
    const [own, checkers] = await Promise.all([
      docker.listContainers({ all: true, filters: { label: [SESSION_LABEL] } }),
      docker.listContainers({ all: true, filters: { label: [CHECKER_LABEL] } }),
    ]);
    const containers = [
      ...own.filter((c) => sessions.has(c.Labels[SESSION_LABEL] ?? '')),
      ...checkers.filter((c) => sessions.has(c.Labels[CHECKER_LABEL] ?? '')),
    ];
    await Promise.all(
      containers.map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true, v: true })
          .then(() => {
            result.containers++;
          })
          .catch(() => {}),
      ),
    );
    // All volumes, not those with the label: the bare ones a session's names ended up on count too.
    const listed = await docker.listVolumes();
    const volumes = (listed.Volumes ?? []).filter(
      (v) =>
        sessions.has(v.Labels?.[SESSION_LABEL] ?? '') ||
        (v.Labels?.[SESSION_LABEL] === undefined && prefixes.some((prefix) => v.Name.startsWith(prefix))),
    );
    for (const volume of volumes) {
      const bare = volume.Labels?.[SESSION_LABEL] === undefined;
      if (bare && !result.unlabelled.includes(volume.Name)) result.unlabelled.push(volume.Name);
    }
    const left = await Promise.all(
      volumes.map((volume) =>
        docker
          .getVolume(volume.Name)
          .remove({ force: true })
          .then(
            () => {
              result.volumes++;
              return undefined;
            },
            () => volume.Name,
          ),
      ),
    );
    result.left = left.filter((name) => name !== undefined);
    if (result.left.length === 0 || attempt === 20) return result;
    await sleep(100);
  }
}

/** Removes the sessions' quota groups, as the server does when a session ends (their objects are gone). */
export async function releaseSessionStorage(docker: Docker, sessions: ReadonlySet<string>): Promise<void> {
  const storage = await openSessionStorage(createEngine(docker), 1);
  await Promise.all([...sessions].map((id) => storage.release(id)));
}
