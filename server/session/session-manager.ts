/**
 * SECURITY: the sessions' lives, apart from any socket. The manager composes the parts that keep them
 * and offers verbs; no caller reaches its collections. Admission (session-admission.ts) decides what a
 * socket may open; the fleet (server/fleet/) places sessions on engines, watches them and holds their
 * data quota; the pages (session-pages.ts) are what the lab says things to; the sweeper
 * (session-sweep.ts) ends sessions whose time is up; clearing (session-clearing.ts) empties, ends and
 * reaps them; the session file (session-file.ts) keeps them across restarts, and a shutdown keeps
 * their volumes. The front door (server/lab-server.ts) decides which sockets reach it.
 */
import type { LabServices } from '../commands/context.ts';
import { SessionLocks } from '../commands/session-locks.ts';
import type { PictureStats, SessionObjects } from '../docker/engine-picture.ts';
import type { EngineMember } from '../docker/engine-pool.ts';
import { DEFAULT_ENGINE_CONCURRENCY, type EngineQueue } from '../docker/engine-queue.ts';
import { type EngineFleet, openEngineFleet } from '../fleet/engine-fleet.ts';
import type { LabObserver } from '../observability/lab-observer.ts';
import type { SandboxLimits } from '../sandbox/limits.ts';
import { DEFAULT_INSTANCE } from '../sandbox/namespace.ts';
import type { TerminalShell } from '../shell/terminal-shell.ts';
import type { EngineStorage } from '../storage/engine-storage.ts';
import { Admission, type AdmissionLimits, type Refusal } from './admission.ts';
import { createSessionAdmission } from './session-admission.ts';
import { createSessionClearing, outputSent } from './session-clearing.ts';
import { loadSessionFile, startSessionSaver } from './session-file.ts';
import { type EndReason, extendSession, type LifecyclePolicy } from './session-lifecycle.ts';
import { type SessionPage, SessionPages } from './session-pages.ts';
import { type Session, SessionStore, type SessionView } from './session-store.ts';
import { sweepSessions } from './session-sweep.ts';
import { type OpenedTerminal, openTerminal, type TerminalRequest } from './terminal-factory.ts';

const MINUTE = 60_000;

export const DEFAULT_LIFECYCLE: LifecyclePolicy = {
  idleMs: 45 * MINUTE,
  lifetimeMs: 120 * MINUTE,
  extendMs: 30 * MINUTE,
  maxLifetimeMs: 480 * MINUTE,
  warnMs: 5 * MINUTE,
};

export const DEFAULT_ADMISSION: AdmissionLimits = {
  maxSessions: 200,
  maxSockets: 600,
  // A classroom behind one NAT is one address: per-address caps only stop a single runaway client.
  maxSocketsPerAddress: 300,
  sessionsPerAddress: 3,
  connectsPerSecond: 5,
  connectBurst: 200,
  commandsPerSecond: 5,
  commandBurst: 30,
};

const RESTARTING_MESSAGE =
  'volume-lab: the lab server is restarting. Your volumes and progress are kept; this terminal reconnects by itself.';

export type LabSession = Session<TerminalShell>;
export type LabSessionView = SessionView<TerminalShell>;

export interface SessionManagerOptions {
  /** The engines sessions are placed on; the first is used when there is one. */
  engines: readonly EngineMember[];
  limits: SandboxLimits;
  observer?: LabObserver;
  /** This server's instance name: it reaps only objects carrying it. Default `lab`. */
  instance?: string;
  /** Where sessions are saved across restarts; without one they live as long as the process. */
  stateFile?: string;
  /** Default `DEFAULT_LIFECYCLE`, field by field. */
  lifecycle?: Partial<LifecyclePolicy>;
  /** Default `DEFAULT_ADMISSION`, field by field. */
  admission?: Partial<AdmissionLimits>;
  /** Milliseconds between expiry checks (and warnings). Default 15 000. */
  sweepMs?: number;
  /**
   * Milliseconds between sweeps for objects of unknown sessions, also done once before the manager
   * is returned. 0 turns reaping off: tests that share an engine with other lab servers use it.
   * Default 60 000.
   */
  reapMs?: number;
  /** Milliseconds between engine health pings; the engine watch's own default when absent. */
  enginePingMs?: number;
  /** Milliseconds between data quota measurements. Default 5000. */
  quotaIntervalMs?: number;
  /** Each engine's storage by engine name, when the caller has opened it; the others are opened here. */
  storages?: ReadonlyMap<string, EngineStorage>;
  /**
   * Container creates, starts and removes each engine is given at once (LAB_ENGINE_CONCURRENCY).
   * Default `DEFAULT_ENGINE_CONCURRENCY`.
   */
  engineConcurrency?: number;
  /** Each engine's queue by engine name, when the caller made it (a test that holds it); the others are made here. */
  queues?: ReadonlyMap<string, EngineQueue>;
  /**
   * Whether newcomers are held to the per-address session cap: self-paced labs are, a workshop
   * (which admits by name) is not. Default true.
   */
  capSessionsPerAddress?: boolean;
}

/** What a hello asks for: the session to resume (by token) or none, a workshop name, a terminal. */
export interface HelloRequest extends TerminalRequest {
  readonly session?: string | undefined;
  readonly name?: string | undefined;
}

/** An admitted hello: the session, the token its page keeps, what its commands run against, its terminal. */
export interface Joined {
  readonly ok: true;
  readonly token: string;
  readonly session: LabSession;
  readonly services: LabServices;
  readonly terminal: OpenedTerminal;
}

export interface SessionManager {
  /** Counts a new socket from `address` against the caps; the caller releases it when it closes. */
  admitSocket(address: string): { ok: true; release: () => void } | Refusal;
  /**
   * Resumes the session a hello asks for, or starts one (a newcomer needs room, a healthy engine,
   * and, unless this is a workshop, an address that holds fewer sessions than the cap), and gives it
   * the terminal it names, or a new one.
   */
  join(hello: HelloRequest, address: string): Joined | Refusal;
  /**
   * Counts a page as open on a session until the returned function is called: it is closed when the
   * session ends, and `refresh` is called when something changed the session from outside.
   */
  track(sessionId: string, page: SessionPage, refresh: () => void): () => void;
  /** Open learner sockets, over all clients. */
  openSockets(): number;
  /** Every session, read-only. */
  sessions(): Iterable<LabSessionView>;
  /** One session, read-only; undefined when the lab does not know it. */
  session(sessionId: string): LabSessionView | undefined;
  /** Open pages of a session, for the pages that show who is connected. */
  socketsOf(sessionId: string): number;
  /**
   * A session's volumes and containers as its engine's picture holds them once its last calls show,
   * with that picture's counters; undefined when the lab does not know the session.
   */
  engineState(
    sessionId: string,
  ): Promise<{ engine: string; objects: SessionObjects; stats: PictureStats } | undefined>;
  /** A line from the lab in every terminal of one session. */
  notify(sessionId: string, message: string): void;
  /** A line from the lab in every terminal; returns how many terminals it reached. */
  broadcast(message: string): number;
  /** Re-evaluates checks and the picture on every page of a session, as after a command. */
  refreshChecks(sessionId: string): void;
  /**
   * Empties a session's sandbox and forgets its progress in the given lessons, keeping the session;
   * false when the lab does not know it.
   */
  resetSession(sessionId: string, lessons: Iterable<string>): Promise<boolean>;
  /** Removes what a session left on its engine, quota group included; returns volumes still in use. */
  clearSession(sessionId: string): Promise<string[]>;
  /** Ends one session: its terminals are told, its pages closed, its objects removed. */
  endSession(sessionId: string, reason: EndReason | 'workshop'): Promise<void>;
  /** Ends every session and removes everything this instance made; returns how many sessions ended. */
  endAll(): Promise<number>;
  /** Graceful stop: timers stopped, terminals told, sessions saved; volumes stay for when the lab is back. */
  close(): Promise<void>;
}

/** What a session's commands run against: its engine's, the same for every session there. */
function servicesByEngine(
  fleet: EngineFleet,
  shared: Pick<LabServices, 'limits' | 'locks' | 'observer'>,
): (session: LabSession) => LabServices {
  const services = new Map<string, LabServices>();
  for (const member of fleet.members) {
    const { engine, containers, quota, queue, name, picture, dataRoot } = member;
    services.set(name, { ...shared, engine, containers, queue, quota, engineName: name, picture, dataRoot });
  }
  return (session) => {
    // A session saved on an engine no longer configured runs on the first one.
    const found = services.get(session.engine) ?? services.get(fleet.members[0]?.name ?? '');
    if (!found) throw new Error(`session ${session.id} is on unknown engine ${session.engine}`);
    return found;
  };
}

export async function startSessionManager(options: SessionManagerOptions): Promise<SessionManager> {
  const { observer, limits } = options;
  const instance = options.instance ?? DEFAULT_INSTANCE;
  const lifecycle: LifecyclePolicy = { ...DEFAULT_LIFECYCLE, ...options.lifecycle };
  const admission = new Admission({ ...DEFAULT_ADMISSION, ...options.admission });
  const records = options.stateFile ? await loadSessionFile(options.stateFile, instance) : [];
  const sessions = new SessionStore<TerminalShell>({ instance, lifetimeMs: lifecycle.lifetimeMs, records });
  const pages = new SessionPages(sessions);
  const locks = new SessionLocks();
  const fleet = await openEngineFleet({
    members: options.engines,
    instance,
    dataBytes: limits.dataBytes,
    memoryBytes: limits.memoryBytes,
    quotaIntervalMs: options.quotaIntervalMs ?? 5000,
    pingMs: options.enginePingMs,
    storages: options.storages,
    concurrency: options.engineConcurrency ?? DEFAULT_ENGINE_CONCURRENCY,
    queues: options.queues,
    observer,
    sessions: {
      engineOf: (sessionId) => sessions.get(sessionId)?.engine,
      containerName: (sessionId, engineName) => sessions.get(sessionId)?.ns.fromEngine(engineName),
      notify: (sessionId, message) => pages.notify(sessionId, message),
      notifyOn: (engine, message) => pages.notifyOn(engine, message),
    },
  });
  const servicesFor = servicesByEngine(fleet, { limits, locks, observer });

  const door = createSessionAdmission({
    admission,
    sessions,
    place: () => fleet.place((engine) => sessions.countOn(engine))?.name,
    capSessionsPerAddress: options.capSessionsPerAddress ?? true,
    observer,
  });
  const clearing = createSessionClearing({
    sessions,
    pages,
    fleet,
    locks,
    lifecycle,
    observer,
  });
  const reapMs = options.reapMs ?? 60_000;
  if (reapMs > 0) await clearing.reapUnknown();

  const saver = options.stateFile
    ? startSessionSaver({
        path: options.stateFile,
        instance,
        records: () => sessions.records(),
        intervalMs: 2000,
        onError: (error) =>
          observer?.engineError({ engine: 'state-file', operation: 'save', message: error.message }),
      })
    : undefined;

  const sweep = async () => {
    const swept = sweepSessions(sessions.all(), lifecycle, Date.now(), {
      end: clearing.end,
      warn: (sessionId, message) => pages.notify(sessionId, message),
    });
    admission.sweep();
    await swept;
  };
  const sweeper = setInterval(() => void sweep(), options.sweepMs ?? 15_000);
  sweeper.unref();
  const reaper = reapMs > 0 ? setInterval(() => void clearing.reapUnknown(), reapMs) : undefined;
  reaper?.unref();

  return {
    admitSocket: (address) => door.socket(address),
    join(hello, address) {
      const admitted = door.session(hello.session, hello.name, address);
      if (!admitted.ok) return admitted;
      const { session, token } = admitted;
      const sessionServices = servicesFor(session);
      const terminal = openTerminal(session, sessionServices, hello, {
        mayRun: () => admission.command(session.id),
        extend: () => extendSession(session, lifecycle, Date.now()),
      });
      return { ok: true, token, session, services: sessionServices, terminal };
    },
    track: (sessionId, page, refresh) => pages.track(sessionId, page, refresh),
    openSockets: () => admission.openSockets,
    sessions: () => sessions.all(),
    session: (sessionId) => sessions.get(sessionId),
    socketsOf: (sessionId) => pages.count(sessionId),
    async engineState(sessionId) {
      const session = sessions.get(sessionId);
      const member = session && fleet.member(session.engine);
      if (!member) return undefined;
      const objects = await member.picture.session(sessionId);
      return { engine: member.name, objects, stats: member.picture.stats() };
    },
    notify: (sessionId, message) => pages.notify(sessionId, message),
    broadcast: (message) => pages.broadcast(message),
    refreshChecks: (sessionId) => pages.refresh(sessionId),
    resetSession: clearing.reset,
    clearSession: clearing.clear,
    endSession: clearing.end,
    async endAll() {
      const ended = await clearing.endAll();
      await saver?.flush();
      return ended;
    },
    async close() {
      clearInterval(sweeper);
      if (reaper) clearInterval(reaper);
      fleet.stop();
      for (const session of sessions.all()) {
        for (const shell of session.terminals.values()) shell.end(RESTARTING_MESSAGE);
      }
      await outputSent();
      await saver?.stop();
    },
  };
}
