/**
 * The pages open on each session, and what the lab says to them: a page's checks refreshed when
 * something outside its terminal changed the session, a line in a session's terminals, a line in
 * everyone's, and every page closed when the session ends.
 */
import type { SessionStore } from './session-store.ts';

/** A page a session is open in: closed when the session ends. */
export interface SessionPage {
  close(code: number, reason: string): void;
}

/** What the lab says a line in. */
export interface NoticeBoard {
  notice(message: string): void;
}

export class SessionPages<T extends NoticeBoard> {
  private readonly sessions: SessionStore<T>;
  /** Per session, each open page and how to refresh its checks. */
  private readonly open = new Map<string, Map<SessionPage, () => void>>();

  constructor(sessions: SessionStore<T>) {
    this.sessions = sessions;
  }

  /** Counts a page as open on a session until the returned function is called. */
  track(sessionId: string, page: SessionPage, refresh: () => void): () => void {
    let pages = this.open.get(sessionId);
    if (!pages) {
      pages = new Map();
      this.open.set(sessionId, pages);
    }
    const own = pages;
    own.set(page, refresh);
    return () => {
      own.delete(page);
      if (own.size === 0 && this.open.get(sessionId) === own) this.open.delete(sessionId);
    };
  }

  /** Open pages of a session. */
  count(sessionId: string): number {
    return this.open.get(sessionId)?.size ?? 0;
  }

  /** Re-evaluates checks and the picture on every page of a session, as after a command. */
  refresh(sessionId: string): void {
    for (const refresh of this.open.get(sessionId)?.values() ?? []) refresh();
  }

  /** Closes every page of a session. */
  close(sessionId: string, code: number, reason: string): void {
    for (const page of this.open.get(sessionId)?.keys() ?? []) page.close(code, reason);
  }

  /** A line from the lab in every terminal of one session. */
  notify(sessionId: string, message: string): void {
    for (const terminal of this.sessions.get(sessionId)?.terminals.values() ?? []) terminal.notice(message);
  }

  /** A line from the lab in every terminal of every session on an engine. */
  notifyOn(engine: string, message: string): void {
    for (const session of this.sessions.all()) {
      if (session.engine === engine) this.notify(session.id, message);
    }
  }

  /** A line from the lab in every terminal; returns how many terminals it reached. */
  broadcast(message: string): number {
    let reached = 0;
    for (const session of this.sessions.all()) {
      for (const terminal of session.terminals.values()) {
        terminal.notice(message);
        reached++;
      }
    }
    return reached;
  }
}
