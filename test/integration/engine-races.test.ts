/**
 * Races a loaded engine exposes (found by `npm run bench:load`): a check reading a volume while the
 * learner removes it, and a foreground container that exits before a slow engine registers the wait
 * for it. Real engine; the slow engine is the real one with the lab's wait request held back.
 */
import Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { createContainerEngine } from '../../server/docker/containers.ts';
import { createEngine } from '../../server/docker/engine.ts';
import { sessionIdFromToken } from '../../server/sandbox/namespace.ts';
import { unenforcedStorage } from '../../server/storage/engine-storage.ts';
import { testLesson } from './test-lesson.ts';

const docker = new Docker();
const LESSON = '01-what-is-a-volume';
let lab: LabFixture | undefined;

afterEach(async () => {
  await lab?.stop();
  lab = undefined;
});

/** File checks read local volumes from disk; elsewhere through a helper container, which can race. */
const fileReaders = [
  ['read from disk', undefined],
  [
    'read through a helper container',
    new Map([['local', unenforcedStorage('a test of the helper container')]]),
  ],
] as const;

describe.each(fileReaders)('checks and volume removal, files %s', (_, storages) => {
  it('never holds a volume the learner removes, and never brings it back without its labels', async () => {
    lab = await startLabFixture(storages ? { server: { storages } } : {});
    const client = await lab.connect();
    client.send({ type: 'watch', lesson: LESSON });
    const prefix = `vl-${sessionIdFromToken(client.session)}-`;
    for (let round = 0; round < 8; round++) {
      // The first command's checks read intro-notes (step 2 looks for a file in it) while the second
      // command, typed right behind it, removes it.
      const first = client.next((m) => m.type === 'done');
      client.send({
        type: 'input',
        data: "docker run --rm -v intro-notes:/notes busybox sh -c 'echo my first note > /notes/first.txt'\rdocker volume rm intro-notes\r",
      });
      await first;
      const second = await client.next((m) => m.type === 'done');
      expect(second).toMatchObject({ command: 'docker volume rm intro-notes', exitCode: 0 });
      await client.checks(LESSON);
      const { Volumes } = await docker.listVolumes();
      expect((Volumes ?? []).map((v) => v.Name).filter((name) => name.startsWith(prefix))).toEqual([]);
    }
    expect(client.transcript).not.toContain('volume is in use');
  }, 120_000);
});

describe('a volume removed behind a check', () => {
  it('does not survive as a bare volume the engine made for the check', async () => {
    const engine = createEngine();
    const containers = createContainerEngine(engine.docker);
    let removeNext = false;
    // Plays something that removes the volume without the session's lock, just after the check has
    // seen that it exists and before its helper container is created.
    const racing = {
      ...containers,
      async create(...args: Parameters<typeof containers.create>) {
        const [name, request] = args;
        const racy = request.HostConfig.Mounts.find((mount) => mount.Source?.endsWith('-racy'));
        if (removeNext && name?.startsWith('volume-lab-check-') && racy?.Source) {
          removeNext = false;
          await docker.getVolume(racy.Source).remove();
        }
        return containers.create(...args);
      },
    };
    const lesson = testLesson({ file: { kind: 'file-in-volume', volume: 'racy', path: 'f.txt' } });
    lab = await startLabFixture({
      lessons: new Map([['race', lesson]]),
      server: {
        engines: [{ name: 'local', engine, containers: racing }],
        // The helper container is what races here: as on an engine whose disk is not this host's.
        storages: new Map([['local', unenforcedStorage('this test reads files through a helper container')]]),
      },
    });
    const client = await lab.connect();
    expect((await client.run('docker volume create racy')).exitCode).toBe(0);
    removeNext = true;
    const [result] = await client.checks('race');
    expect(result?.ok).toBe(false);
    expect(removeNext).toBe(false);
    const prefix = `vl-${sessionIdFromToken(client.session)}-`;
    await expect
      .poll(async () => ((await docker.listVolumes()).Volumes ?? []).filter((v) => v.Name.startsWith(prefix)))
      .toEqual([]);
  });
});

describe('a foreground container on a slow engine', () => {
  it('ends docker run with the exit code even when the engine answers the wait late', async () => {
    const engine = createEngine();
    const real = createContainerEngine(engine.docker);
    // The engine sees every wait request 500 ms late: a container that exits at once is long gone by then.
    const slow = {
      ...real,
      wait: async (...args: Parameters<typeof real.wait>) => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        return real.wait(...args);
      },
    };
    lab = await startLabFixture({ server: { engines: [{ name: 'local', engine, containers: slow }] } });
    const client = await lab.connect();
    const result = await Promise.race([
      client.run("docker run --rm busybox sh -c 'echo quick; exit 3'"),
      new Promise((resolve) => setTimeout(() => resolve('hung'), 15_000)),
    ]);
    expect(result).toEqual({ output: 'quick\n', exitCode: 3 });
    expect((await client.run('docker run --name kept busybox true')).exitCode).toBe(0);
    expect(
      (await client.run('docker ps -aq --filter status=exited')).output.split('\n').filter(Boolean),
    ).toHaveLength(1);
    expect((await client.run('docker start -a kept')).exitCode).toBe(0);
  }, 60_000);
});
