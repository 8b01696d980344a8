import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFile(join(root, path), 'utf8');

/** The flags after `dockerd` on the first line that runs it, with the store's path spelled out. */
function dockerdFlags(text: string): string[] {
  const line = text.split('\n').find((l) => /\bdockerd --/.test(l)) ?? '';
  return (line.split(/\bdockerd /)[1] ?? '')
    .replace(/\$STORE_DIR/g, '/var/lib/volume-lab/store')
    .replace(/ *>.*$/, '')
    .trim()
    .split(/\s+/)
    .filter((flag) => flag.startsWith('--'));
}

describe('the deployment files', () => {
  it('start the engine exactly as setup does, on the btrfs store with overlay2', async () => {
    const unit = dockerdFlags(await read('deploy/volume-lab-engine.service'));
    expect(unit).toEqual(dockerdFlags(await read('scripts/setup-host.sh')));
    expect(unit).toContain('--storage-driver=overlay2');
    expect(unit).toContain('--data-root=/var/lib/volume-lab/store/engine');
    expect(unit).toContain('--userns-remap=default');
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
