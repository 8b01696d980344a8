import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../harness/lab-client.ts';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
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
