/**
 * SECURITY-RELEVANT: the one module that runs btrfs-progs. The lab holds each session to its data
 * quota with btrfs simple-quota groups on the filesystem its engines keep their data on
 * (scripts/engine-store.sh); every path and id here comes from the engine or the lab, never from a
 * learner.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, statfs } from 'node:fs/promises';
import { runCommand } from './command-shells.ts';

/** statfs(2)'s f_type for btrfs. */
const BTRFS_MAGIC = 0x9123683e;
/** Commands here touch metadata only; one that takes longer than this is stuck. */
const TIMEOUT_MS = 15_000;

/** A btrfs command that failed, with what it printed on stderr. */
export class BtrfsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BtrfsError';
  }
}

function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: TIMEOUT_MS, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new BtrfsError(`${command} ${args.join(' ')}: ${(stderr || error.message).trim()}`));
      else resolve(stdout);
    });
  });
}

/** Runs btrfs-progs without forking this server (command-shells.ts); none of its output is needed. */
async function btrfs(...args: string[]): Promise<void> {
  await runCommand(['btrfs', ...args], TIMEOUT_MS).catch((error: Error) => {
    throw new BtrfsError(error.message);
  });
}

/** A qgroup id as btrfs-progs writes it: `level/id`. */
export type QgroupId = `${number}/${number}`;

export interface QgroupUsage {
  /** Bytes the group's subvolumes wrote and still hold (simple quotas: exclusive = referenced). */
  exclusive: number;
}

export async function isBtrfs(path: string): Promise<boolean> {
  try {
    return (await statfs(path)).type === BTRFS_MAGIC;
  } catch {
    return false;
  }
}

/** Where the kernel shows the quota groups of the filesystem at `path`, one directory each. */
export async function qgroupsDirectory(path: string): Promise<string> {
  const uuid = (await run('findmnt', ['-no', 'UUID', '--target', path])).trim();
  return `/sys/fs/btrfs/${uuid}/qgroups`;
}

/** `squota`, `qgroup` (full quotas) or `disabled`, as the kernel reports it for the filesystem. */
export async function quotaMode(qgroups: string): Promise<string> {
  try {
    return (await readFile(`${qgroups}/mode`, 'utf8')).trim();
  } catch {
    return 'disabled';
  }
}

/**
 * Creates a subvolume already in a quota group: one process, where creating, looking up its id and
 * assigning it would take three (each costs several milliseconds to start).
 */
export async function createSubvolumeIn(path: string, group: QgroupId): Promise<void> {
  await btrfs('subvolume', 'create', '-i', group, path);
}

const exists = (error: unknown) => error instanceof BtrfsError && /File exists/.test(error.message);

/** Creates a quota group; one that exists already is left as it is. */
export async function createQgroup(id: QgroupId, fs: string): Promise<void> {
  await btrfs('qgroup', 'create', id, fs).catch((error: unknown) => {
    if (!exists(error)) throw error;
  });
}

/** Limits the bytes a group may hold: writes beyond it fail with EDQUOT ("Disk quota exceeded"). */
export async function limitQgroup(id: QgroupId, bytes: number, fs: string): Promise<void> {
  await btrfs('qgroup', 'limit', '-e', String(bytes), id, fs);
}

/**
 * Commits the filesystem's transaction, which wakes the cleaner: a deleted subvolume's space, and its
 * share of a quota group, is handed back only then, up to 30 s later otherwise. (`subvolume sync`
 * would wait for that commit instead of causing it.)
 */
export async function commitDeletions(fs: string): Promise<void> {
  await btrfs('filesystem', 'sync', fs);
}

export async function destroyQgroup(id: QgroupId, fs: string): Promise<void> {
  await btrfs('qgroup', 'destroy', id, fs);
}

/**
 * What every quota group of a level holds, by id within the level, as the kernel counts it now.
 * Read from sysfs, not `btrfs qgroup show`: no process, and no path lookup for every subvolume.
 */
export async function qgroupUsage(level: number, qgroups: string): Promise<Map<number, QgroupUsage>> {
  const usage = new Map<number, QgroupUsage>();
  const prefix = `${level}_`;
  const groups = (await readdir(qgroups)).filter((name) => name.startsWith(prefix));
  await Promise.all(
    groups.map(async (name) => {
      // A group destroyed between the listing and the read is simply gone.
      const exclusive = await readFile(`${qgroups}/${name}/exclusive`, 'utf8').catch(() => undefined);
      if (exclusive !== undefined)
        usage.set(Number(name.slice(prefix.length)), { exclusive: Number(exclusive) });
    }),
  );
  return usage;
}
