import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFile(join(root, path), 'utf8');

/** The flags after `dockerd` on the unit's ExecStart line. */
function unitFlags(text: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith('ExecStart=')) ?? '';
  return (line.split(/\bdockerd /)[1] ?? '').trim().split(/\s+/);
}

/** What `npm run setup` runs as the primary engine (scripts/engines.conf), e.g. ['26.1', 'runc']. */
async function primaryEngine(): Promise<string[]> {
  const conf = await read('scripts/engines.conf');
  return (/^PRIMARY_ENGINE=(\S+)$/m.exec(conf)?.[1] ?? '').split('/');
}

/** The flags scripts/engine.sh starts an engine with: the launcher itself says, without starting anything. */
function launcherFlags(name: string, version: string, runtime: string): string[] {
  const result = spawnSync('bash', [join(root, 'scripts', 'engine.sh'), 'args', name, version, runtime], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
  expect(result.stderr).toBe('');
  return result.stdout.trim().split('\n');
}

const HARDENING = [
  '--storage-driver=overlay2',
  '--userns-remap=default',
  '--icc=false',
  '--log-opt=max-size=1m',
  '--log-opt=max-file=2',
];

describe('the deployment files', () => {
  it('start the engine exactly as setup starts the primary, on the btrfs store with overlay2', async () => {
    const [version = '', runtime = ''] = await primaryEngine();
    expect(['runc', 'crun']).toContain(runtime);
    const unit = unitFlags(await read('deploy/volume-lab-engine.service'));
    expect(unit).toEqual(launcherFlags('primary', version, runtime));
    expect(unit).toContain('--data-root=/var/lib/volume-lab/store/engine');
    expect(unit).toEqual(expect.arrayContaining(HARDENING));
  });

  it('harden every engine the launcher starts alike, each with its own socket and data root', () => {
    for (const [name, version, runtime] of [
      ['engine2', '20.10', 'runc'],
      ['x2610crun', '26.1', 'crun'],
    ] as const) {
      const flags = launcherFlags(name, version, runtime);
      expect(flags).toEqual(expect.arrayContaining(HARDENING));
      expect(flags).toContain(`--host=unix:///run/volume-lab-${name}.sock`);
      expect(flags).toContain(`--data-root=/var/lib/volume-lab/store/${name}`);
      expect(flags.includes('--default-runtime=crun')).toBe(runtime === 'crun');
    }
  });

  it('give the lab a valid configuration that trusts only the local proxy', async () => {
    const env = Object.fromEntries(
      (await read('deploy/lab.env'))
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const config = loadConfig(env);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.LAB_TRUSTED_PROXIES?.check('127.0.0.1')).toBe(true);
    expect(config.LAB_TRUSTED_PROXIES?.check('203.0.113.9')).toBe(false);
    // Caddy proxies to where the lab listens unless told otherwise.
    expect(await read('deploy/Caddyfile')).toContain(
      `reverse_proxy {$LAB_UPSTREAM:${config.HOST}:${config.PORT}}`,
    );
  });
});
