/**
 * Validators of docker's network options (`--dns`, `--dns-search`, `--add-host`, `--link`):
 * Go's error text, or undefined when valid.
 */
import { isIP } from 'node:net';
import { goQuote } from '../../format/go-quote.ts';

/** Go's `net.ParseIP` acceptance (no zones, which Node's isIP would allow). */
function isGoIP(value: string): boolean {
  return !value.includes('%') && isIP(value) !== 0;
}

/** `opts.ValidateIPAddress` (`--dns`). */
export function validateIPAddress(value: string): string | undefined {
  return isGoIP(value.trim()) ? undefined : `IP address is not correctly formatted: ${value}`;
}

const DOMAIN =
  /^(:?(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))(:?\.(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])))*)\.?\s*$/;

/** `opts.ValidateDNSSearch` (`--dns-search`). */
export function validateDNSSearch(value: string): string | undefined {
  const v = value.replace(/^ +| +$/g, '');
  if (v === '.') return undefined;
  const m = /[a-zA-Z]/.test(v) ? DOMAIN.exec(v) : null;
  return m !== null && (m[1] as string).length < 255 ? undefined : `${v} is not a valid domain`;
}

/** `opts.ValidateExtraHost` (`--add-host host:ip`, `host=ip`, `host:host-gateway`). */
export function validateExtraHost(value: string): string | undefined {
  let sep = value.indexOf('=');
  if (sep === -1) sep = value.indexOf(':');
  const key = sep === -1 ? '' : value.slice(0, sep);
  if (sep === -1 || key === '' || key.includes(':')) return `bad format for add-host: ${goQuote(value)}`;
  let ip = value.slice(sep + 1);
  if (ip === 'host-gateway') return undefined;
  if (ip.length > 2 && ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  return isGoIP(ip.trim()) ? undefined : `invalid IP address in add-host: ${goQuote(ip)}`;
}

/** `opts.ValidateLink` (`--link name[:alias]`). */
export function validateLink(value: string): string | undefined {
  if (value === '') return 'empty string specified for links';
  return value.split(':').length > 2 ? `bad format for links: ${value}` : undefined;
}
