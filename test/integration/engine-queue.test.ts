/**
 * The engine's queue as a learner meets it, on the real engine: with room for one container task
 * and that room held by the test, a `docker run` says it is waiting, then prints exactly what it
 * prints unqueued; Ctrl-C takes it out of the queue with nothing made; volume commands and listings
 * never wait behind it.
 */
import Docker from 'dockerode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabClient } from '../../harness/lab-client.ts';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { createEngineQueue, type EngineQueue } from '../../server/docker/engine-queue.ts';
import { SESSION_LABEL } from '../../server/labels.ts';
import { sessionIdFromToken } from '../../server/sandbox/namespace.ts';
import { waitingText } from '../../server/shell/waiting-line.ts';

const docker = new Docker();
const ERASE_LINE = '\r\x1b[K';
const RUN = 'docker run --rm busybox echo hello from the queue';

let lab: LabFixture;
let queue: EngineQueue;
let release = () => {};

beforeEach(async () => {
  queue = createEngineQueue({ limit: 1 });
  lab = await startLabFixture({ server: { queues: new Map([['local', queue]]) } });
});

afterEach(async () => {
  release();
  await lab.stop();
});

/** Takes the queue's one slot until `release` is called. */
async function holdTheEngine(): Promise<void> {
  const held = queue.run('test-blocker', () => new Promise<void>((resolve) => (release = resolve)));
  held.catch(() => {});
  await new Promise((resolve) => setImmediate(resolve));
  expect(queue.running).toBe(1);
}

/** Everything the terminal received from the line being entered to the `done` that follows. */
async function runQueued(client: LabClient, command: string, whileWaiting: () => Promise<void>) {
  const start = client.transcript.length;
  const done = client.next((m) => m.type === 'done', 60_000);
  client.send({ type: 'run', command });
  await whileWaiting();
  const message = await done;
  return { raw: client.transcript.slice(start), exitCode: message.type === 'done' ? message.exitCode : -1 };
}

async function sessionContainers(client: LabClient): Promise<string[]> {
  const label = `${SESSION_LABEL}=${sessionIdFromToken(client.session)}`;
  return (await docker.listContainers({ all: true, filters: { label: [label] } })).map((c) => c.Id);
}

describe('a command waiting for the engine', () => {
  it('says how many are ahead, then prints exactly what it prints unqueued', async () => {
    const learner = await lab.connect();
    const unqueued = await learner.run(RUN);
    expect(unqueued).toEqual({ output: 'hello from the queue\n', exitCode: 0 });

    const other = await lab.connect();
    await holdTheEngine();
    const otherDone = other.next((m) => m.type === 'done', 60_000);
    other.send({ type: 'run', command: RUN });
    await expect.poll(() => queue.waiting).toBe(1);

    const { raw, exitCode } = await runQueued(learner, RUN, async () => {
      await learner.waitForOutput(waitingText(1));
      release();
      // The other session's run goes first, and the line follows.
      await learner.waitForOutput(waitingText(0));
    });
    await otherDone;
    expect(exitCode).toBe(0);

    // On screen: the line drawn over, then erased, before the command's first byte.
    const shown = LabClient.commandOutput(raw);
    const waiting = `${waitingText(1)}${ERASE_LINE}${waitingText(0)}${ERASE_LINE}`;
    expect(shown.startsWith(waiting)).toBe(true);
    expect(shown.slice(waiting.length)).toBe(unqueued.output);
  });

  it('shows a page that reloads while it waits the line, and one that reloads after it none', async () => {
    const page = await lab.connect();
    await holdTheEngine();
    page.send({ type: 'run', command: RUN });
    await page.waitForOutput(waitingText(0));
    const reload = () => LabClient.connect(lab.lab.url, { session: page.session, terminal: page.terminal });

    const during = await reload();
    expect(during.transcript).toContain(waitingText(0));
    const done = during.next((m) => m.type === 'done', 60_000);
    release();
    expect(await done).toMatchObject({ exitCode: 0 });
    await during.close();

    const after = await reload();
    expect(after.transcript).toContain('hello from the queue');
    expect(after.transcript).not.toContain('waiting for the engine');
  });

  it('leaves the queue on Ctrl-C with nothing made, as an interrupted command does today', async () => {
    const learner = await lab.connect();
    await holdTheEngine();
    const { raw, exitCode } = await runQueued(learner, 'docker run --name never busybox true', async () => {
      await learner.waitForOutput(waitingText(0));
      learner.send({ type: 'input', data: '\x03' });
    });
    expect(exitCode).toBe(130);
    expect(queue.waiting).toBe(0);
    expect(LabClient.commandOutput(raw)).toBe(`${waitingText(0)}${ERASE_LINE}^C\n`);
    expect(await sessionContainers(learner)).toEqual([]);

    // The session's lock was let go: once the engine is free, the next run goes through.
    release();
    expect(await learner.run('docker run --rm busybox echo after')).toEqual({
      output: 'after\n',
      exitCode: 0,
    });
    expect(await sessionContainers(learner)).toEqual([]);
  });

  it('never holds up volume commands and listings', async () => {
    const learner = await lab.connect();
    await learner.run('docker volume create kept');
    await holdTheEngine();
    const waiting = learner.next((m) => m.type === 'done', 60_000);
    learner.send({ type: 'run', command: RUN });
    await learner.waitForOutput(waitingText(0));

    const other = await lab.connect();
    for (const command of [
      'docker volume create quick',
      'docker volume ls -q',
      'docker volume inspect -f {{.Name}} quick',
      'docker ps -a -q',
      'docker volume rm quick',
    ]) {
      expect((await other.run(command)).exitCode).toBe(0);
    }
    expect(queue.waiting).toBe(1);

    release();
    expect(await waiting).toMatchObject({ exitCode: 0 });
  });
});
