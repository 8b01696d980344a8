import { statfs } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../harness/lab-client.ts';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { sessionIdFromToken } from '../../server/sandbox/namespace.ts';
import { type EngineStorage, openEngineStorage } from '../../server/storage/engine-storage.ts';
import { type EngineUnderTest, enginesUnderTest } from './engines-under-test.ts';

const MIB = 1024 * 1024;
const LIMIT = 256 * MIB;

async function hostFreeBytes(): Promise<number> {
  const fs = await statfs('/');
  return fs.bavail * fs.bsize;
}

const { engines } = await enginesUnderTest();

// Each engine this host runs holds its own sessions to the quota (its own store directory and quota
// groups): the engines' suites run at the same time, the tests of each one after another.
describe('the data quota, enforced by the filesystem', { concurrent: true }, () => {
  for (const engine of engines) {
    describe(`on ${engine.label}`, { concurrent: false }, () => quotaSuite(engine.options));
  }
});

function quotaSuite(engineOptions: EngineUnderTest['options']): void {
  let lab: LabFixture;
  /** The engine's storage, as the lab opens it: its quota groups are read here as the kernel counts them. */
  let storage: EngineStorage;
  /** The most any session here held at any measurement: never more than the limit. */
  let peak = 0;

  const usage = () => {
    if (!storage.enforced) throw new Error(`the data quota is not enforced here: ${storage.description}`);
    return storage.groups.usage();
  };
  const held = async (client: LabClient) => {
    const bytes = (await usage()).get(sessionIdFromToken(client.session)) ?? 0;
    peak = Math.max(peak, bytes);
    return bytes;
  };

  /** A write into `path` that stopped with the kernel's error, the session left full and no fuller. */
  const expectStoppedAtLimit = async (client: LabClient, output: string, path: string) => {
    expect(output).toContain(`dd: error writing '${path}': Disk quota exceeded`);
    expect(await held(client)).toBeLessThanOrEqual(LIMIT);
    expect(await held(client)).toBeGreaterThan(LIMIT - 4 * MIB);
  };

  beforeAll(async () => {
    lab = await startLabFixture({ engine: engineOptions, limits: { dataBytes: LIMIT } });
    storage = await openEngineStorage(lab.engine, LIMIT);
  });
  afterAll(() => lab.stop());

  it('is enforced on the engine setup prepares', () => {
    expect(storage.description).toMatch(/^enforces the data quota with btrfs simple quotas/);
    expect(storage.enforced).toBe(true);
  });

  it('stops a 3 GB write into a volume at the limit, with the kernel’s error, and explains it after the prompt', async () => {
    const learner = await lab.connect();
    const before = await hostFreeBytes();
    const explained = learner.waitForOutput('your sandbox’s storage is full'.replace('’', "'"));
    const fill = await learner.run(
      'docker run --rm -v big:/d busybox dd if=/dev/zero of=/d/f bs=1M count=3000',
    );
    expect(fill.exitCode).toBe(1);
    expect(fill.output).toMatch(/dd: error writing '\/d\/f': Disk quota exceeded/);
    await explained;
    expect(learner.transcript).toContain('writes fail with "Disk quota exceeded"');
    expect(await held(learner)).toBeLessThanOrEqual(LIMIT);
    expect(await held(learner)).toBeGreaterThan(LIMIT - 4 * MIB);
    // The store's space was taken from the host when it was made: filling it moves nothing here.
    expect(Math.abs((await hostFreeBytes()) - before)).toBeLessThan(32 * MIB);
    // Learners see an ordinary local volume.
    const inspect = await learner.run('docker volume inspect -f "{{.Driver}} {{.Options}} {{.Labels}}" big');
    expect(inspect).toEqual({ output: 'local map[] map[]\n', exitCode: 0 });
    expect((await learner.run('docker volume ls -q')).output).toBe('big\n');
  });

  it('stops a 3 GB write into a container’s own layer, and counts layer and volume together', async () => {
    const learner = await lab.connect();
    await learner.run('docker run --rm -v half:/d busybox dd if=/dev/zero of=/d/f bs=1M count=160');
    const fat = await learner.run('docker run --name fat busybox dd if=/dev/zero of=/f bs=1M count=3000');
    expect(fat.exitCode).toBe(1);
    expect(fat.output).toMatch(/dd: error writing '\/f': Disk quota exceeded/);
    expect(await held(learner)).toBeLessThanOrEqual(LIMIT);
    expect(await held(learner)).toBeGreaterThan(LIMIT - 4 * MIB);
    // Nothing more gets written: a new container has no room even for its own layer, and is told so.
    const more = await learner.run('docker run --rm -v half:/d busybox sh -c "echo more > /d/more"');
    expect(more).toEqual({
      output:
        "volume-lab: your sandbox's storage is full: it holds 256 MiB of the 256 MiB it may keep, so no new container can start; remove volumes or containers (docker volume rm, docker rm) to make room\n",
      exitCode: 125,
    });
    expect(await held(learner)).toBeLessThanOrEqual(LIMIT);
  });

  it('gives the space back when the learner removes what holds it', async () => {
    const learner = await lab.connect();
    await learner.run('docker run --name filler -v room:/d busybox dd if=/dev/zero of=/d/f bs=1M count=3000');
    expect(await held(learner)).toBeGreaterThan(LIMIT - 4 * MIB);
    expect((await learner.run('docker rm filler')).exitCode).toBe(0);
    expect((await learner.run('docker volume rm room')).exitCode).toBe(0);
    const again = await learner.run(
      'docker run --rm -v room:/d busybox sh -c "dd if=/dev/zero of=/d/f bs=1M count=16 2>/dev/null && echo ok"',
    );
    expect(again).toEqual({ output: 'ok\n', exitCode: 0 });
  });

  it('keeps what a new volume copies from the image, charged to the session', async () => {
    const learner = await lab.connect();
    const copied = await learner.run('docker run --rm -v tools:/bin busybox ls /bin/busybox');
    expect(copied).toEqual({ output: '/bin/busybox\n', exitCode: 0 });
    const seen = await learner.run('docker run --rm -v tools:/x busybox ls /x/busybox');
    expect(seen).toEqual({ output: '/x/busybox\n', exitCode: 0 });
    expect(await held(learner)).toBeGreaterThan(MIB);
  });

  it('lets a container do in its own layer all a container can: replace image files, move directories', async () => {
    const learner = await lab.connect();
    const layer = await learner.run(
      'docker run --rm busybox sh -c "rm /bin/ls && echo new > /bin/ls && cat /bin/ls && mkdir -p /a/b && mv /a /c && ls /c && rm -rf /usr && mkdir /usr && echo ok > /usr/x && cat /usr/x"',
    );
    expect(layer).toEqual({ output: 'new\nb\nok\n', exitCode: 0 });
  });

  it('keeps one session’s full sandbox from touching another’s room', async () => {
    const full = await lab.connect();
    const other = await lab.connect();
    await full.run('docker run --rm -v aa:/d busybox dd if=/dev/zero of=/d/f bs=1M count=3000');
    const fine = await other.run(
      'docker run --rm -v bb:/d busybox sh -c "dd if=/dev/zero of=/d/f bs=1M count=32 2>/dev/null && echo ok"',
    );
    expect(fine).toEqual({ output: 'ok\n', exitCode: 0 });
  });

  it('removes an ended session’s quota group with its objects', async () => {
    const learner = await lab.connect();
    await learner.run('docker run --rm -v gone:/d busybox dd if=/dev/zero of=/d/f bs=1M count=8');
    const id = sessionIdFromToken(learner.session);
    expect((await usage()).get(id)).toBeGreaterThan(7 * MIB);
    await lab.lab.manager.endSession(id, 'idle');
    await expect.poll(async () => (await usage()).has(id), { timeout: 10_000 }).toBe(false);
  });

  it('stops nginx writing into its html volume, and into its own layer, at the limit', async () => {
    const site = await lab.connect();
    // The volume is filled from the image first: nginx keeps its pages beside what did fit.
    const html = await site.run(
      "docker run --rm -v site:/usr/share/nginx/html nginx sh -c 'dd if=/dev/zero of=/usr/share/nginx/html/big bs=1M count=3000; ls /usr/share/nginx/html'",
    );
    expect(html.exitCode).toBe(0);
    // Not anchored at the end: the notice that the sandbox is full may follow the prompt at once.
    expect(html.output).toContain('\n50x.html\nbig\nindex.html\n');
    await expectStoppedAtLimit(site, html.output, '/usr/share/nginx/html/big');

    const layer = await lab.connect();
    const fat = await layer.run(
      'docker run --name fat-nginx nginx dd if=/dev/zero of=/var/big bs=1M count=3000',
    );
    expect(fat.exitCode).toBe(1);
    await expectStoppedAtLimit(layer, fat.output, '/var/big');
  });

  it('stops redis writing into the anonymous volume of its VOLUME /data at the limit', async () => {
    const learner = await lab.connect();
    // As the redis user, into the volume the image's VOLUME gave the container (no -v).
    const fill = await learner.run(
      'docker run --name db --user redis redis dd if=/dev/zero of=/data/big bs=1M count=3000',
    );
    expect(fill.exitCode).toBe(1);
    await expectStoppedAtLimit(learner, fill.output, '/data/big');
    const [volume] = (await learner.run('docker volume ls -q')).output.split('\n');
    expect(volume).toMatch(/^[0-9a-f]{64}$/);
    // Not even a redis-server of its own can start on that volume now.
    const server = await learner.run(`docker run -d --name db2 -v ${volume}:/data redis`);
    expect(server.exitCode).toBe(125);
    expect(server.output).toContain("your sandbox's storage is full");
    // Removing the container with -v removes its anonymous volume, and gives the space back.
    expect((await learner.run('docker rm -v db')).exitCode).toBe(0);
    expect((await learner.run('docker volume ls -q')).output).toBe('');
    const again = await learner.run(
      'docker run --rm redis sh -c "dd if=/dev/zero of=/data/f bs=1M count=16 2>/dev/null && echo ok"',
    );
    expect(again).toEqual({ output: 'ok\n', exitCode: 0 });
  });

  it('never let a session hold more than its limit', () => {
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(LIMIT);
  });
}
