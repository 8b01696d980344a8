/**
 * SECURITY: the data quota where the filesystem enforces it: each session's quota group
 * (quota-groups.ts) makes the kernel refuse every write past it. What this adds is reading what each
 * session holds from the kernel's counts, telling a session that has filled up why its writes fail,
 * and refusing a new container to a session with no room left even for its mount points.
 */
import { type QuotaGroups, SandboxFull } from './quota-groups.ts';
import { fullNotice, fullRefusal, UNHELD_MESSAGE } from './quota-messages.ts';
import { measureInTurn, type SessionQuota, type SessionQuotaOptions } from './session-quota.ts';

const MIB = 1024 * 1024;
/**
 * A session this close to its quota is full: the write that failed may have needed more than was
 * left, so the total stops a little short of the limit.
 */
const FULL_MARGIN_BYTES = 4 * MIB;

export function startEnforcedQuota(groups: QuotaGroups, options: SessionQuotaOptions): SessionQuota {
  const { limitBytes } = options;
  const held = new Map<string, number>();
  /** Sessions told they are full, until they have room again. */
  const toldFull = new Set<string>();
  const margin = Math.min(FULL_MARGIN_BYTES, limitBytes / 64);
  const full = (sessionId: string) => (held.get(sessionId) ?? 0) >= limitBytes - margin;
  const refusal = (sessionId: string) => fullRefusal(held.get(sessionId) ?? 0, limitBytes);

  // Reads the groups: cheap, so done on every tick and after every command that may have written.
  const measurements = measureInTurn(async () => {
    const usage = await groups.usage();
    held.clear();
    for (const [session, bytes] of usage) held.set(session, bytes);
    for (const session of toldFull) if (!full(session)) toldFull.delete(session);
    for (const [session, bytes] of usage) {
      if (!full(session) || toldFull.has(session) || !options.owns(session)) continue;
      toldFull.add(session);
      options.notify(session, fullNotice(bytes, limitBytes));
    }
  }, options.intervalMs);

  return {
    async roomProblem(sessionId) {
      await measurements.settled();
      if (full(sessionId)) {
        // Bounded by btrfs-progs' own timeout; a slow cleaner must not hold a command for long.
        await groups.reclaimed().catch(() => {});
        await measurements.check(true);
      }
      return full(sessionId) ? refusal(sessionId) : undefined;
    },
    async holdContainer(sessionId, containerId) {
      try {
        await groups.adoptContainer(sessionId, await options.containers.inspect(containerId));
        return undefined;
      } catch (error) {
        if (!(error instanceof SandboxFull)) {
          return { kind: 'failed', message: UNHELD_MESSAGE, reason: (error as Error).message };
        }
        await measurements.check(true);
        return { kind: 'full', message: refusal(sessionId) };
      }
    },
    remeasure: () => measurements.check(true),
    release: (sessionId) => groups.release(sessionId),
    stop: measurements.stop,
  };
}
