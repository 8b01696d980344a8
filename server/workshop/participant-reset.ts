/**
 * The instructor's "Reset": a participant's whole sandbox, every lesson at once. Their containers and
 * volumes are removed (by label, as the reaper removes an ended session's), their progress is
 * forgotten, their terminals are told, and their pages get fresh checks.
 */

import { reapSession } from '../session/reaper.ts';
import type { SessionManager } from '../session/session-manager.ts';

export const RESET_NOTICE =
  'volume-lab: the instructor has reset your sandbox: your containers and volumes were removed and your progress cleared.';

/**
 * Resets one session; false when the lab does not know it. Each lesson's reset count moves on as a
 * lesson reset moves it (by two, so "odd while a reset runs" stays true for one that does), before and
 * after the removal: checks that began before it, or ran during it, describe what it removed, and pages
 * drop them by their epoch.
 */
export async function resetParticipant(
  lab: Pick<SessionManager, 'sessions' | 'pool' | 'instance' | 'notify' | 'servicesFor' | 'refreshChecks'>,
  lessons: Iterable<string>,
  sessionId: string,
): Promise<boolean> {
  const session = lab.sessions.get(sessionId);
  if (!session) return false;
  const ids = [...lessons];
  const bump = () => {
    for (const id of ids) session.resets.set(id, (session.resets.get(id) ?? 0) + 2);
    session.progress.clear();
  };
  bump();
  try {
    const member = lab.pool.get(session.engine);
    // Under the session's lock, so a check's helper container cannot bring a removed volume back.
    if (member)
      await lab.servicesFor(session).locks.run(sessionId, () => reapSession(member, lab.instance, sessionId));
  } finally {
    bump();
  }
  lab.notify(sessionId, RESET_NOTICE);
  lab.refreshChecks(sessionId);
  return true;
}
