/**
 * SECURITY-RELEVANT: which SSH host keys an ssh:// engine may present. ssh2 accepts any host key unless
 * told otherwise, which would let anyone on the path pose as the engine — and whoever talks to an
 * engine's API is root on its host. A key is accepted when it matches a pinned fingerprint, or when an
 * OpenSSH known_hosts file lists it for the host (plain and hashed names, patterns with `*`, `?` and
 * `!`, non-standard ports as `[host]:port`) and no `@revoked` line names it. `@cert-authority` lines
 * are skipped: they would need certificate checks this module does not do.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** Why no host key can be trusted; the message is for the person starting the server. */
export class HostKeyProblem extends Error {}

/** The `fingerprint` and `known_hosts` parameters of an ssh:// address. */
export interface HostKeySettings {
  /** `SHA256:<base64>`, as `ssh-keygen -lf` prints it; known_hosts is not read when it is given. */
  fingerprint?: string | undefined;
  /** An absolute path read instead of ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts; it must exist. */
  known_hosts?: string | undefined;
}

/**
 * The check of the host key `host:port` presents, from a pinned fingerprint or the known_hosts files
 * (`home`'s and the system's unless one is named), read once, now: at start-up, not at each connection.
 */
export function hostKeyVerifier(
  host: string,
  port: number,
  settings: HostKeySettings,
  home: string | undefined,
): (key: Buffer) => boolean {
  if (settings.fingerprint !== undefined) {
    const pinned = settings.fingerprint.slice('SHA256:'.length).replace(/=$/, '');
    return (key) => createHash('sha256').update(key).digest('base64').replace(/=+$/, '') === pinned;
  }
  const files =
    settings.known_hosts !== undefined
      ? [settings.known_hosts]
      : [...(home ? [join(home, '.ssh', 'known_hosts')] : []), '/etc/ssh/ssh_known_hosts'];
  if (settings.known_hosts !== undefined && !isAbsolute(settings.known_hosts)) {
    throw new HostKeyProblem(`known_hosts must be an absolute path, not "${settings.known_hosts}"`);
  }
  const { accepted, revoked } = knownHostKeys(files, host, port, settings.known_hosts !== undefined);
  const target = port === 22 ? host : `[${host}]:${port}`;
  if (accepted.length === 0) {
    throw new HostKeyProblem(
      `no host key for ${target} in ${files.join(' or ')}: add it after checking it ` +
        `(ssh-keyscan -p ${port} ${host}) or pin it with ?fingerprint=SHA256:...`,
    );
  }
  const same = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);
  return (key) => !revoked.some((known) => same(known, key)) && accepted.some((known) => same(known, key));
}

/** Host keys for a host from OpenSSH known_hosts files: plain and hashed names, patterns, @revoked. */
function knownHostKeys(
  files: string[],
  host: string,
  port: number,
  required: boolean,
): { accepted: Buffer[]; revoked: Buffer[] } {
  const target = port === 22 ? host : `[${host}]:${port}`;
  const accepted: Buffer[] = [];
  const revoked: Buffer[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      if (required) throw new HostKeyProblem(`cannot read the known_hosts file ${file}`);
      continue;
    }
    for (const line of text.split('\n')) {
      const fields = line.trim().split(/\s+/);
      if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) continue;
      const marker = fields[0].startsWith('@') ? fields.shift() : undefined;
      const [patterns, , blob] = fields;
      // Certificate authorities would need certificate checks this module does not do.
      if (patterns === undefined || blob === undefined || marker === '@cert-authority') continue;
      if (!hostMatches(patterns, target)) continue;
      (marker === '@revoked' ? revoked : accepted).push(Buffer.from(blob, 'base64'));
    }
  }
  return { accepted, revoked };
}

function hostMatches(patterns: string, target: string): boolean {
  if (patterns.startsWith('|1|')) {
    const [, , salt = '', hash = ''] = patterns.split('|');
    const expected = createHmac('sha1', Buffer.from(salt, 'base64')).update(target).digest('base64');
    return expected === hash;
  }
  let matched = false;
  for (const pattern of patterns.split(',')) {
    const negated = pattern.startsWith('!');
    const glob = negated ? pattern.slice(1) : pattern;
    const regex = new RegExp(
      `^${glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      'i',
    );
    if (regex.test(target)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}
