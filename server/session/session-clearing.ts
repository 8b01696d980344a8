/**
 * SECURITY: what goes when a session's sandbox is emptied. Its containers (check helpers too) and
 * volumes are removed under the session's lock, so a check's helper container cannot bring a removed
 * volume back, and an ended session's quota group goes with them. A reset keeps the session; an end
 * tells its terminals, closes its pages and forgets it; the reaper removes what sessions this server
 * does not know left behind.
 */
import { CloseCode } from '../../src/shared/protocol.ts';
import type { SessionLocks } from '../commands/session-locks.ts';
import type { EngineFleet } from '../fleet/engine-fleet.ts';
import type { FleetMember } from '../fleet/fleet-member.ts';
import type { LabObserver } from '../observability/lab-observer.ts';
import { type EndReason, endedMessage, type LifecyclePolicy } from './session-lifecycle.ts';
import type { NoticeBoard, SessionPages } from './session-pages.ts';
import type { SessionStore } from './session-store.ts';

/** A terminal, as an ending session leaves it. */
export interface EndingTerminal extends NoticeBoard {
  /** The last thing the terminal shows. */
  end(message: string): void;
}

export interface SessionClearingOptions<T extends EndingTerminal> {
  sessions: SessionStore<T>;
  pages: SessionPages<T>;
  fleet: EngineFleet;
  locks: SessionLocks;
  lifecycle: LifecyclePolicy;
  observer?: Pick<LabObserver, 'sessionEnded' | 'engineError'>;
}

export interface SessionClearing {
  /**
   * Removes what a session left on its engine, quota group included; returns the volumes still in use
   * after the retries (a leak of whatever holds them).
   */
  clear(sessionId: string): Promise<string[]>;
  /**
   * Empties a session's sandbox and forgets its progress, keeping the session; false when the lab does
   * not know it. Each lesson's reset count moves on as a lesson reset moves it (by two, so "odd while
   * a reset runs" stays true for one that does), before and after the removal: checks that began
   * before it, or ran during it, describe what it removed, and pages drop them by their epoch.
   */
  reset(sessionId: string, lessons: Iterable<string>): Promise<boolean>;
  /** Ends one session: its terminals are told, its pages closed, its objects removed. */
  end(sessionId: string, reason: EndReason | 'workshop'): Promise<void>;
  /** Ends every session and removes everything this instance made; returns how many sessions ended. */
  endAll(): Promise<number>;
  /** Removes objects of sessions this server does not know, on every healthy engine; returns how many. */
  reapUnknown(): Promise<number>;
}

/** Terminal output goes out at the end of the turn it was written in: let it leave before a close. */
export function outputSent(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function createSessionClearing<T extends EndingTerminal>(
  options: SessionClearingOptions<T>,
): SessionClearing {
  const { sessions, pages, fleet, locks, lifecycle, observer } = options;
  const ending = new Set<string>();

  const removeObjects = async (member: FleetMember, sessionId: string) =>
    (await locks.run(sessionId, () => member.removeSession(sessionId))).left;

  const end = async (sessionId: string, reason: EndReason | 'workshop') => {
    const session = sessions.get(sessionId);
    if (!session || ending.has(sessionId)) return;
    ending.add(sessionId);
    try {
      for (const terminal of session.terminals.values()) terminal.end(endedMessage(reason, lifecycle));
      await outputSent();
      pages.close(sessionId, CloseCode.sessionEnded, 'session ended');
      sessions.delete(sessionId);
      const member = fleet.member(session.engine);
      if (member?.healthy) {
        await removeObjects(member, sessionId);
        void member.quota.release(sessionId);
      }
      observer?.sessionEnded({ sessionId, reason });
    } finally {
      ending.delete(sessionId);
    }
  };

  return {
    async clear(sessionId) {
      const session = sessions.get(sessionId);
      const member = session && fleet.member(session.engine);
      if (!member) return [];
      const left = await removeObjects(member, sessionId);
      await member.quota.release(sessionId);
      return left;
    },
    async reset(sessionId, lessons) {
      const session = sessions.get(sessionId);
      if (!session) return false;
      const ids = [...lessons];
      const bump = () => {
        for (const id of ids) session.resets.set(id, (session.resets.get(id) ?? 0) + 2);
        session.progress.clear();
      };
      bump();
      try {
        const member = fleet.member(session.engine);
        if (member) await removeObjects(member, sessionId);
      } finally {
        bump();
      }
      return true;
    },
    end,
    async endAll() {
      const ids = [...sessions.all()].map((session) => session.id);
      await Promise.all(ids.map((id) => end(id, 'workshop')));
      for (const member of fleet.members) {
        if (member.healthy) await member.reap(() => false).catch(() => undefined);
      }
      return ids.length;
    },
    async reapUnknown() {
      let removed = 0;
      for (const member of fleet.members) {
        if (!member.healthy) continue;
        try {
          const result = await member.reap((id) => sessions.get(id) !== undefined || ending.has(id));
          removed += result.containers + result.volumes;
          for (const sessionId of result.sessions) {
            observer?.sessionEnded({ sessionId, reason: 'unknown' });
            void member.quota.release(sessionId);
          }
        } catch (error) {
          observer?.engineError({
            engine: member.name,
            operation: 'reap',
            message: (error as Error).message,
          });
        }
      }
      return removed;
    },
  };
}
