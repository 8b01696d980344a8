/**
 * SECURITY: the sessions' lives, apart from any socket. Admission (caps and rate limits), placement on
 * an engine, the services a session's commands run against, expiry with warnings, reaping by label,
 * engine events, saving across restarts, and a shutdown that keeps volumes. The front door
 * (server/lab-server.ts) decides which sockets reach it; this decides what they may open.
 */
import { CloseCode } from '../../src/shared/protocol.ts';
import type { LabObserver, LabServices } from '../commands/context.ts';
import type { SandboxLimits } from '../config.ts';
import { type EngineMember, EnginePool } from '../docker/engine-pool.ts';
import { type EngineWatch, type EngineWatchEvent, watchEngine } from '../docker/engine-watch.ts';
import type { TerminalShell } from '../shell/terminal-shell.ts';
import { openSessionStorage, type SessionStorage, unenforcedStorage } from '../storage/session-storage.ts';
import { Admission, type AdmissionLimits, type Refusal } from './admission.ts';
import { type DataQuota, startDataQuota } from './data-quota.ts';
import { DEFAULT_INSTANCE } from './namespace.ts';
import { reap, reapSession } from './reaper.ts';
import { loadSessionFile, type SessionSaver, startSessionSaver } from './session-file.ts';
import {
  deadline,
  type EndReason,
  endedMessage,
  expiryWarning,
  extend,
  extendedMessage,
  type LifecyclePolicy,
} from './session-lifecycle.ts';
import { SessionLocks } from './session-locks.ts';
import { type Session, SessionStore } from './session-store.ts';

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

export type LabSession = Session<TerminalShell>;

/** A page a session is open in: the manager closes it when the session ends. */
export interface SessionPage {
  close(code: number, reason: string): void;
}

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
  /** Milliseconds between data quota measurements while containers run. Default 5000. */
  quotaIntervalMs?: number;
  /** Each engine's storage by engine name, when the caller has opened it; the others are opened here. */
  storages?: ReadonlyMap<string, SessionStorage>;
  /**
   * Whether newcomers are held to the per-address session cap: self-paced labs are, a workshop
   * (which admits by name) is not. Default true.
   */
  capSessionsPerAddress?: boolean;
}

/** An engine's storage, or the unenforced one saying why, when the engine cannot be asked now. */
export async function openStorage(member: EngineMember, limits: SandboxLimits): Promise<SessionStorage> {
  try {
    return await openSessionStorage(member.engine, limits.dataBytes);
  } catch (error) {
    return unenforcedStorage(
      `the engine could not be asked when the lab started (${(error as Error).message})`,
    );
  }
}

export interface SessionManager {
  readonly instance: string;
  readonly sessions: SessionStore<TerminalShell>;
  readonly pool: EnginePool;
  readonly lifecycle: LifecyclePolicy;
  readonly admission: Admission;
  /** How each engine's sessions are held to their data quota. */
  storage(engine: string): SessionStorage;
  /** Counts a new socket from `address` against the caps; the caller releases it when it closes. */
  admitSocket(address: string): { ok: true; release: () => void } | Refusal;
  /**
   * Resumes the session a hello asks for, or starts one: a newcomer needs room, a healthy engine,
   * and, unless this is a workshop, an address that holds fewer sessions than the cap.
   */
  admitSession(
    token: string | undefined,
    name: string | undefined,
    address: string,
  ): { ok: true; session: LabSession; token: string } | Refusal;
  /** The services a session's commands run against (its engine's). */
  servicesFor(session: LabSession): LabServices;
  /** Whether the session may run another command now (its rate limit). */
  mayRun(session: LabSession): boolean;
  /** Extends the session's lifetime (the extend key); returns what to tell the learner. */
  extend(session: LabSession): string;
  /**
   * Counts a page as open on a session until the returned function is called: it is closed when the
   * session ends, and `refresh` is called when something changed the session from outside.
   */
  track(session: LabSession, page: SessionPage, refresh: () => void): () => void;
  /** Open pages per session, for the pages that show who is connected. */
  socketsOf(sessionId: string): number;
  /** Re-evaluates checks and the picture on every page of a session, as after a command. */
  refreshChecks(sessionId: string): void;
  /** A line from the lab in every terminal of one session. */
  notify(sessionId: string, message: string): void;
  /** A line from the lab in every terminal. */
  broadcast(message: string): void;
  /** Checks every session's deadlines now (the sweeper does it periodically). */
  sweep(): Promise<void>;
  /** Removes objects of sessions this manager does not know, on every healthy engine. */
  reapUnknown(): Promise<number>;
  /** Ends one session: its terminals are told, its pages closed, its objects removed. */
  endSession(sessionId: string, reason: EndReason | 'workshop'): Promise<void>;
  /** Ends every session and removes everything this instance made on every engine. */
  endAll(): Promise<void>;
  /** Graceful stop: timers stopped, terminals told, sessions saved; volumes stay for when the lab is back. */
  close(): Promise<void>;
}

/** Terminal output goes out at the end of the turn it was written in: let it leave before a close. */
function outputSent(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function startSessionManager(options: SessionManagerOptions): Promise<SessionManager> {
  const { observer } = options;
  const instance = options.instance ?? DEFAULT_INSTANCE;
  const lifecycle: LifecyclePolicy = { ...DEFAULT_LIFECYCLE, ...options.lifecycle };
  const admission = new Admission({ ...DEFAULT_ADMISSION, ...options.admission });
  const pool = new EnginePool(options.engines);
  const records = options.stateFile ? await loadSessionFile(options.stateFile, instance) : [];
  const sessions = new SessionStore<TerminalShell>({ instance, lifetimeMs: lifecycle.lifetimeMs, records });
  const locks = new SessionLocks();
  const pages = new Map<string, Map<SessionPage, () => void>>();
  const reapMs = options.reapMs ?? 60_000;

  const notify = (sessionId: string, message: string) => {
    for (const shell of sessions.get(sessionId)?.terminals.values() ?? []) shell.notice(message);
  };
  const broadcast = (message: string) => {
    for (const session of sessions.all())
      for (const shell of session.terminals.values()) shell.notice(message);
  };
  const sessionsOn = (engine: string) => [...sessions.all()].filter((session) => session.engine === engine);

  const storages = new Map<string, SessionStorage>();
  for (const member of pool.members) {
    storages.set(
      member.name,
      options.storages?.get(member.name) ?? (await openStorage(member, options.limits)),
    );
  }
  const storageOf = (engine: string) => storages.get(engine) ?? unenforcedStorage(`unknown engine ${engine}`);

  const quotas = new Map<string, DataQuota>();
  for (const member of pool.members) {
    quotas.set(
      member.name,
      startDataQuota({
        engine: member.engine,
        containers: member.containers,
        limitBytes: options.limits.dataBytes,
        intervalMs: options.quotaIntervalMs ?? 5000,
        storage: storageOf(member.name),
        owns: (sessionId) => sessions.get(sessionId)?.engine === member.name,
        notify,
      }),
    );
  }

  const servicesFor = (session: LabSession): LabServices => {
    const member = pool.get(session.engine) ?? pool.members[0];
    const quota = quotas.get(session.engine) ?? quotas.get(pool.members[0]?.name ?? '');
    if (!member || !quota) throw new Error(`session ${session.id} is on unknown engine ${session.engine}`);
    return {
      engine: member.engine,
      containers: member.containers,
      limits: options.limits,
      quota,
      storage: storageOf(member.name),
      locks,
      engineName: member.name,
      ...(observer ? { observer } : {}),
    };
  };

  const onEngineEvent = (event: EngineWatchEvent) => {
    switch (event.kind) {
      case 'down':
        pool.setHealthy(event.engine, false);
        observer?.engineError({ engine: event.engine, operation: 'ping', message: event.message });
        for (const session of sessionsOn(event.engine)) {
          notify(
            session.id,
            'volume-lab: the Docker engine this session runs on is not answering. Your volumes are kept; ' +
              'commands will work again once it is back.',
          );
        }
        break;
      case 'up':
        pool.setHealthy(event.engine, true);
        for (const session of sessionsOn(event.engine))
          notify(session.id, 'volume-lab: the Docker engine is back.');
        break;
      case 'died':
      case 'oom': {
        const session = sessions.get(event.session);
        const name = session?.ns.fromEngine(event.container.replace(/^\//, ''));
        if (!session || name === undefined) break;
        const mib = Math.round(options.limits.memoryBytes / (1024 * 1024));
        notify(
          session.id,
          event.kind === 'oom'
            ? `volume-lab: container ${name} ran out of memory (each container may use ${mib} MiB) and was stopped.`
            : `volume-lab: container ${name} exited with code ${event.exitCode}.`,
        );
        break;
      }
    }
  };
  const watches: EngineWatch[] = pool.members.map((member) =>
    watchEngine({
      member,
      instance,
      onEvent: onEngineEvent,
      ...(options.enginePingMs ? { pingMs: options.enginePingMs } : {}),
    }),
  );

  const ending = new Set<string>();
  const endSession = async (sessionId: string, reason: EndReason | 'workshop') => {
    const session = sessions.get(sessionId);
    if (!session || ending.has(sessionId)) return;
    ending.add(sessionId);
    try {
      for (const shell of session.terminals.values()) shell.end(endedMessage(reason, lifecycle));
      await outputSent();
      for (const page of pages.get(sessionId)?.keys() ?? [])
        page.close(CloseCode.sessionEnded, 'session ended');
      sessions.delete(sessionId);
      const member = pool.get(session.engine);
      // Under the session's lock, so a check's helper container cannot bring a removed volume back.
      if (member && pool.healthy(member.name)) {
        await locks.run(sessionId, () => reapSession(member, instance, sessionId));
        void storageOf(member.name).release(sessionId);
      }
      observer?.sessionEnded({ sessionId, reason });
    } finally {
      ending.delete(sessionId);
    }
  };

  const sweep = async () => {
    const now = Date.now();
    const ended: Promise<void>[] = [];
    for (const session of sessions.all()) {
      const due = deadline(session, lifecycle);
      if (now >= due.at) {
        ended.push(endSession(session.id, due.reason));
        continue;
      }
      const warning = expiryWarning(session, lifecycle, now);
      if (warning !== undefined && session.warnedFor !== due.at) {
        session.warnedFor = due.at;
        notify(session.id, warning);
      }
    }
    admission.sweep();
    await Promise.all(ended);
  };

  const reapUnknown = async () => {
    let removed = 0;
    for (const member of pool.members) {
      if (!pool.healthy(member.name)) continue;
      try {
        const result = await reap(member, instance, (id) => sessions.get(id) !== undefined || ending.has(id));
        removed += result.containers + result.volumes;
        for (const sessionId of result.sessions) {
          observer?.sessionEnded({ sessionId, reason: 'unknown' });
          void storageOf(member.name).release(sessionId);
        }
      } catch (error) {
        observer?.engineError({ engine: member.name, operation: 'reap', message: (error as Error).message });
      }
    }
    return removed;
  };
  if (reapMs > 0) await reapUnknown();

  const saver: SessionSaver | undefined = options.stateFile
    ? startSessionSaver({
        path: options.stateFile,
        instance,
        records: () => sessions.records(),
        intervalMs: 2000,
        onError: (error) =>
          observer?.engineError({ engine: 'state-file', operation: 'save', message: error.message }),
      })
    : undefined;

  const sweeper = setInterval(() => void sweep(), options.sweepMs ?? 15_000);
  sweeper.unref();
  const reaper = reapMs > 0 ? setInterval(() => void reapUnknown(), reapMs) : undefined;
  reaper?.unref();

  return {
    instance,
    sessions,
    pool,
    lifecycle,
    admission,
    storage: storageOf,
    admitSocket(address) {
      const admitted = admission.socket(address);
      if (!admitted.ok) observer?.admissionRefused({ reason: admitted.reason });
      return admitted;
    },
    admitSession(token, name, address) {
      const resumed = sessions.resume(token, name);
      if (resumed) return { ok: true, ...resumed };
      const capped = options.capSessionsPerAddress ?? true;
      const room = admission.session(sessions.size, capped ? sessions.startedFrom(address) : undefined);
      if (!room.ok) {
        observer?.admissionRefused({ reason: room.reason });
        return room;
      }
      const member = pool.place((engine) => sessionsOn(engine).length);
      if (!member) {
        observer?.admissionRefused({ reason: 'engine' });
        return {
          ok: false,
          reason: 'full',
          message: "The lab's Docker engine is not answering. Try again in a minute.",
        };
      }
      return { ok: true, ...sessions.create(token, member.name, name, address) };
    },
    servicesFor,
    mayRun: (session) => admission.command(session.id),
    extend(session) {
      const now = Date.now();
      const extended = extend(session, lifecycle);
      session.warnedFor = undefined;
      return extendedMessage(extended, session, now);
    },
    track(session, page, refresh) {
      let open = pages.get(session.id);
      if (!open) {
        open = new Map();
        pages.set(session.id, open);
      }
      open.set(page, refresh);
      return () => {
        open.delete(page);
        if (open.size === 0 && pages.get(session.id) === open) pages.delete(session.id);
      };
    },
    socketsOf: (sessionId) => pages.get(sessionId)?.size ?? 0,
    refreshChecks(sessionId) {
      for (const refresh of pages.get(sessionId)?.values() ?? []) refresh();
    },
    notify,
    broadcast,
    sweep,
    reapUnknown,
    endSession,
    async endAll() {
      await Promise.all([...sessions.all()].map((session) => endSession(session.id, 'workshop')));
      for (const member of pool.members) {
        if (pool.healthy(member.name)) await reap(member, instance, () => false).catch(() => undefined);
      }
      await saver?.flush();
    },
    async close() {
      clearInterval(sweeper);
      if (reaper) clearInterval(reaper);
      for (const quota of quotas.values()) quota.stop();
      for (const watch of watches) watch.stop();
      for (const session of sessions.all()) {
        for (const shell of session.terminals.values()) {
          shell.end(
            'volume-lab: the lab server is restarting. Your volumes and progress are kept; this terminal reconnects by itself.',
          );
        }
      }
      await outputSent();
      await saver?.stop();
    },
  };
}
