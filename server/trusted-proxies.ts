/**
 * SECURITY: which address a request comes from. Every per-address limit (sockets, connection rate,
 * sessions, the instructor's wrong guesses) keys on it. Behind a reverse proxy every socket comes
 * from the proxy, so the proxy's X-Forwarded-For (or RFC 7239 Forwarded) header names the client, but
 * anyone can send those headers: they are believed only when the socket comes from a configured
 * proxy, and only as far back as the hops are proxies too.
 */
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

/** The configured proxies; `undefined` when there are none and headers are never believed. */
export type TrustedProxies = BlockList | undefined;

const entrySchema = z.string().refine(
  (entry) => {
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return false;
    if (prefix === undefined) return true;
    const bits = Number(prefix);
    return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
  },
  {
    message:
      'LAB_TRUSTED_PROXIES must be comma-separated addresses or CIDR ranges, like 127.0.0.1,10.0.0.0/8',
  },
);

export const trustedProxiesSchema = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  )
  .pipe(z.array(entrySchema))
  .transform((entries): TrustedProxies => {
    if (entries.length === 0) return undefined;
    const list = new BlockList();
    for (const entry of entries) {
      const [address = '', prefix] = entry.split('/');
      const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(prefix), type);
    }
    return list;
  });

/** An address as sockets and headers give it, made comparable: IPv4-mapped IPv6 becomes IPv4. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function trusted(proxies: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && proxies.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** One hop of a forwarding header, without port or brackets; undefined when it is not an address. */
function hopAddress(raw: string): string | undefined {
  let value = raw.trim().replace(/^"|"$/g, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1]) value = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  value = plain(value);
  return isIP(value) === 0 ? undefined : value;
}

/** The hops a request passed, nearest the client first, from Forwarded or else X-Forwarded-For. */
function forwardedHops(req: IncomingMessage): string[] {
  const forwarded = req.headers.forwarded;
  if (forwarded) {
    return forwarded.split(',').map((element) => {
      const pair = element.split(';').find((part) => part.trim().toLowerCase().startsWith('for='));
      return pair ? pair.trim().slice(4) : '';
    });
  }
  const xff = req.headers['x-forwarded-for'];
  const joined = Array.isArray(xff) ? xff.join(',') : (xff ?? '');
  return joined === '' ? [] : joined.split(',');
}

/**
 * The client's address: the socket's, or, when the socket is a trusted proxy, the nearest hop to its
 * right in the forwarding header that is not a trusted proxy itself. A hop that is not an address
 * (the `unknown` or obfuscated names RFC 7239 allows) stops the walk at the last trusted hop.
 */
export function clientAddress(req: IncomingMessage, proxies: TrustedProxies): string {
  let address = plain(req.socket.remoteAddress ?? 'unknown');
  if (!proxies) return address;
  const hops = forwardedHops(req);
  while (trusted(proxies, address)) {
    const next = hops.pop();
    if (next === undefined) break;
    const hop = hopAddress(next);
    if (hop === undefined) break;
    address = hop;
  }
  return address;
}
