/**
 * SECURITY: reads a file of a learner's volume straight from this host's disk, where the engine's data
 * root is proven to be this host's (the storage probe at start-up, server/storage/quota-groups.ts).
 * The server runs as root and the learner controls everything inside the volume: symlinks (to
 * /etc/shadow, to another session's volume, in place of a directory on the way), FIFOs that would
 * block an open, device nodes, huge files, names of any bytes. So:
 * - the path is the lesson's, and no part of it may be `..`;
 * - the volume's directory must be exactly `<data root>/volumes/<its name>/_data`, real path and all;
 * - every directory on the way must be a directory, not a symlink, and the file a regular file,
 *   before anything is opened: no device or FIFO is ever opened on purpose;
 * - the file is opened O_NOFOLLOW | O_NONBLOCK | O_NOCTTY (a symlink swapped in fails, a FIFO swapped
 *   in does not wait), must still be the regular file looked at (fstat), and `/proc/self/fd/N` must
 *   name a path inside that `_data` (a directory swapped for a symlink cannot lead elsewhere);
 * - at most `MAX_FILE_BYTES` are read.
 * Anything that fails these reads as "no such file", as the helper container's archive would say.
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open, readlink, realpath } from 'node:fs/promises';
import { posix } from 'node:path';

/** Checks read at most this much of a file: enough for any text a lesson looks for. */
export const MAX_FILE_BYTES = 64 * 1024;

/** The start of a file as text, and its owner's uid as the engine's host stores it. */
export interface VolumeFile {
  text: string;
  uid: number;
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;

/** The path's parts inside the volume, or undefined when it would climb out of it. */
function partsOf(path: string): string[] | undefined {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  return parts.length === 0 || parts.includes('..') ? undefined : parts;
}

async function lstatOrNothing(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch {
    return undefined;
  }
}

/** The volume's `_data` directory, real, if the engine's mountpoint for it is where it must be. */
async function volumeDirectory(
  dataRoot: string,
  volume: string,
  mountpoint: string,
): Promise<string | undefined> {
  try {
    const expected = posix.join(await realpath(dataRoot), 'volumes', volume, '_data');
    return (await realpath(mountpoint)) === expected ? expected : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The start of a file in a volume and its owner, or undefined when the volume has no regular file
 * there that can be read safely. `mountpoint` is the engine's for the volume `volume`.
 */
export async function readVolumeFileOnDisk(
  dataRoot: string,
  volume: { Name: string; Mountpoint: string },
  path: string,
): Promise<VolumeFile | undefined> {
  const parts = partsOf(path);
  const directory = await volumeDirectory(dataRoot, volume.Name, volume.Mountpoint);
  if (!parts || directory === undefined) return undefined;
  let walked = directory;
  for (const part of parts.slice(0, -1)) {
    walked = posix.join(walked, part);
    const step = await lstatOrNothing(walked);
    if (!step?.isDirectory()) return undefined;
  }
  const target = posix.join(walked, parts.at(-1) ?? '');
  const looked = await lstatOrNothing(target);
  if (!looked?.isFile()) return undefined;
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(target, OPEN_FLAGS);
  } catch {
    return undefined;
  }
  try {
    const opened = await file.stat();
    if (!opened.isFile() || opened.ino !== looked.ino || opened.dev !== looked.dev) return undefined;
    const real = await readlink(`/proc/self/fd/${file.fd}`);
    if (!real.startsWith(`${directory}/`)) return undefined;
    const buffer = Buffer.alloc(MAX_FILE_BYTES);
    let length = 0;
    while (length < MAX_FILE_BYTES) {
      const { bytesRead } = await file.read(buffer, length, MAX_FILE_BYTES - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return { text: buffer.subarray(0, length).toString('utf8'), uid: opened.uid };
  } catch {
    return undefined;
  } finally {
    await file.close();
  }
}
