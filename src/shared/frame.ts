/**
 * The one parser of WebSocket frames, for both ends of every lab socket: the server reads the page's
 * frames with it, every page reads the server's. A frame is one JSON text message; what it may hold is
 * the schema's business (protocol.ts, workshop.ts).
 */
import type { z } from 'zod';

/** A frame the schema accepts, or a readable reason why not: a bad frame is answered, never thrown. */
export type Parsed<T> = { ok: true; message: T } | { ok: false; reason: string };

const encoder = new TextEncoder();

/** UTF-8 never takes more than 3 bytes per UTF-16 code unit, nor fewer than 1: most frames need no count. */
function overLimit(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return encoder.encode(text).byteLength > maxBytes;
}

/**
 * Parses one frame as `schema` describes it. `maxBytes` refuses a bigger frame whole before reading
 * it; leave it out where the sender is trusted to size its own frames (the server's to a page).
 */
export function parseFrame<T>(data: unknown, schema: z.ZodType<T>, maxBytes?: number): Parsed<T> {
  if (typeof data !== 'string') return { ok: false, reason: 'not a text frame' };
  if (maxBytes !== undefined && overLimit(data, maxBytes)) {
    return { ok: false, reason: `frame is over the ${maxBytes}-byte limit` };
  }
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { ok: false, reason: 'frame is not valid JSON' };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, reason: `invalid frame: ${where}${issue?.message ?? 'unknown shape'}` };
}
