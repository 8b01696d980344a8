/**
 * The instructor's "Reset": a participant's whole sandbox, every lesson at once. Their containers and
 * volumes are removed (as an ended session's are), their progress is forgotten, their terminals are
 * told, and their pages get fresh checks.
 */

import type { SessionManager } from '../session/session-manager.ts';

export const RESET_NOTICE =
  'volume-lab: the instructor has reset your sandbox: your containers and volumes were removed and your progress cleared.';

/** Resets one session; false when the lab does not know it. */
export async function resetParticipant(
  lab: Pick<SessionManager, 'resetSession' | 'notify' | 'refreshChecks'>,
  lessons: Iterable<string>,
  sessionId: string,
): Promise<boolean> {
  if (!(await lab.resetSession(sessionId, lessons))) return false;
  lab.notify(sessionId, RESET_NOTICE);
  lab.refreshChecks(sessionId);
  return true;
}
