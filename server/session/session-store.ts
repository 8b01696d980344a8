/**
 * Learner sessions, keyed by session id (a hash of the resume token). A session is a namespace on one
 * engine, the terminals attached to it, and what the lab remembers of it: who it is in a workshop,
 * when it was last used, how far it got. Its objects live on the engine under its labels; the part
 * kept here is saved to disk (see session-file.ts) so a restarted server still knows it.
 */
import { randomBytes } from 'node:crypto';
import {
  createNamespace,
  type Namespace,
  newSessionToken,
  sessionIdFromToken,
} from '../sandbox/namespace.ts';
import type { SessionRecord } from './session-file.ts';

export interface LastCommand {
  /** The docker command's name (`volume create`), never its arguments. */
  readonly command: string;
  readonly exitCode: number;
  readonly at: number;
}

/** T is what the shell layer keeps per terminal; sessions do not depend on the shell. */
export interface Session<T> {
  readonly id: string;
  readonly ns: Namespace;
  /** The engine (by name) the session's objects live on; a session never moves. */
  readonly engine: string;
  readonly createdAt: number;
  /** Last keystroke or command: the idle timeout counts from here. */
  lastActive: number;
  /** When the session ends even if used; moved on (up to a hard limit) when the learner extends it. */
  expiresAt: number;
  /** The display name a workshop participant chose; absent in self-paced use. */
  name: string | undefined;
  lastCommand: LastCommand | undefined;
  /** The lesson the session's page last watched, for the instructor's dashboard; not saved. */
  lesson: string | undefined;
  /**
   * The client address that started it, for the per-address cap; not saved, so the session file
   * never holds learners' addresses (a restored session counts for no address).
   */
  readonly origin: string | undefined;
  readonly terminals: Map<string, T>;
  /** Steps passed per lesson, so another device or a reload sees them. */
  readonly progress: Map<string, Set<string>>;
  /** Resets per lesson: a check that began before a reset must not bring the old progress back. */
  readonly resets: Map<string, number>;
  /** The deadline the learner was last warned about, so each warning is shown once. */
  warnedFor: number | undefined;
}

/** A session as read from outside the lab's session manager: nothing to change through it. */
export interface SessionView<T> {
  readonly id: string;
  readonly engine: string;
  readonly name: string | undefined;
  readonly lesson: string | undefined;
  readonly lastActive: number;
  readonly lastCommand: LastCommand | undefined;
  readonly terminals: ReadonlyMap<string, T>;
  readonly progress: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface SessionStoreOptions {
  /** The lab server's instance name, carried by every object its sessions make. */
  instance: string;
  /** How long a new session lasts before it must be extended. */
  lifetimeMs: number;
  /** Sessions a previous run of the server saved. */
  records?: readonly SessionRecord[];
  now?: () => number;
}

export class SessionStore<T> {
  private readonly sessions = new Map<string, Session<T>>();
  private readonly options: SessionStoreOptions;
  private readonly now: () => number;

  constructor(options: SessionStoreOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    for (const record of options.records ?? []) this.sessions.set(record.id, this.fromRecord(record));
  }

  /** The session a token belongs to, made current again, or undefined when this server does not know it. */
  resume(token: string | undefined, name?: string): { session: Session<T>; token: string } | undefined {
    const existing = token === undefined ? undefined : this.sessions.get(sessionIdFromToken(token));
    if (!existing || token === undefined) return undefined;
    existing.lastActive = this.now();
    if (name !== undefined) existing.name = name;
    return { session: existing, token };
  }

  /** Starts a session on an engine, for the given token or a fresh one, from a client address. */
  create(
    token: string | undefined,
    engine: string,
    name?: string,
    origin?: string,
  ): { session: Session<T>; token: string } {
    const chosen = token ?? newSessionToken();
    const id = sessionIdFromToken(chosen);
    const now = this.now();
    const session: Session<T> = {
      id,
      ns: createNamespace(id, this.options.instance),
      engine,
      createdAt: now,
      lastActive: now,
      expiresAt: now + this.options.lifetimeMs,
      name,
      lesson: undefined,
      origin,
      lastCommand: undefined,
      terminals: new Map(),
      progress: new Map(),
      resets: new Map(),
      warnedFor: undefined,
    };
    this.sessions.set(id, session);
    return { session, token: chosen };
  }

  get(id: string): Session<T> | undefined {
    return this.sessions.get(id);
  }

  /** Forgets a session; its objects on the engine are the reaper's to remove. */
  delete(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  /** How many sessions a client address started that are still live. */
  startedFrom(origin: string): number {
    return this.count((session) => session.origin === origin);
  }

  /** How many sessions are placed on an engine. */
  countOn(engine: string): number {
    return this.count((session) => session.engine === engine);
  }

  all(): IterableIterator<Session<T>> {
    return this.sessions.values();
  }

  /** What is saved of every session; terminals and resets live only as long as the process. */
  records(): SessionRecord[] {
    return [...this.sessions.values()].map((session) => ({
      id: session.id,
      engine: session.engine,
      createdAt: session.createdAt,
      lastActive: session.lastActive,
      expiresAt: session.expiresAt,
      ...(session.name !== undefined ? { name: session.name } : {}),
      ...(session.lastCommand ? { lastCommand: { ...session.lastCommand } } : {}),
      progress: Object.fromEntries([...session.progress].map(([lesson, steps]) => [lesson, [...steps]])),
    }));
  }

  private count(where: (session: Session<T>) => boolean): number {
    let count = 0;
    for (const session of this.sessions.values()) if (where(session)) count++;
    return count;
  }

  private fromRecord(record: SessionRecord): Session<T> {
    return {
      id: record.id,
      ns: createNamespace(record.id, this.options.instance),
      engine: record.engine,
      createdAt: record.createdAt,
      // Time the server was down is not the learner's idleness: each restored session gets a fresh idle window.
      lastActive: Math.max(record.lastActive, this.now()),
      expiresAt: record.expiresAt,
      name: record.name,
      lastCommand: record.lastCommand,
      lesson: undefined,
      origin: undefined,
      terminals: new Map(),
      progress: new Map(Object.entries(record.progress).map(([lesson, steps]) => [lesson, new Set(steps)])),
      resets: new Map(),
      warnedFor: undefined,
    };
  }
}

export function newTerminalId(): string {
  return randomBytes(6).toString('base64url');
}
