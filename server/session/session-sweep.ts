/** The sweeper's round: sessions whose time is up end, and those whose time is near are warned once. */
import {
  deadline,
  type EndReason,
  expiryWarning,
  type LifecyclePolicy,
  type Timed,
} from './session-lifecycle.ts';

export interface SweptSession extends Timed {
  readonly id: string;
  /** The deadline the learner was last warned about. */
  warnedFor: number | undefined;
}

export interface SweepActions {
  end(sessionId: string, reason: EndReason): Promise<void>;
  warn(sessionId: string, message: string): void;
}

/** Acts on every session's deadlines at `now`; resolves once the sessions it ended are gone. */
export async function sweepSessions(
  sessions: Iterable<SweptSession>,
  policy: LifecyclePolicy,
  now: number,
  actions: SweepActions,
): Promise<void> {
  const ended: Promise<void>[] = [];
  for (const session of sessions) {
    const due = deadline(session, policy);
    if (now >= due.at) {
      ended.push(actions.end(session.id, due.reason));
      continue;
    }
    const warning = expiryWarning(session, policy, now);
    if (warning !== undefined && session.warnedFor !== due.at) {
      session.warnedFor = due.at;
      actions.warn(session.id, warning);
    }
  }
  await Promise.all(ended);
}
