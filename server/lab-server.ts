/**
 * SECURITY: the lab's single HTTP port. It serves the built site and upgrades `/ws` to a WebSocket
 * only for allowed origins. Browsers send cookies on cross-site upgrades and the Origin header is the
 * one thing a hostile page cannot forge, so the allow-list is always on.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Lesson } from '../src/shared/lesson.ts';
import { MAX_FRAME_BYTES, WS_PATH } from '../src/shared/protocol.ts';
import type { CommandRunner, LabServices } from './commands/context.ts';
import { startDataQuota } from './session/data-quota.ts';
import type { Namespace } from './session/namespace.ts';
import { SessionLocks } from './session/session-locks.ts';
import { SessionStore } from './session/session-store.ts';
import type { Completer } from './shell/line-editor.ts';
import type { TerminalShell } from './shell/terminal-shell.ts';
import { handleConnection } from './ws-connection.ts';

export interface LabServerOptions {
  /** Everything but the data quota and the session locks, which the server keeps itself. */
  services: Omit<LabServices, 'quota' | 'locks'>;
  /** Milliseconds between data quota measurements while containers run. */
  quotaIntervalMs?: number;
  run: CommandRunner;
  /** Builds the tab completer for one session. */
  completerFor?: (ns: Namespace) => Completer;
  port: number;
  host: string;
  /** Extra allowed origins; the lab's own localhost origins are always allowed. */
  origins: (port: number) => Set<string>;
  /** Directory of the built site; omitted in tests that only need the WebSocket. */
  staticDir?: string;
  /** The course's lessons by id (their checks are evaluated for the pages that watch them). */
  lessons?: ReadonlyMap<string, Lesson>;
  /** Milliseconds between heartbeat pings. */
  heartbeatMs?: number;
}

export interface LabServer {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  readonly sessions: SessionStore<TerminalShell>;
  /** Output queued in the server for pages that have not taken it yet, over all sockets. */
  bufferedBytes(): number;
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startLabServer(options: LabServerOptions): Promise<LabServer> {
  const sessions = new SessionStore<TerminalShell>();
  const quota = startDataQuota({
    engine: options.services.engine,
    containers: options.services.containers,
    limitBytes: options.services.limits.dataBytes,
    intervalMs: options.quotaIntervalMs ?? 5000,
    owns: (sessionId) => [...sessions.all()].some((session) => session.ns.sessionId === sessionId),
    notify: (sessionId, message) => {
      for (const session of sessions.all()) {
        if (session.ns.sessionId !== sessionId) continue;
        for (const shell of session.terminals.values()) shell.notice(message);
      }
    },
  });
  const services: LabServices = { ...options.services, quota, locks: new SessionLocks() };
  const serveStatic = options.staticDir
    ? sirv(options.staticDir, { etag: true, gzip: false, single: false, dev: false })
    : undefined;
  const server = createServer((req, res) => {
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
    if (path !== WS_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    const origin = req.headers.origin;
    if (origin === undefined || !origins.has(origin)) return refuseUpgrade(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const alive = new WeakMap<WebSocket, boolean>();
  wss.on('connection', (ws: WebSocket) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    handleConnection(ws, {
      sessions,
      services,
      run: options.run,
      lessons: options.lessons ?? new Map(),
      ...(options.completerFor ? { completerFor: options.completerFor } : {}),
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

  return {
    server,
    port,
    url: `http://${shownHost}:${port}`,
    sessions,
    bufferedBytes: () => [...wss.clients].reduce((sum, ws) => sum + ws.bufferedAmount, 0),
    async close() {
      clearInterval(heartbeat);
      quota.stop();
      for (const session of sessions.all()) for (const shell of session.terminals.values()) shell.close();
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
