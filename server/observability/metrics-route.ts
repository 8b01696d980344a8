/**
 * `GET /metrics` in Prometheus' text format, for the lab's HTTP server to try before its other
 * routes. The metrics hold counts only, but they show how busy the lab is and what learners try,
 * so a deployment reachable from outside can ask for a bearer token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

export interface MetricsRouteOptions {
  registry: Registry;
  /** When set (and not empty), requests must carry `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Defaults to `/metrics`. */
  path?: string;
}

export type MetricsRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Digests have one length whatever was sent, so comparing them tells nothing about the token's. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function authorised(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  // Hash something even without a token, so a missing header takes as long as a wrong one.
  return timingSafeEqual(digest(match?.[1] ?? ''), expected) && match !== null;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

/** Returns true when it took the request (and answers it, possibly after returning). */
export function createMetricsRoute(options: MetricsRouteOptions): MetricsRoute {
  const path = options.path ?? '/metrics';
  const token = options.token?.trim() ? digest(options.token.trim()) : undefined;
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }, 'method not allowed\n');
      return true;
    }
    if (token && !authorised(req.headers.authorization, token)) {
      send(
        res,
        401,
        { 'WWW-Authenticate': 'Bearer realm="metrics"', 'Content-Type': 'text/plain' },
        'unauthorised\n',
      );
      return true;
    }
    options.registry.metrics().then(
      (text) =>
        send(res, 200, { 'Content-Type': options.registry.contentType }, req.method === 'HEAD' ? '' : text),
      () => send(res, 500, { 'Content-Type': 'text/plain' }, 'metrics unavailable\n'),
    );
    return true;
  };
}
