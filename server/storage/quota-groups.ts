/**
 * SECURITY: the quota groups that hold sessions to their data quota where the filesystem can: the
 * kernel refuses the write that would pass a session's quota ("Disk quota exceeded").
 *
 * The engine keeps its data on a btrfs filesystem with simple quotas (scripts/engine-store.sh) and
 * uses overlay2. Each session has a quota group, `1/<session id>`, limited to the quota. Before a
 * container first starts, its layer's directory and the `_data` of every volume it mounts become
 * subvolumes of that group: "adoption". Only containers write into volumes, and every container the
 * lab makes or starts is adopted first, so a volume nothing has mounted yet needs nothing. Simple
 * quotas charge each extent to the subvolume that wrote it, so what a container copies from its
 * image is not charged, and a group's total is exact at any moment without a rescan.
 *
 * An engine that cannot be held to this (another driver, another filesystem, another host) has no
 * quota groups; the lab samples its sessions instead (sampled-quota.ts).
 */

import { randomBytes } from 'node:crypto';
import { chmod, chown, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SESSION_ID_PATTERN } from '../../src/shared/session-id.ts';
import type { EngineContainer } from '../docker/containers.ts';
import type { Engine } from '../docker/engine.ts';
import {
  commitDeletions,
  createQgroup,
  createSubvolumeIn,
  destroyQgroup,
  isBtrfs,
  limitQgroup,
  type QgroupId,
  qgroupsDirectory,
  qgroupUsage,
  quotaMode,
} from './btrfs.ts';
import { runCommand } from './command-shells.ts';

/** A session's group is full: even the metadata of a new subvolume would not fit. */
export class SandboxFull extends Error {
  constructor() {
    super('the session has no room left in its quota group');
    this.name = 'SandboxFull';
  }
}

/** EDQUOT, as Node reports it from a file-system call (it has no name for it). */
const EDQUOT = -122;

/** btrfs gives the root directory of every subvolume this inode number, and no other directory. */
const SUBVOLUME_ROOT_INODE = 256;
const SESSION_LEVEL = 1;

/** One engine's quota groups, one per session, on the filesystem that holds the engine's data. */
export interface QuotaGroups {
  /** The engine's data root, as this server sees it. */
  readonly rootDir: string;
  /**
   * Puts a container's writable layer, and every volume it mounts, in its session's group. Done
   * before the container first starts; doing it again is cheap (no process) and changes nothing.
   * Rejects with SandboxFull when the session has no room left even for that.
   */
  adoptContainer(sessionId: string, container: EngineContainer): Promise<void>;
  /** Bytes each session holds now, by session id (sessions that never wrote are absent). */
  usage(): Promise<Map<string, number>>;
  /** Resolves once the space of removed containers and volumes is back (btrfs frees it in the background). */
  reclaimed(): Promise<void>;
  /** Removes the group of a session whose objects are gone. */
  release(sessionId: string): Promise<void>;
}

/** The quota group of a session: its 12-hex-digit id is exactly the 48 bits a group id has. */
export function sessionQgroup(sessionId: string): QgroupId {
  if (!SESSION_ID_PATTERN.test(sessionId)) throw new Error(`not a session id: ${sessionId}`);
  return `${SESSION_LEVEL}/${Number.parseInt(sessionId, 16)}`;
}

function sessionOfQgroup(id: number): string {
  return id.toString(16).padStart(12, '0');
}

/**
 * Opens the quota groups of an engine whose data root this server can reach, after checking that they
 * can really hold sessions to their quota; otherwise says why not.
 */
export async function openQuotaGroups(
  engine: Engine,
  limitBytes: number,
): Promise<{ ok: true; groups: QuotaGroups } | { ok: false; reason: string }> {
  const cannot = (reason: string) => ({ ok: false as const, reason });
  const { driver, rootDir } = await engine.storage();
  if (driver !== 'overlay2')
    return cannot(`the engine's storage driver is ${driver || 'unknown'}, not overlay2`);
  if (!(await isBtrfs(rootDir))) {
    return cannot(
      `its data root ${rootDir} is not on a btrfs filesystem this server can reach (is the engine on another host?)`,
    );
  }
  const qgroups = await qgroupsDirectory(rootDir).catch(() => '');
  const mode = qgroups === '' ? 'unknown' : await quotaMode(qgroups);
  if (mode !== 'squota')
    return cannot(`simple quotas are not on for ${rootDir} (${mode}); run scripts/engine-store.sh`);
  if (!(await sharesHost(engine, rootDir))) {
    return cannot(
      `a volume the engine made did not appear under ${rootDir} here: the engine is on another host`,
    );
  }
  return { ok: true, groups: quotaGroupsAt(rootDir, qgroups, limitBytes) };
}

/**
 * Whether the engine's data root seen here is the engine's own: a path of the same name on another
 * host would pass every other check. A volume with a random name proves it, and is removed again.
 */
async function sharesHost(engine: Engine, rootDir: string): Promise<boolean> {
  const name = `vl-storage-probe-${randomBytes(8).toString('hex')}`;
  const volume = await engine.createVolume(name, {});
  try {
    return volume.Mountpoint.startsWith(`${rootDir}/`) && (await stat(volume.Mountpoint)).isDirectory();
  } catch {
    return false;
  } finally {
    await engine.removeVolume(name, true).catch(() => {});
  }
}

/**
 * A copy is of what one container's mount or layer holds, within the session's quota: one still
 * running after this long is stuck.
 */
const COPY_TIMEOUT_MS = 60_000;

function quotaGroupsAt(rootDir: string, qgroups: string, limitBytes: number): QuotaGroups {
  const groups = new Map<string, Promise<void>>();

  /** The session's group, made and limited once per server life (again after a restart: both are idempotent). */
  const groupOf = (sessionId: string): Promise<QgroupId> => {
    const id = sessionQgroup(sessionId);
    let ready = groups.get(sessionId);
    if (!ready) {
      ready = createQgroup(id, rootDir).then(() => limitQgroup(id, limitBytes, rootDir));
      groups.set(sessionId, ready);
      ready.catch(() => groups.delete(sessionId));
    }
    return ready.then(() => id);
  };

  /**
   * Makes a directory the engine created into a subvolume of the session's group, keeping its owner,
   * mode and contents (a container's mount may have copied its image's files into a new volume).
   */
  const adoptDirectory = async (sessionId: string, path: string) => {
    if (!path.startsWith(`${rootDir}/`) || path.includes('/../')) {
      throw new Error(`refusing to adopt ${path}: it is not under the engine's data root ${rootDir}`);
    }
    const before = await stat(path);
    if (before.ino === SUBVOLUME_ROOT_INODE) return;
    const group = await groupOf(sessionId);
    const fresh = `${path}.vl-new`;
    const old = `${path}.vl-old`;
    // Leftovers of an adoption a crash interrupted: the original is still at `path`.
    await rm(fresh, { recursive: true, force: true });
    await rm(old, { recursive: true, force: true });
    // In the group from the start, so everything written into it, the copy below included, is charged.
    await createSubvolumeIn(fresh, group).catch(async () => {
      // The group may have gone behind this server's back (an operator destroying empty groups, or
      // another server releasing a session it thought ended): made again, once.
      groups.delete(sessionId);
      await createSubvolumeIn(fresh, await groupOf(sessionId));
    });
    try {
      await chown(fresh, before.uid, before.gid);
      await chmod(fresh, before.mode & 0o7777);
      if ((await readdir(path)).length > 0) {
        // Real copies, not reflinks: a reflinked extent stays charged to whoever wrote it first.
        await runCommand(['cp', '-a', '--reflink=never', `${path}/.`, `${fresh}/`], COPY_TIMEOUT_MS);
      }
    } catch (error) {
      await rm(fresh, { recursive: true, force: true });
      const full =
        (error as NodeJS.ErrnoException).errno === EDQUOT ||
        /Disk quota exceeded/.test((error as Error).message);
      if (full) throw new SandboxFull();
      throw error;
    }
    await rename(path, old);
    await rename(fresh, path);
    await rm(old, { recursive: true, force: true });
  };

  return {
    rootDir,
    async adoptContainer(sessionId, container) {
      for (const mount of container.Mounts ?? []) {
        if (mount.Type === 'volume') await adoptDirectory(sessionId, mount.Source);
      }
      const upper = container.GraphDriver?.Data?.UpperDir;
      if (container.GraphDriver?.Name !== 'overlay2' || !upper?.endsWith('/diff')) {
        throw new Error(`container ${container.Id} has no overlay2 upper directory to hold to the quota`);
      }
      // The layer's whole directory, not `diff` alone: overlay moves files from its `work` directory
      // into `diff`, and btrfs refuses a rename between subvolumes ("Invalid cross-device link").
      await adoptDirectory(sessionId, dirname(upper));
    },
    async usage() {
      const usage = new Map<string, number>();
      for (const [id, group] of await qgroupUsage(SESSION_LEVEL, qgroups)) {
        usage.set(sessionOfQgroup(id), group.exclusive);
      }
      return usage;
    },
    reclaimed: () => commitDeletions(rootDir),
    async release(sessionId) {
      groups.delete(sessionId);
      // The engine's removals leave subvolumes for btrfs to clean, and until it has they are still
      // members: commit so it cleans now, and try again briefly if it has not yet.
      for (let attempt = 0; attempt < 5; attempt++) {
        await commitDeletions(rootDir).catch(() => {});
        try {
          await destroyQgroup(sessionQgroup(sessionId), rootDir);
          return;
        } catch (error) {
          // A session that never wrote never had a group.
          if (/No such file or directory/.test((error as Error).message)) return;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    },
  };
}
