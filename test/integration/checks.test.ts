import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../harness/lab-client.ts';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { unenforcedStorage } from '../../server/storage/engine-storage.ts';
import type { CheckInput, CheckResult } from '../../src/shared/checks.ts';
import type { Lesson } from '../../src/shared/lesson.ts';
import { testLesson } from './test-lesson.ts';

const checks: Record<string, CheckInput> = {
  volume: { kind: 'volume-exists', name: 'my-volume', labels: { team: 'blue' } },
  mounted: {
    kind: 'container-exists',
    name: 'app',
    running: true,
    mount: { volume: 'my-volume', target: '/data' },
  },
  file: { kind: 'file-in-volume', volume: 'my-volume', path: 'notes/today.txt', contains: 'hello' },
  'read-only': { kind: 'container-exists', mount: { volume: 'my-volume', target: '/data', readOnly: true } },
  shared: { kind: 'volume-mounted-by', volume: 'my-volume', atLeast: 2 },
  borrowed: { kind: 'container-volumes-from', from: 'app' },
  anonymous: { kind: 'volume-count', min: 1, anonymous: true },
  gone: { kind: 'volume-absent', name: 'old' },
};

const lesson: Lesson = testLesson(checks, 'Checks under test');

describe('checks evaluated against the engine', () => {
  let lab: LabFixture;
  let term: LabClient;
  const results = async (): Promise<Record<string, CheckResult>> =>
    Object.fromEntries((await term.checks()).map((r) => [r.step, r]));

  beforeAll(async () => {
    lab = await startLabFixture({ lessons: new Map([['under-test', lesson]]) });
    term = await lab.connect();
    const first = term.next((m) => m.type === 'checks');
    term.send({ type: 'watch', lesson: 'under-test' });
    await first;
  });
  afterAll(() => lab.stop());

  it('says what is missing before anything exists', async () => {
    const r = await results();
    expect(r.volume).toEqual({
      step: 'volume',
      ok: false,
      detail: 'no volume named my-volume yet; you have no volumes',
    });
    // A file check starts a helper container: it waits for its step's turn.
    expect(r.file).toEqual({ step: 'file', ok: false, detail: 'an earlier step comes first' });
    expect(r.gone).toMatchObject({ ok: true });
  });

  it('explains a near miss: the right volume at the wrong path', async () => {
    await term.run('docker volume create --label team=blue my-volume');
    await term.run('docker run -d --name app -v my-volume:/date busybox sleep 300');
    const r = await results();
    expect(r.volume).toMatchObject({ ok: true });
    expect(r.mounted).toEqual({
      step: 'mounted',
      ok: false,
      detail: 'a container mounts my-volume at /date; the step expects /data',
    });
    await term.run('docker rm -f app');
  });

  it('passes for -v and --mount alike, and reads files through the engine', async () => {
    await term.run('docker run -d --name app --mount type=volume,src=my-volume,dst=/data busybox sleep 300');
    await term.run(
      'docker exec app sh -c "mkdir -p /data/notes && echo hello world > /data/notes/today.txt"',
    );
    let r = await results();
    expect(r.mounted).toMatchObject({ ok: true, detail: 'app mounts my-volume at /data' });
    expect(r.file).toMatchObject({ ok: true });
    expect(r['read-only']).toMatchObject({
      ok: false,
      detail: 'app mounts my-volume at /data read-write; the step expects it read-only',
    });
    await term.run('docker run -d --name reader -v my-volume:/data:ro busybox sleep 300');
    r = await results();
    expect(r['read-only']).toMatchObject({ ok: true });
    expect(r.shared).toMatchObject({ ok: true, detail: 'my-volume is mounted by app, reader' });
  });

  it('sees --volumes-from and anonymous volumes, and pushes results after every command', async () => {
    // No `check` is sent: the results come on their own after the command.
    const pushed = term.next(
      (m) => m.type === 'checks' && m.results.some((r) => r.step === 'borrowed' && r.ok),
      30_000,
    );
    await term.run('docker run --name borrower --volumes-from app busybox true');
    const message = await pushed;
    const r = Object.fromEntries((message.type === 'checks' ? message.results : []).map((x) => [x.step, x]));
    expect(r.borrowed).toMatchObject({ ok: true, detail: 'borrower uses the volumes of app' });
    expect(r.anonymous).toMatchObject({ ok: false });
    await term.run('docker run --name anon -v /scratch busybox true');
    expect((await results()).anonymous).toMatchObject({ ok: true });
  });

  it('pushes the picture of the session for the diagram, in the learner’s names', async () => {
    const state = term.next(
      (m) => m.type === 'state' && m.containers.some((c) => c.name === 'reader'),
      30_000,
    );
    await term.run('docker volume ls -q');
    const message = await state;
    if (message.type !== 'state') throw new Error('not a state message');
    expect(message.volumes.map((v) => v.name)).toContain('my-volume');
    expect(message.containers.find((c) => c.name === 'reader')).toEqual({
      name: 'reader',
      running: true,
      image: 'busybox',
      mounts: [{ volume: 'my-volume', anonymous: false, target: '/data', readOnly: true }],
    });
  });

  it('draws a bare `docker volume create` as anonymous, and prune removes it, as docker does', async () => {
    const name = (await term.run('docker volume create')).output.trim();
    expect(name).toMatch(/^[0-9a-f]{64}$/);
    const state = term.next(
      (m) => m.type === 'state' && m.containers.some((c) => c.name === 'bare-user'),
      30_000,
    );
    await term.run(`docker run --name bare-user -v ${name}:/bare busybox true`);
    const message = await state;
    if (message.type !== 'state') throw new Error('not a state message');
    expect(message.volumes.find((v) => v.name === name)).toEqual({ name, anonymous: true });
    expect(message.containers.find((c) => c.name === 'bare-user')?.mounts).toEqual([
      { volume: name, anonymous: true, target: '/bare', readOnly: false },
    ]);
    await term.run('docker rm bare-user');
    expect((await term.run('docker volume prune -f')).output).toContain(`Deleted Volumes:\n${name}\n`);
  });

  it('keeps passed steps for the session, and a reset removes what the lesson made', async () => {
    const before = term.next((m) => m.type === 'checks' && m.passed.includes('volume'), 30_000);
    term.send({ type: 'check' });
    await before;
    const reset = term.next(
      (m) =>
        m.type === 'checks' &&
        !m.passed.includes('volume') &&
        m.results.some((r) => r.step === 'volume' && !r.ok),
      30_000,
    );
    term.send({ type: 'reset', lesson: 'under-test' });
    await reset;
    expect((await term.run('docker volume ls -q -f name=my-volume')).output).toBe('');
    expect((await term.run("docker ps -a --format '{{.Names}}' -f name=app")).output).toBe('');
  });

  it('refuses to watch a lesson that does not exist', async () => {
    const error = term.next((m) => m.type === 'error');
    term.send({ type: 'watch', lesson: 'no-such-lesson' });
    expect(await error).toMatchObject({ message: 'unknown lesson no-such-lesson' });
  });
});

/** Owners and images: a lesson of its own, since a file check waits for the steps before it. */
const ownership: Lesson = testLesson(
  {
    owned: { kind: 'file-in-volume', volume: 'owned', path: 'f.txt', owner: 999 },
    debian: { kind: 'container-exists', name: 'imaged', image: 'debian' },
    tagged: { kind: 'container-exists', name: 'imaged', image: 'debian:12' },
    'other-tag': { kind: 'container-exists', name: 'imaged', image: 'debian:bookworm' },
    'from-image': { kind: 'container-exists', name: 'keeper', mount: { anonymous: true, target: '/data' } },
  },
  'Owners and images under test',
);

/** File checks read a local engine's volumes from disk, a remote one's through a helper container. */
const fileReaders = [
  ['read from disk', undefined],
  [
    'read through a helper container',
    new Map([['local', unenforcedStorage('a test of the helper container')]]),
  ],
] as const;

describe.each(fileReaders)('a file’s owner, %s', (_, storages) => {
  let lab: LabFixture;
  let term: LabClient;

  beforeAll(async () => {
    lab = await startLabFixture({
      lessons: new Map([['owners', ownership]]),
      ...(storages ? { server: { storages } } : {}),
    });
    term = await lab.connect();
  });
  afterAll(() => lab.stop());

  it('is the uid the container sees, whatever the engine stores on its host', async () => {
    const owned = async () => (await term.checks('owners')).find((r) => r.step === 'owned');
    await term.run("docker run --rm -v owned:/data debian sh -c 'echo x > /data/f.txt'");
    expect(await owned()).toMatchObject({
      ok: false,
      detail: 'f.txt is owned by uid 0; the step expects uid 999',
    });
    await term.run('docker run --rm -v owned:/data debian chown 999 /data/f.txt');
    expect(await owned()).toMatchObject({ ok: true, detail: 'f.txt is in owned, owned by uid 999' });
  });
});

describe('checks of images and an image’s VOLUME, against the engine', () => {
  let lab: LabFixture;
  let term: LabClient;
  const results = async (): Promise<Record<string, CheckResult>> =>
    Object.fromEntries((await term.checks('owners')).map((r) => [r.step, r]));

  beforeAll(async () => {
    lab = await startLabFixture({ lessons: new Map([['owners', ownership]]) });
    term = await lab.connect();
  });
  afterAll(() => lab.stop());

  it('tells a container’s image by repository, or by tag when the check gives one', async () => {
    await term.run('docker run -d --name imaged busybox sleep 300');
    expect((await results()).debian).toMatchObject({
      ok: false,
      detail: 'imaged runs busybox; the step expects debian',
    });
    await term.run('docker rm -f imaged');
    await term.run('docker run -d --name imaged debian:12 sleep 300');
    const r = await results();
    expect(r.debian).toMatchObject({ ok: true });
    expect(r.tagged).toMatchObject({ ok: true });
    // The same image under another tag: the container was run as debian:12.
    expect(r['other-tag']).toMatchObject({
      ok: false,
      detail: 'imaged runs debian:12; the step expects debian:bookworm',
    });
    await term.run('docker rm -f imaged');
  });

  it('makes the volume an image’s VOLUME asks for the session’s: listed, checked, pruned', async () => {
    await term.run('docker run -d --name keeper redis');
    const name = (
      await term.run("docker inspect --format '{{ range .Mounts }}{{ .Name }}{{ end }}' keeper")
    ).output.trim();
    expect(name).toMatch(/^[0-9a-f]{64}$/);
    expect((await term.run('docker volume ls -q')).output).toContain(name);
    expect((await results())['from-image']).toMatchObject({ ok: true });
    // A container that borrows keeper's /data gets no second volume of its own there.
    await term.run('docker run --name borrower --volumes-from keeper redis true');
    expect(
      (
        await term.run("docker inspect --format '{{ range .Mounts }}{{ .Name }}{{ end }}' borrower")
      ).output.trim(),
    ).toBe(name);
    await term.run('docker rm -f keeper borrower');
    expect((await term.run('docker volume prune -f')).output).toContain(name);
    expect((await lab.engine.listVolumes({ name: [name] })).length).toBe(0);
  });
});
