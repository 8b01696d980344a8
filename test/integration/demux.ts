/** Reading what containers print, as the engine sends it without a TTY. */

/** Joins the payloads of a multiplexed stream or log buffer (8-byte frame header: stream, 3 zero bytes, BE32 size). */
export function demux(log: Buffer): string {
  const parts: Buffer[] = [];
  for (let at = 0; at + 8 <= log.length; ) {
    const size = log.readUInt32BE(at + 4);
    parts.push(log.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
