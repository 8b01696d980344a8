/**
 * SECURITY: the data quota on an engine that cannot enforce it (another storage driver, another
 * filesystem, another host), where the lab is the only guard. It measures what each session keeps
 * (volumes and containers' writable layers) while any of its containers run, and stops a session's
 * containers once it holds more than its share, which a fast writer can overshoot. Which containers
 * run comes from the engine's events (server/docker/engine-picture.ts), so an idle room costs the
 * engine nothing; the disk usage itself only the engine can say.
 */

import { SESSION_LABEL } from '../labels.ts';
import { overNotice, overRefusal } from './quota-messages.ts';
import { measureInTurn, type SessionQuota, type SessionQuotaOptions } from './session-quota.ts';

interface DiskUsage {
  Volumes?: { Labels: Record<string, string> | null; UsageData?: { Size: number } | null }[] | null;
  Containers?: { Labels: Record<string, string> | null; SizeRw?: number }[] | null;
}

export function startSampledQuota(options: SessionQuotaOptions): SessionQuota {
  const { limitBytes } = options;
  const held = new Map<string, number>();
  const over = (sessionId: string) => (held.get(sessionId) ?? 0) > limitBytes;

  /** Running containers with their sessions: from the events when they tell, else from a listing. */
  const runningNow = async () =>
    options.running?.() ??
    (await options.containers.list({ label: [SESSION_LABEL], status: ['running'] }, { all: false })).flatMap(
      (container) => {
        const session = container.Labels?.[SESSION_LABEL];
        return session === undefined ? [] : [{ id: container.Id, session }];
      },
    );

  const measurements = measureInTurn(async (always) => {
    const running = await runningNow();
    if (running.length === 0 && !always) return;
    // df asks the daemon to size every volume and layer: done only while someone's containers run.
    const df = (await options.engine.docker.df()) as DiskUsage;
    held.clear();
    const add = (labels: Record<string, string> | null, bytes: number) => {
      const session = labels?.[SESSION_LABEL];
      if (session) held.set(session, (held.get(session) ?? 0) + Math.max(0, bytes));
    };
    for (const volume of df.Volumes ?? []) add(volume.Labels, volume.UsageData?.Size ?? 0);
    for (const container of df.Containers ?? []) add(container.Labels, container.SizeRw ?? 0);
    const told = new Set<string>();
    for (const { id, session } of running) {
      if (!options.owns(session) || !over(session)) continue;
      await options.containers.kill(id).catch(() => {});
      if (told.has(session)) continue;
      told.add(session);
      options.notify(session, overNotice(held.get(session) ?? 0, limitBytes));
    }
  }, options.intervalMs);

  return {
    async roomProblem(sessionId) {
      await measurements.settled();
      // A session that was over may have removed data since: measured again before it is refused.
      if (over(sessionId)) await measurements.check(true);
      return over(sessionId) ? overRefusal(held.get(sessionId) ?? 0, limitBytes) : undefined;
    },
    // Nothing can hold a container here: the measurements are the only guard.
    holdContainer: async () => undefined,
    remeasure: () => measurements.check(true),
    release: async () => {},
    stop: measurements.stop,
  };
}
