import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HostKeyProblem, hostKeyVerifier } from '../../server/docker/ssh-host-keys.ts';

const root = mkdtempSync(join(tmpdir(), 'ssh-host-keys-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Host key blobs are opaque bytes to the verifier; random ones stand in for real keys.
const engineKey = randomBytes(51);
const otherKey = randomBytes(51);
const revokedKey = randomBytes(51);
const hashedName = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};
const knownHosts = join(root, 'known_hosts');
writeFileSync(
  knownHosts,
  [
    '# engines',
    `build-1.example.org,10.0.0.7 ssh-ed25519 ${engineKey.toString('base64')} lab@build-1`,
    `${hashedName('[build-2.example.org]:2222')} ssh-ed25519 ${otherKey.toString('base64')}`,
    `*.lab.example.org,!bad.lab.example.org ssh-ed25519 ${engineKey.toString('base64')}`,
    `@revoked build-1.example.org ssh-ed25519 ${revokedKey.toString('base64')}`,
    `build-1.example.org ssh-ed25519 ${revokedKey.toString('base64')}`,
    `@cert-authority build-3.example.org ssh-ed25519 ${otherKey.toString('base64')}`,
    '',
  ].join('\n'),
);
/** A home without known_hosts, so no test depends on the machine running it. */
const noHome = join(root, 'no-home');

const fromFile = (host: string, port = 22) =>
  hostKeyVerifier(host, port, { known_hosts: knownHosts }, noHome);
const problemOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof HostKeyProblem) return error.message;
    throw error;
  }
  throw new Error('expected a HostKeyProblem');
};

describe('hostKeyVerifier: known_hosts', () => {
  it('accepts only the known host keys, and never a revoked one', () => {
    const verify = fromFile('build-1.example.org');
    expect(verify(engineKey)).toBe(true);
    expect(verify(otherKey)).toBe(false);
    expect(verify(revokedKey)).toBe(false);
  });

  it('matches any name of a comma-separated list, case-insensitively', () => {
    expect(fromFile('10.0.0.7')(engineKey)).toBe(true);
    expect(fromFile('Build-1.Example.org')(engineKey)).toBe(true);
  });

  it('matches hashed names with their port', () => {
    const hashed = fromFile('build-2.example.org', 2222);
    expect(hashed(otherKey)).toBe(true);
    expect(hashed(engineKey)).toBe(false);
    expect(problemOf(() => fromFile('build-2.example.org'))).toMatch(/no host key for build-2\.example\.org/);
  });

  it('matches wildcard patterns, except a negated name', () => {
    expect(fromFile('ci.lab.example.org')(engineKey)).toBe(true);
    expect(problemOf(() => fromFile('bad.lab.example.org'))).toMatch(
      /no host key for bad\.lab\.example\.org/,
    );
  });

  it('does not trust a certificate authority line as a host key', () => {
    expect(problemOf(() => fromFile('build-3.example.org'))).toMatch(/no host key/);
  });

  it('says how to add a missing host, with its port', () => {
    expect(problemOf(() => fromFile('unknown.example.org', 2200))).toBe(
      `no host key for [unknown.example.org]:2200 in ${knownHosts}: add it after checking it ` +
        '(ssh-keyscan -p 2200 unknown.example.org) or pin it with ?fingerprint=SHA256:...',
    );
  });

  it('refuses a named known_hosts file that cannot be read or is not an absolute path', () => {
    const missing = join(root, 'missing');
    expect(problemOf(() => hostKeyVerifier('h', 22, { known_hosts: missing }, noHome))).toBe(
      `cannot read the known_hosts file ${missing}`,
    );
    expect(problemOf(() => hostKeyVerifier('h', 22, { known_hosts: 'known_hosts' }, noHome))).toBe(
      'known_hosts must be an absolute path, not "known_hosts"',
    );
  });

  it("reads the home's ~/.ssh/known_hosts when none is named", () => {
    const home = join(root, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'known_hosts'), `10.0.0.9 ssh-ed25519 ${otherKey.toString('base64')}\n`);
    expect(hostKeyVerifier('10.0.0.9', 22, {}, home)(otherKey)).toBe(true);
  });
});

describe('hostKeyVerifier: a pinned fingerprint', () => {
  const fingerprint = `SHA256:${createHash('sha256').update(otherKey).digest('base64').replace(/=+$/, '')}`;

  it('accepts the pinned key alone, without reading known_hosts', () => {
    const verify = hostKeyVerifier('anywhere.example.org', 22, { fingerprint }, noHome);
    expect(verify(otherKey)).toBe(true);
    expect(verify(engineKey)).toBe(false);
  });

  it('takes the fingerprint with or without its trailing =', () => {
    expect(hostKeyVerifier('h', 22, { fingerprint: `${fingerprint}=` }, noHome)(otherKey)).toBe(true);
  });
});
