/**
 * SECURITY: the lab's single HTTP port. It serves the built site and upgrades `/ws` to a WebSocket
 * only for allowed origins. Browsers send cookies on cross-site upgrades and the Origin header is the
 * one thing a hostile page cannot forge, so the allow-list is always on.
 *
 * It also owns the sessions' lives: admission (caps and rate limits), placement on an engine, expiry
 * with warnings, reaping by label, engine events, and a graceful shutdown that keeps volumes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Lesson } from '../src/shared/lesson.ts';
import { CloseCode, MAX_FRAME_BYTES, WS_PATH } from '../src/shared/protocol.ts';
import type { CommandRunner, LabObserver, LabServices } from './commands/context.ts';
import type { SandboxLimits } from './config.ts';
import { type EngineMember, EnginePool } from './docker/engine-pool.ts';
import { type EngineWatch, type EngineWatchEvent, watchEngine } from './docker/engine-watch.ts';
import { Admission, type AdmissionLimits } from './session/admission.ts';
import { type DataQuota, startDataQuota } from './session/data-quota.ts';
import { DEFAULT_INSTANCE, type Namespace } from './session/namespace.ts';
import { reap, reapSession } from './session/reaper.ts';
import { loadSessionFile, type SessionSaver, startSessionSaver } from './session/session-file.ts';
import {
  deadline,
  type EndReason,
  endedMessage,
  expiryWarning,
  extend,
  extendedMessage,
  type LifecyclePolicy,
} from './session/session-lifecycle.ts';
import { SessionLocks } from './session/session-locks.ts';
import { type Session, SessionStore } from './session/session-store.ts';
import type { Completer } from './shell/line-editor.ts';
import type { TerminalShell } from './shell/terminal-shell.ts';
import { openSessionStorage, type SessionStorage, unenforcedStorage } from './storage/session-storage.ts';
import { type ConnectionDeps, handleConnection, refuseSocket } from './ws-connection.ts';

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
  connectsPerSecond: 5,
  connectBurst: 200,
  commandsPerSecond: 5,
  commandBurst: 30,
};

export interface LabServerOptions {
  /** The engines sessions are placed on; the first is used when there is one. */
  engines: readonly EngineMember[];
  limits: SandboxLimits;
  observer?: LabObserver;
  /** This server's instance name: it reaps only objects carrying it. */
  instance?: string;
  /** Where sessions are saved across restarts; without one they live as long as the process. */
  stateFile?: string;
  lifecycle?: Partial<LifecyclePolicy>;
  admission?: Partial<AdmissionLimits>;
  /** Milliseconds between expiry checks (and warnings). */
  sweepMs?: number;
  /**
   * Milliseconds between sweeps for objects of unknown sessions, also done once before the server
   * listens. 0 turns reaping off: tests that share an engine with other lab servers use it.
   */
  reapMs?: number;
  /** Milliseconds between engine health pings. */
  enginePingMs?: number;
  /** Milliseconds between data quota measurements while containers run. */
  quotaIntervalMs?: number;
  run: CommandRunner;
  /** Builds the tab completer for one session. */
  completerFor?: (ns: Namespace, member: EngineMember) => Completer;
  port: number;
  host: string;
  /** Extra allowed origins; the lab's own localhost origins are always allowed. */
  origins: (port: number) => Set<string>;
  /** Directory of the built site; omitted in tests that only need the WebSocket. */
  staticDir?: string;
  /** Handlers tried before the site, e.g. `/metrics`; each returns true when it answered. */
  routes?: readonly ((req: IncomingMessage, res: ServerResponse) => boolean)[];
  /** The course's lessons by id (their checks are evaluated for the pages that watch them). */
  lessons?: ReadonlyMap<string, Lesson>;
  /** Milliseconds between heartbeat pings. */
  heartbeatMs?: number;
  /** Each engine's storage by engine name, when the caller has opened it; the others are opened here. */
  storages?: ReadonlyMap<string, SessionStorage>;
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

export interface LabServer {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  readonly instance: string;
  readonly sessions: SessionStore<TerminalShell>;
  readonly pool: EnginePool;
  readonly lifecycle: LifecyclePolicy;
  readonly admission: Admission;
  /** How each engine's sessions are held to their data quota. */
  storage(engine: string): SessionStorage;
  /** The services a session's commands run against (its engine's). */
  servicesFor(session: Session<TerminalShell>): LabServices;
  /** Open sockets per session, for the pages that show who is connected. */
  socketsOf(sessionId: string): number;
  /** Re-evaluates checks and the picture on every page of a session, as after a command. */
  refreshChecks(sessionId: string): void;
  /** Output queued in the server for pages that have not taken it yet, over all sockets. */
  bufferedBytes(): number;
  /** A line from the lab in every terminal of one session. */
  notify(sessionId: string, message: string): void;
  /** A line from the lab in every terminal. */
  broadcast(message: string): void;
  /** Checks every session's deadlines now (the sweeper does it periodically). */
  sweep(): Promise<void>;
  /** Removes objects of sessions this server does not know, on every healthy engine. */
  reapUnknown(): Promise<number>;
  /** Ends one session: its terminals are told, its sockets closed, its objects removed. */
  endSession(sessionId: string, reason: EndReason | 'workshop'): Promise<void>;
  /** Ends every session and removes everything this instance made on every engine. */
  endAll(): Promise<void>;
  /** Graceful stop: terminals are told, sessions saved; volumes stay for when the lab is back. */
  close(): Promise<void>;
  /** Adds an HTTP handler tried before the site; it returns true when it answered. */
  addRoute(route: (req: IncomingMessage, res: ServerResponse) => boolean): void;
  /** Accepts WebSockets on another path, from the same allowed origins (e.g. the instructor's). */
  addSocketRoute(path: string, handle: (ws: WebSocket, req: IncomingMessage) => void): void;
}

/** Terminal output goes out at the end of the turn it was written in: let it leave before a close. */
function outputSent(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startLabServer(options: LabServerOptions): Promise<LabServer> {
  const instance = options.instance ?? DEFAULT_INSTANCE;
  const lifecycle: LifecyclePolicy = { ...DEFAULT_LIFECYCLE, ...options.lifecycle };
  const admission = new Admission({ ...DEFAULT_ADMISSION, ...options.admission });
  const pool = new EnginePool(options.engines);
  const records = options.stateFile ? await loadSessionFile(options.stateFile, instance) : [];
  const sessions = new SessionStore<TerminalShell>({ instance, lifetimeMs: lifecycle.lifetimeMs, records });
  const locks = new SessionLocks();
  /** Each session's open pages: their sockets, and what refreshes their checks. */
  const pages = new Map<string, Map<WebSocket, () => void>>();
  const reapMs = options.reapMs ?? 60_000;

  const notify = (sessionId: string, message: string) => {
    for (const shell of sessions.get(sessionId)?.terminals.values() ?? []) shell.notice(message);
  };
  const broadcast = (message: string) => {
    for (const session of sessions.all())
      for (const shell of session.terminals.values()) shell.notice(message);
  };

  const storages = new Map<string, SessionStorage>();
  for (const member of pool.members) {
    storages.set(
      member.name,
      options.storages?.get(member.name) ?? (await openStorage(member, options.limits)),
    );
  }
  const storageOf = (engine: string) => storages.get(engine) ?? unenforcedStorage('unknown engine');

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

  const servicesFor = (session: Session<TerminalShell>): LabServices => {
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
      ...(options.observer ? { observer: options.observer } : {}),
    };
  };

  const onEngineEvent = (event: EngineWatchEvent) => {
    const onEngine = [...sessions.all()].filter((session) => session.engine === event.engine);
    switch (event.kind) {
      case 'down':
        pool.setHealthy(event.engine, false);
        options.observer?.engineError({ engine: event.engine, operation: 'ping', message: event.message });
        for (const session of onEngine) {
          notify(
            session.id,
            'volume-lab: the Docker engine this session runs on is not answering. Your volumes are kept; ' +
              'commands will work again once it is back.',
          );
        }
        break;
      case 'up':
        pool.setHealthy(event.engine, true);
        for (const session of onEngine) notify(session.id, 'volume-lab: the Docker engine is back.');
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
      for (const ws of pages.get(sessionId)?.keys() ?? []) ws.close(CloseCode.sessionEnded, 'session ended');
      sessions.delete(sessionId);
      const member = pool.get(session.engine);
      // Under the session's lock, so a check's helper container cannot bring a removed volume back.
      if (member && pool.healthy(member.name)) {
        await locks.run(sessionId, () => reapSession(member, instance, sessionId));
        void storageOf(member.name).release(sessionId);
      }
      options.observer?.sessionEnded({ sessionId, reason });
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
          options.observer?.sessionEnded({ sessionId, reason: 'unknown' });
          void storageOf(member.name).release(sessionId);
        }
      } catch (error) {
        options.observer?.engineError({
          engine: member.name,
          operation: 'reap',
          message: (error as Error).message,
        });
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
          options.observer?.engineError({ engine: 'state-file', operation: 'save', message: error.message }),
      })
    : undefined;

  const sweeper = setInterval(() => void sweep(), options.sweepMs ?? 15_000);
  sweeper.unref();
  const reaper = reapMs > 0 ? setInterval(() => void reapUnknown(), reapMs) : undefined;
  reaper?.unref();

  const serveStatic = options.staticDir
    ? sirv(options.staticDir, { etag: true, gzip: false, single: false, dev: false })
    : undefined;
  const routes = [...(options.routes ?? [])];
  const socketRoutes = new Map<string, (ws: WebSocket, req: IncomingMessage) => void>();
  const server = createServer((req, res) => {
    for (const route of routes) if (route(req, res)) return;
    if (serveStatic) {
      serveStatic(req, res, () => {
        res.statusCode = 404;
        res.end('Not found');
      });
    } else {
      res.statusCode = 404;
      res.end('Not found');
    }
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  let origins = new Set<string>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://lab').pathname;
    const other = socketRoutes.get(path);
    if (path !== WS_PATH && !other) return refuseUpgrade(socket, 404, 'Not Found');
    const origin = req.headers.origin;
    if (origin === undefined || !origins.has(origin)) return refuseUpgrade(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (other) {
        alive.set(ws, true);
        ws.on('pong', () => alive.set(ws, true));
        other(ws, req);
      } else wss.emit('connection', ws, req);
    });
  });

  /** Resumes the session a hello asks for, or starts one: a newcomer needs room and a healthy engine. */
  const admit: ConnectionDeps['admit'] = (token, name) => {
    const resumed = sessions.resume(token, name);
    if (resumed) return { ok: true, ...resumed };
    const room = admission.session(sessions.size);
    if (!room.ok) {
      options.observer?.admissionRefused({ reason: room.reason });
      return room;
    }
    const member = pool.place((engine) => [...sessions.all()].filter((s) => s.engine === engine).length);
    if (!member) {
      options.observer?.admissionRefused({ reason: 'engine' });
      return {
        ok: false,
        reason: 'full',
        message: "The lab's Docker engine is not answering. Try again in a minute.",
      };
    }
    return { ok: true, ...sessions.create(token, member.name, name) };
  };

  const alive = new WeakMap<WebSocket, boolean>();
  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const admitted = admission.socket(req.socket.remoteAddress ?? 'unknown');
    if (!admitted.ok) {
      options.observer?.admissionRefused({ reason: admitted.reason });
      return refuseSocket(ws, admitted);
    }
    ws.on('close', admitted.release);
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    handleConnection(ws, {
      lessons: options.lessons ?? new Map(),
      run: options.run,
      admit,
      servicesFor,
      track: (session, refresh) => {
        let open = pages.get(session.id);
        if (!open) {
          open = new Map();
          pages.set(session.id, open);
        }
        open.set(ws, refresh);
        ws.on('close', () => {
          open.delete(ws);
          if (open.size === 0 && pages.get(session.id) === open) pages.delete(session.id);
        });
      },
      mayRun: (session) => admission.command(session.id),
      extend: (session) => {
        const now = Date.now();
        const extended = extend(session, lifecycle);
        session.warnedFor = undefined;
        return extendedMessage(extended, session, now);
      },
      ...(options.completerFor
        ? {
            completerFor: (session: Session<TerminalShell>) => {
              const member = pool.get(session.engine) ?? pool.members[0];
              if (!member) throw new Error('no engine');
              return (
                options.completerFor?.(session.ns, member) ?? (async () => [[], ''] as [string[], string])
              );
            },
          }
        : {}),
    });
  });
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origins = options.origins(port);
  const shownHost = options.host === '127.0.0.1' || options.host === '0.0.0.0' ? 'localhost' : options.host;

  const stopTimers = () => {
    clearInterval(heartbeat);
    clearInterval(sweeper);
    if (reaper) clearInterval(reaper);
    for (const quota of quotas.values()) quota.stop();
    for (const watch of watches) watch.stop();
  };

  return {
    server,
    port,
    url: `http://${shownHost}:${port}`,
    instance,
    sessions,
    pool,
    lifecycle,
    admission,
    storage: storageOf,
    servicesFor,
    socketsOf: (sessionId) => pages.get(sessionId)?.size ?? 0,
    refreshChecks: (sessionId) => {
      for (const refresh of pages.get(sessionId)?.values() ?? []) refresh();
    },
    bufferedBytes: () => [...wss.clients].reduce((sum, ws) => sum + ws.bufferedAmount, 0),
    notify,
    broadcast,
    sweep,
    reapUnknown,
    endSession,
    addRoute: (route) => routes.push(route),
    addSocketRoute: (path, handle) => socketRoutes.set(path, handle),
    async endAll() {
      await Promise.all([...sessions.all()].map((session) => endSession(session.id, 'workshop')));
      for (const member of pool.members) {
        if (pool.healthy(member.name)) await reap(member, instance, () => false).catch(() => undefined);
      }
      await saver?.flush();
    },
    async close() {
      stopTimers();
      for (const session of sessions.all()) {
        for (const shell of session.terminals.values()) {
          shell.end(
            'volume-lab: the lab server is restarting. Your volumes and progress are kept; this terminal reconnects by itself.',
          );
        }
      }
      await outputSent();
      for (const ws of wss.clients) ws.close(CloseCode.goingAway, 'server shutting down');
      await saver?.stop();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
