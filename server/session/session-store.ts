/**
 * Learner sessions, keyed by their resume token. A session is only a token, a namespace and the
 * terminals attached to it: its objects live on the engine under its label, so a token presented to a
 * restarted server gets the same volumes back.
 */
import { randomBytes } from 'node:crypto';
import { createNamespace, type Namespace, newSessionToken, sessionIdFromToken } from './namespace.ts';

/** T is what the shell layer keeps per terminal; sessions do not depend on the shell. */
export interface Session<T> {
  readonly token: string;
  readonly ns: Namespace;
  readonly createdAt: number;
  lastActive: number;
  readonly terminals: Map<string, T>;
  /** Steps passed per lesson, kept while the server runs so another device or a reload sees them. */
  readonly progress: Map<string, Set<string>>;
  /** Resets per lesson: a check that began before a reset must not bring the old progress back. */
  readonly resets: Map<string, number>;
}

export class SessionStore<T> {
  private readonly sessions = new Map<string, Session<T>>();

  /** Resumes the session for a token, or starts one (with a fresh token when none is given). */
  open(token: string | undefined): { session: Session<T>; resumed: boolean } {
    const existing = token === undefined ? undefined : this.sessions.get(token);
    if (existing) {
      existing.lastActive = Date.now();
      return { session: existing, resumed: true };
    }
    const chosen = token ?? newSessionToken();
    const session: Session<T> = {
      token: chosen,
      ns: createNamespace(sessionIdFromToken(chosen)),
      createdAt: Date.now(),
      lastActive: Date.now(),
      terminals: new Map(),
      progress: new Map(),
      resets: new Map(),
    };
    this.sessions.set(chosen, session);
    // A token the server has never seen may still own engine objects from before a restart.
    return { session, resumed: token !== undefined };
  }

  get size(): number {
    return this.sessions.size;
  }

  all(): IterableIterator<Session<T>> {
    return this.sessions.values();
  }
}

export function newTerminalId(): string {
  return randomBytes(6).toString('base64url');
}
