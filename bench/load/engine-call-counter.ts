/**
 * A preload for a lab server process (`node --import <this file> server/main.ts`) that records every
 * request the process makes to a Docker engine, whatever the version of the lab's code: it patches
 * docker-modem, which every dockerode call goes through, as found from the server's own working
 * directory. It imports nothing of the lab, so one copy counts any checkout the same way.
 *
 * Each request appends one JSON line to the file named by VL_ENGINE_CALLS:
 * `{"at": <ms since epoch>, "call": "POST /containers/{id}/start"}`.
 */
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The request's method and path with ids and names taken out, so calls of a kind count together. */
export function callKind(method: string, path: string): string {
  const bare = path.split('?')[0] ?? '';
  const parts = bare.split('/').filter((part) => part !== '');
  const named = new Set(['containers', 'volumes', 'exec', 'images', 'networks']);
  const literal = new Set(['json', 'create', 'prune']);
  const kind = parts.map((part, index) => {
    const before = parts[index - 1];
    if (before && named.has(before) && !literal.has(part)) return before === 'volumes' ? '{name}' : '{id}';
    return part;
  });
  return `${method.toUpperCase()} /${kind.join('/')}`;
}

const file = process.env.VL_ENGINE_CALLS;
if (file) {
  // docker-modem as the server's dockerode loads it: from its own node_modules.
  const fromServer = createRequire(join(process.cwd(), 'package.json'));
  const modem = createRequire(fromServer.resolve('dockerode'))('docker-modem') as {
    prototype: { dial(options: { method?: string; path?: string }, callback: unknown): unknown };
  };
  const dial = modem.prototype.dial;
  modem.prototype.dial = function counted(options, callback) {
    const line = { at: Date.now(), call: callKind(options.method ?? 'GET', options.path ?? '') };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
    return dial.call(this, options, callback);
  };
}
