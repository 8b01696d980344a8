/**
 * SECURITY: `--mount ...,volume-subpath=` on an engine that supports it (API 1.45, Engine 26.1: engine 2
 * here). The lab lets the engine resolve the sub-path, so this proves on the real engine that a hostile
 * learner cannot reach past their own volume with one: not through `..`, an absolute path, a symlink to
 * the host or to another session's volume (absolute or relative), nor a symlink swapped in after the
 * container was made. Each escape is aimed at a secret the test put on the host and at another
 * session's volume, and each must fail without showing either.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../harness/lab-client.ts';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { compareApiVersions } from '../../server/cli/command-spec.ts';
import { sessionIdFromToken } from '../../server/sandbox/namespace.ts';
import { type EngineUnderTest, enginesUnderTest } from './engines-under-test.ts';

const { engines } = await enginesUnderTest();
const withSubpaths = engines.find((engine) => compareApiVersions(engine.apiVersion, '1.45') >= 0);
if (!withSubpaths) console.warn('sub-path tests skipped: no engine here has API 1.45 (engine 2 runs 26.1)');

describe.skipIf(!withSubpaths)('volume sub-paths, on an engine that resolves them', () => {
  const engine = withSubpaths as EngineUnderTest;
  const SECRET = `host-secret-${randomBytes(6).toString('hex')}`;
  const OTHER_SECRET = `other-session-${randomBytes(6).toString('hex')}`;
  let hostDir: string;
  let lab: LabFixture;
  let learner: LabClient;
  /** Where the other session's volume lives on the host, as the engine says. */
  let otherMountpoint: string;

  /** Runs a line and asserts it neither succeeded in reaching nor printed either secret. */
  const expectNoEscape = async (line: string) => {
    const result = await learner.run(line);
    expect(result.output).not.toContain(SECRET);
    expect(result.output).not.toContain(OTHER_SECRET);
    return result;
  };
  const mount = (subpath: string) => `--mount type=volume,src=mine,dst=/x,volume-subpath=${subpath}`;

  beforeAll(async () => {
    hostDir = mkdtempSync(join(tmpdir(), 'vl-subpath-'));
    writeFileSync(join(hostDir, 'secret'), `${SECRET}\n`);
    lab = await startLabFixture({ engine: engine.options });

    const other = await lab.connect();
    const made = await other.run(
      `docker run --rm -v theirs:/v busybox sh -c 'echo ${OTHER_SECRET} > /v/secret'`,
    );
    expect(made.exitCode).toBe(0);
    const theirs = await lab.engine.listVolumes({
      label: [`volume-lab.session=${sessionIdFromToken(other.session)}`],
    });
    otherMountpoint = theirs[0]?.Mountpoint ?? '';
    expect(otherMountpoint).not.toBe('');

    learner = await lab.connect();
    const links = [
      'mkdir /v/dir && echo inside > /v/dir/f',
      'ln -s dir /v/rel',
      `ln -s ${hostDir} /v/host`,
      `ln -s ${otherMountpoint} /v/theirs`,
      'ln -s ../.. /v/up',
      // Relative, with more `..` than any data root is deep: it lands on / and goes on from there.
      `ln -s ${'../'.repeat(32)}${hostDir.slice(1)} /v/deep`,
    ];
    const setup = await learner.run(`docker run --rm -v mine:/v busybox sh -c '${links.join(' && ')}'`);
    expect(setup).toEqual({ output: '', exitCode: 0 });
  });

  afterAll(async () => {
    await lab?.stop();
    rmSync(hostDir, { recursive: true, force: true });
  });

  it('mounts a directory of the volume, and one a symlink inside it leads to', async () => {
    expect(await learner.run(`docker run --rm ${mount('dir')} busybox cat /x/f`)).toEqual({
      output: 'inside\n',
      exitCode: 0,
    });
    expect(await learner.run(`docker run --rm ${mount('rel')} busybox cat /x/f`)).toEqual({
      output: 'inside\n',
      exitCode: 0,
    });
  });

  it.each([
    ['..', 'subpath must be a relative path within the volume'],
    ['dir/../..', 'subpath must be a relative path within the volume'],
    ['/etc', 'subpath must be a relative path within the volume'],
  ])('refuses the sub-path %s', async (subpath, reason) => {
    const result = await expectNoEscape(`docker run --rm ${mount(subpath)} busybox ls /x`);
    expect(result.exitCode).toBe(125);
    expect(result.output).toContain(reason);
  });

  it('refuses absolute host paths as sub-paths, the secret’s own among them', async () => {
    for (const path of [hostDir, otherMountpoint]) {
      const result = await expectNoEscape(`docker run --rm ${mount(path)} busybox cat /x/secret`);
      expect(result.exitCode).toBe(125);
    }
  });

  it.each([
    ['host', 'a symlink to a host directory'],
    ['theirs', "a symlink to another session's volume"],
    ['up', 'a symlink up and out of the volume'],
    ['deep', 'a relative symlink that climbs to / and down to the host directory'],
  ])('refuses %s (%s)', async (subpath) => {
    const result = await expectNoEscape(`docker run --rm ${mount(subpath)} busybox cat /x/secret`);
    expect(result.exitCode).toBe(125);
    expect(result.output).toContain('path concatenation escapes the base directory');
  });

  it('refuses a symlink swapped in for the directory after the container was made', async () => {
    const first = await learner.run(
      `docker run --name swap ${mount('dir')} busybox sh -c 'cat /x/f /x/secret'`,
    );
    expect(first.output).toContain('inside');
    for (const target of [hostDir, otherMountpoint]) {
      const swapped = await learner.run(
        `docker run --rm -v mine:/v busybox sh -c 'rm -rf /v/dir && ln -s ${target} /v/dir'`,
      );
      expect(swapped.exitCode).toBe(0);
      const again = await expectNoEscape('docker start swap');
      expect(again.exitCode).toBe(1);
      expect(again.output).toContain('path concatenation escapes the base directory');
      const logs = await expectNoEscape('docker logs swap');
      // Only the first start ran: its stdout and stderr, in either order.
      expect(logs.output.match(/inside/g)).toHaveLength(1);
    }
  });
});
