/**
 * When a session ends, and what the learner is told before it does: times in, decisions out (only
 * extending changes the session it is given); the sweeper (session-sweep.ts) acts on them.
 *
 * A session ends at the earlier of two deadlines: `idleMs` after the last keystroke or command, and
 * its lifetime (`expiresAt`). A keystroke moves the first; Ctrl-X (the extend key) moves the second
 * by `extendMs`, but never past `maxLifetimeMs` after the session began.
 */

export interface LifecyclePolicy {
  idleMs: number;
  lifetimeMs: number;
  extendMs: number;
  maxLifetimeMs: number;
  /** How long before a deadline the learner is warned. */
  warnMs: number;
}

export interface Timed {
  createdAt: number;
  lastActive: number;
  expiresAt: number;
}

export type EndReason = 'idle' | 'lifetime';

export interface Deadline {
  at: number;
  reason: EndReason;
}

export function deadline(session: Timed, policy: LifecyclePolicy): Deadline {
  const idleAt = session.lastActive + policy.idleMs;
  return idleAt < session.expiresAt
    ? { at: idleAt, reason: 'idle' }
    : { at: session.expiresAt, reason: 'lifetime' };
}

/** The latest a session can last, however often it is extended. */
export function hardLimit(session: Timed, policy: LifecyclePolicy): number {
  return session.createdAt + policy.maxLifetimeMs;
}

/**
 * Moves the lifetime on by `extendMs`, capped at the hard limit. Returns false when the session is
 * already at its hard limit.
 */
export function extend(session: Timed, policy: LifecyclePolicy): boolean {
  const next = Math.min(session.expiresAt + policy.extendMs, hardLimit(session, policy));
  if (next <= session.expiresAt) return false;
  session.expiresAt = next;
  return true;
}

function minutes(ms: number): string {
  const n = Math.max(1, Math.round(ms / 60_000));
  return `${n} minute${n === 1 ? '' : 's'}`;
}

/** The warning for a deadline that is near, or undefined while it is not. */
export function expiryWarning(session: Timed, policy: LifecyclePolicy, now: number): string | undefined {
  const { at, reason } = deadline(session, policy);
  const left = at - now;
  if (left > policy.warnMs || left <= 0) return undefined;
  if (reason === 'idle') {
    return `volume-lab: this session ends in ${minutes(left)} unless you type something. Press any key to keep it.`;
  }
  if (at >= hardLimit(session, policy)) {
    return `volume-lab: this session reaches its ${minutes(policy.maxLifetimeMs)} limit in ${minutes(left)}; then its containers and volumes are removed.`;
  }
  return `volume-lab: this session ends in ${minutes(left)}. Press Ctrl-X to extend it by ${minutes(policy.extendMs)}.`;
}

/** What a terminal shows when the session has ended. */
export function endedMessage(reason: EndReason | 'workshop', policy: LifecyclePolicy): string {
  const why =
    reason === 'idle'
      ? `nothing was typed for ${minutes(policy.idleMs)}`
      : reason === 'lifetime'
        ? 'it reached the end of its time'
        : 'the instructor ended the workshop';
  return `volume-lab: this session has ended (${why}). Its containers and volumes have been removed. Reload the page to start again.`;
}

/** What the learner sees after pressing the extend key. */
export function extendedMessage(extended: boolean, session: Timed, now: number): string {
  const left = minutes(session.expiresAt - now);
  return extended
    ? `volume-lab: extended: this session now lasts another ${left}.`
    : `volume-lab: this session cannot be extended further; it ends in ${left}.`;
}

/**
 * The extend key: extends the session, so the warning for its old deadline no longer holds, and says
 * what happened.
 */
export function extendSession(
  session: Timed & { warnedFor: number | undefined },
  policy: LifecyclePolicy,
  now: number,
): string {
  const extended = extend(session, policy);
  session.warnedFor = undefined;
  return extendedMessage(extended, session, now);
}
