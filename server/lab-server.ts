/**
 * SECURITY: the lab's front door, its single HTTP port. It serves the built site and upgrades `/ws`
 * to a WebSocket only for allowed origins. Browsers send cookies on cross-site upgrades and the Origin
 * header is the one thing a hostile page cannot forge, so the allow-list is always on.
 *
 * Policy stays in hooks, as in `ws`: which client an upgrade comes from is `clientAddress`, what it
 * may open is the session manager's (server/session/session-manager.ts), and what one socket says is
 * server/ws-connection.ts. This file keeps the sockets themselves alive (the heartbeat) and closes them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Lesson } from '../src/shared/lesson.ts';
import { CloseCode, MAX_FRAME_BYTES, WS_PATH } from '../src/shared/protocol.ts';
import {
  type SessionManager,
  type SessionManagerOptions,
  startSessionManager,
} from './session/session-manager.ts';
import { clientAddress, type TrustedProxies } from './trusted-proxies.ts';
import { handleConnection, refuseSocket } from './ws-connection.ts';

export interface LabServerOptions extends SessionManagerOptions {
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
  /** Milliseconds between heartbeat pings. Default 30 000. */
  heartbeatMs?: number;
  /** The reverse proxies whose forwarding headers name the client (LAB_TRUSTED_PROXIES); default none. */
  trustedProxies?: TrustedProxies;
}

export interface LabServer {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  /** The sessions behind the sockets: their lives, admission and services. */
  readonly manager: SessionManager;
  /** Output queued in the server for pages that have not taken it yet, over all sockets. */
  bufferedBytes(): number;
  /** Adds an HTTP handler tried before the site; it returns true when it answered. */
  addRoute(route: (req: IncomingMessage, res: ServerResponse) => boolean): void;
  /**
   * Accepts WebSockets on another path, from the same allowed origins (e.g. the instructor's);
   * `address` is the client's, as admission counts it.
   */
  addSocketRoute(path: string, handle: (ws: WebSocket, address: string) => void): void;
  /** Graceful stop: terminals are told, sessions saved; volumes stay for when the lab is back. */
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startLabServer(options: LabServerOptions): Promise<LabServer> {
  const manager = await startSessionManager(options);
  const lessons = options.lessons ?? new Map<string, Lesson>();

  const serveStatic = options.staticDir
    ? sirv(options.staticDir, { etag: true, gzip: false, single: false, dev: false })
    : undefined;
  const routes = [...(options.routes ?? [])];
  const socketRoutes = new Map<string, (ws: WebSocket, address: string) => void>();
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

  /** Sockets that have not answered the last ping are cut at the next one. */
  const alive = new WeakMap<WebSocket, boolean>();
  const keepAlive = (ws: WebSocket) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
  };

  const connectLearner = (ws: WebSocket, address: string) => {
    const admitted = manager.admitSocket(address);
    if (!admitted.ok) return refuseSocket(ws, admitted);
    ws.on('close', admitted.release);
    keepAlive(ws);
    handleConnection(ws, manager, lessons, address);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://lab').pathname;
    const other = socketRoutes.get(path);
    if (path !== WS_PATH && !other) return refuseUpgrade(socket, 404, 'Not Found');
    const origin = req.headers.origin;
    if (origin === undefined || !origins.has(origin)) return refuseUpgrade(socket, 403, 'Forbidden');
    // The one place an upgrade's client address is decided; admission and the socket routes count by it.
    const address = clientAddress(req, options.trustedProxies);
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (other) {
        keepAlive(ws);
        other(ws, address);
      } else connectLearner(ws, address);
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
    manager,
    bufferedBytes: () => [...wss.clients].reduce((sum, ws) => sum + ws.bufferedAmount, 0),
    addRoute: (route) => routes.push(route),
    addSocketRoute: (path, handle) => socketRoutes.set(path, handle),
    async close() {
      clearInterval(heartbeat);
      await manager.close();
      for (const ws of wss.clients) ws.close(CloseCode.goingAway, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
