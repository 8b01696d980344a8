/**
 * Reads a file out of a volume for a check. Where the engine's data root is this host's, straight from
 * disk (volume-file-on-disk.ts): no engine call at all. Otherwise through the engine, so checks work
 * against a remote engine too: a helper container that is created but never started mounts the volume
 * read-only, and the file comes back as a tar archive.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import type { LabServices } from '../commands/context.ts';
import type { EngineVolume } from '../docker/engine.ts';
import { EngineError } from '../docker/engine-error.ts';
import { laneContainers } from '../docker/queued-containers.ts';
import { CHECKER_LABEL, INSTANCE_LABEL, SESSION_LABEL } from '../labels.ts';
import { sandboxRequest } from '../policy/run-request.ts';
import type { Namespace } from '../sandbox/namespace.ts';
import { MAX_FILE_BYTES as MAX_BYTES, readVolumeFileOnDisk, type VolumeFile } from './volume-file-on-disk.ts';

async function firstFile(archive: Readable): Promise<VolumeFile | undefined> {
  const unpack = extract();
  let content: VolumeFile | undefined;
  const done = new Promise<void>((resolve, reject) => {
    unpack.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (data: unknown) => {
        const chunk = data as Buffer;
        if (size < MAX_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      stream.on('end', () => {
        if (content === undefined && header.type === 'file') {
          // The engine archives a volume's files with their owners as its host stores them.
          content = { text: Buffer.concat(chunks).toString('utf8'), uid: header.uid ?? 0 };
        }
        next();
      });
      stream.resume();
    });
    unpack.on('finish', () => resolve());
    unpack.on('error', reject);
  });
  archive.pipe(unpack);
  await done;
  return content;
}

/** Whether the volume is still there, now that the session's lock is held. */
async function stillThere(services: LabServices, ns: Namespace, engineVolume: string): Promise<boolean> {
  // The picture has seen every removal made under the lock; without one, the engine is asked.
  if (services.picture) {
    const { volumes } = await services.picture.session(ns.sessionId);
    return volumes.some((volume) => volume.Name === engineVolume);
  }
  return services.engine.inspectVolume(engineVolume).then(
    () => true,
    () => false,
  );
}

/** The file's text and owner, or undefined when the volume has no such file. */
export function readVolumeFile(
  services: LabServices,
  ns: Namespace,
  volume: EngineVolume,
  path: string,
  image: string,
): Promise<VolumeFile | undefined> {
  const { dataRoot } = services;
  return new Promise((resolve, reject) => {
    // Under the session's lock, which removing a volume takes too: the helper neither holds a volume
    // the learner is removing, nor is created just after it was removed, when the engine would make
    // the volume again, bare, without the session's labels; and a disk read never meets a volume
    // while the data quota adopts it. The answer leaves as soon as it is read; the lock is held until
    // the helper is gone.
    void services.locks.run(ns.sessionId, async () => {
      try {
        if (!(await stillThere(services, ns, volume.Name))) resolve(undefined);
        else if (dataRoot !== undefined) resolve(await readVolumeFileOnDisk(dataRoot, volume, path));
        else await readWithHelper(services, ns, volume.Name, path, image, resolve);
      } catch (error) {
        reject(error);
      }
    });
  });
}

async function readWithHelper(
  services: LabServices,
  ns: Namespace,
  engineVolume: string,
  path: string,
  image: string,
  answer: (content: VolumeFile | undefined) => void,
): Promise<void> {
  // The helper's create and remove wait their turn in the session's lane, as its commands' do.
  const containers = laneContainers(services.containers, services.queue, ns.sessionId);
  const labels = { [CHECKER_LABEL]: ns.sessionId, [INSTANCE_LABEL]: ns.labels[INSTANCE_LABEL] ?? '' };
  const sandbox = sandboxRequest(image, labels, services.limits);
  const id = await containers.create(`volume-lab-check-${randomBytes(6).toString('hex')}`, {
    ...sandbox,
    Cmd: ['true'],
    HostConfig: {
      ...sandbox.HostConfig,
      Mounts: [{ Type: 'volume', Source: engineVolume, Target: '/volume', ReadOnly: true }],
    },
  });
  let stray = false;
  try {
    // A volume removed between the look above and this create (by anything that does not take the
    // session's lock, such as a server shutting down under a test) is made again, bare, by the
    // engine: one without the session's label is that, and is not the learner's to keep.
    const volume = await services.engine.inspectVolume(engineVolume).catch(() => undefined);
    if (volume?.Labels?.[SESSION_LABEL] !== ns.sessionId) {
      stray = volume !== undefined;
      answer(undefined);
      return;
    }
    const relative = path.replace(/^\/+/, '');
    answer(await firstFile(await containers.archive(id, `/volume/${relative}`)));
  } catch (error) {
    if (!(error instanceof EngineError) || error.statusCode !== 404) throw error;
    answer(undefined);
  } finally {
    await containers.remove(id, { force: true, volumes: false }).catch(() => {});
    if (stray) await services.engine.removeVolume(engineVolume, true).catch(() => {});
  }
}
