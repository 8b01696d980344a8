/**
 * `GET /api/workshop`: whether workshop mode is on, for the static pages (join, resume, instructor, the
 * course index) to decide what to show. Answered in self-paced mode too, with `false`, so the pages
 * can tell "off" from "no lab server behind this site".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WORKSHOP_INFO_PATH, type WorkshopInfo } from '../../src/shared/workshop.ts';

export function createWorkshopRoute(
  info: WorkshopInfo,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const body = JSON.stringify(info);
  return (req, res) => {
    if (new URL(req.url ?? '/', 'http://lab').pathname !== WORKSHOP_INFO_PATH) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
      res.end('method not allowed\n');
      return true;
    }
    // no-store: a lab restarted in the other mode must not be hidden behind a cached answer.
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? '' : body);
    return true;
  };
}
