/**
 * SECURITY: the per-session data quota, as learners are told about it. On an engine whose storage
 * enforces it (storage/session-storage.ts) the kernel refuses every write past the quota; this module
 * reads what each session holds and, once a session is full, explains the "Disk quota exceeded" its
 * commands met. On an engine that cannot enforce it, it is the only guard: it measures what each
 * session keeps (volumes and containers' writable layers) while any of its containers run, and stops a
 * session's containers once it holds more than its share, which a fast writer can overshoot.
 */
import type { ContainerEngine } from '../docker/containers.ts';
import type { Engine } from '../docker/engine.ts';
import type { SessionStorage } from '../storage/session-storage.ts';
import { SESSION_LABEL } from './namespace.ts';

interface DiskUsage {
  Volumes?: { Labels: Record<string, string> | null; UsageData?: { Size: number } | null }[] | null;
  Containers?: { Labels: Record<string, string> | null; SizeRw?: number }[] | null;
}

export interface DataQuota {
  /** Bytes the session held at the last measurement (0 before any). */
  usage(sessionId: string): number;
  /**
   * Whether the session had no room left at the last measurement: within a few MiB of its quota where
   * the filesystem enforces it (a new container cannot even make its mount points then), past it where
   * the quota is only sampled.
   */
  full(sessionId: string): boolean;
  /** Whether the filesystem enforces the quota (writes past it fail), rather than this sampling it. */
  readonly enforced: boolean;
  /** Resolves once a measurement under way (e.g. after the last command) is done; at once if none is. */
  settled(): Promise<void>;
  /** Measures again once the space of what was just removed is back: for a session that was full. */
  reclaim(): Promise<void>;
  /** Measures now, even with nothing running: a session over its share may have freed space since. */
  remeasure(): Promise<void>;
  stop(): void;
}

export interface DataQuotaOptions {
  engine: Engine;
  containers: ContainerEngine;
  limitBytes: number;
  intervalMs: number;
  storage: Pick<SessionStorage, 'enforced' | 'usage' | 'reclaimed'>;
  /** Tells a session's terminals what happened. */
  notify(sessionId: string, message: string): void;
  /**
   * Whether a session is this server's to police: another lab server on the same engine (another
   * workshop, a test) may hold its sessions to other limits.
   */
  owns(sessionId: string): boolean;
}

const MIB = 1024 * 1024;
/**
 * A session this close to its quota is full: the write that failed may have needed more than was
 * left, so the total stops a little short of the limit.
 */
const FULL_MARGIN_BYTES = 4 * MIB;

function fullNotice(heldBytes: number, limitBytes: number): string {
  return `volume-lab: your sandbox's storage is full: it holds ${Math.round(heldBytes / MIB)} MiB of the ${Math.round(limitBytes / MIB)} MiB it may keep, so writes fail with "Disk quota exceeded". Delete files, or remove volumes or containers (docker volume rm, docker rm), to make room.`;
}

export function startDataQuota(options: DataQuotaOptions): DataQuota {
  const usage = new Map<string, number>();
  let checking: Promise<void> | undefined;
  /** Sessions told they are full, until they have room again. */
  const toldFull = new Set<string>();
  const margin = Math.min(FULL_MARGIN_BYTES, options.limitBytes / 64);
  const isFull = (bytes: number) =>
    options.storage.enforced ? bytes >= options.limitBytes - margin : bytes > options.limitBytes;

  /** Reads the quota groups: cheap, so done on every tick and after every command that may have written. */
  async function readEnforced(): Promise<void> {
    const held = await options.storage.usage();
    usage.clear();
    for (const [session, bytes] of held) usage.set(session, bytes);
    for (const session of toldFull) if (!isFull(held.get(session) ?? 0)) toldFull.delete(session);
    for (const [session, bytes] of held) {
      if (!isFull(bytes) || toldFull.has(session) || !options.owns(session)) continue;
      toldFull.add(session);
      options.notify(session, fullNotice(bytes, options.limitBytes));
    }
  }

  async function measure(always: boolean): Promise<void> {
    if (options.storage.enforced) return readEnforced();
    const running = await options.containers.list(
      { label: [SESSION_LABEL], status: ['running'] },
      { all: false },
    );
    if (running.length === 0 && !always) return;
    // df asks the daemon to size every volume and layer: done only while someone's containers run.
    const df = (await options.engine.docker.df()) as DiskUsage;
    const totals = new Map<string, number>();
    const add = (labels: Record<string, string> | null, bytes: number) => {
      const session = labels?.[SESSION_LABEL];
      if (session) totals.set(session, (totals.get(session) ?? 0) + Math.max(0, bytes));
    };
    for (const volume of df.Volumes ?? []) add(volume.Labels, volume.UsageData?.Size ?? 0);
    for (const container of df.Containers ?? []) add(container.Labels, container.SizeRw ?? 0);
    usage.clear();
    for (const [session, bytes] of totals) usage.set(session, bytes);
    const told = new Set<string>();
    for (const container of running) {
      const session = container.Labels?.[SESSION_LABEL];
      if (!session || !options.owns(session) || (totals.get(session) ?? 0) <= options.limitBytes) continue;
      await options.containers.kill(container.Id).catch(() => {});
      if (told.has(session)) continue;
      told.add(session);
      const held = Math.round((totals.get(session) ?? 0) / MIB);
      options.notify(
        session,
        `volume-lab: your sandbox holds ${held} MiB, more than the ${Math.round(options.limitBytes / MIB)} MiB it may keep, so its containers were stopped. Remove some data (docker volume rm, docker rm) to go on.`,
      );
    }
  }

  const check = (always: boolean) => {
    checking ??= measure(always)
      .catch(() => {})
      .finally(() => {
        checking = undefined;
      });
    return checking;
  };
  const timer = setInterval(() => void check(false), options.intervalMs);
  timer.unref();
  return {
    usage: (sessionId) => usage.get(sessionId) ?? 0,
    full: (sessionId) => isFull(usage.get(sessionId) ?? 0),
    enforced: options.storage.enforced,
    settled: () => checking ?? Promise.resolve(),
    reclaim: async () => {
      // Bounded by btrfs-progs' own timeout; a slow cleaner must not hold a command for long.
      await options.storage.reclaimed().catch(() => {});
      await check(true);
    },
    remeasure: () => check(true),
    stop: () => clearInterval(timer),
  };
}
