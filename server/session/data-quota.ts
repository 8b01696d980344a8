/**
 * SECURITY: the per-session data quota. The engine has no disk quota for volumes on ext4, so the lab
 * measures what each session keeps (its volumes and its containers' writable layers) while any of
 * its containers run, and stops a session's containers once it holds more than its share.
 */
import type { ContainerEngine } from '../docker/containers.ts';
import type { Engine } from '../docker/engine.ts';
import { SESSION_LABEL } from './namespace.ts';

interface DiskUsage {
  Volumes?: { Labels: Record<string, string> | null; UsageData?: { Size: number } | null }[] | null;
  Containers?: { Labels: Record<string, string> | null; SizeRw?: number }[] | null;
}

export interface DataQuota {
  /** Bytes the session held at the last measurement (0 before any). */
  usage(sessionId: string): number;
  /** Measures now, even with nothing running: a session over its share may have freed space since. */
  remeasure(): Promise<void>;
  stop(): void;
}

export interface DataQuotaOptions {
  engine: Engine;
  containers: ContainerEngine;
  limitBytes: number;
  intervalMs: number;
  /** Tells a session's terminals what happened. */
  notify(sessionId: string, message: string): void;
  /**
   * Whether a session is this server's to police: another lab server on the same engine (another
   * workshop, a test) may hold its sessions to other limits.
   */
  owns(sessionId: string): boolean;
}

const MIB = 1024 * 1024;

export function startDataQuota(options: DataQuotaOptions): DataQuota {
  const usage = new Map<string, number>();
  let checking: Promise<void> | undefined;

  async function measure(always: boolean): Promise<void> {
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
    remeasure: () => check(true),
    stop: () => clearInterval(timer),
  };
}
