/**
 * The picture each engine keeps from its event stream, on the real engine: a step ticks in the very
 * first checks after the command that completes it even when the events come late (the barrier), and
 * after the stream drops the picture is rebuilt, changes made while it was down included. The engine
 * is the real one; what the tests play is its event stream, delayed or cut, through the dockerode
 * client the lab's watch uses.
 */
import { PassThrough, type Readable } from 'node:stream';
import Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabClient } from '../../harness/lab-client.ts';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { createContainerEngine } from '../../server/docker/containers.ts';
import { createEngine, type Engine } from '../../server/docker/engine.ts';
import { sessionIdFromToken } from '../../server/sandbox/namespace.ts';
import type { CheckInput, CheckResult } from '../../src/shared/checks.ts';
import type { ServerMessage } from '../../src/shared/protocol.ts';
import { pictureAgainstListing } from './picture-agreement.ts';
import { testLesson } from './test-lesson.ts';

const docker = new Docker();
let lab: LabFixture | undefined;

afterEach(async () => {
  await lab?.stop();
  lab = undefined;
});

/** The real engine, with its event stream played through `wrap` (to delay it, or to cut it). */
function engineWithEvents(wrap: (events: Readable) => Readable, beforeOpen?: () => Promise<void>): Engine {
  const engine = createEngine();
  const real = engine.docker;
  const played = new Proxy(real, {
    get(target, property) {
      if (property === 'getEvents') {
        return async (options: unknown) => {
          await beforeOpen?.();
          return wrap((await target.getEvents(options as Docker.GetEventsOptions)) as unknown as Readable);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { ...engine, docker: played };
}

/** The real engine, each of whose event lines reaches the lab `ms` late: a read that did not wait would be behind. */
function engineWithLateEvents(ms: number): Engine {
  return engineWithEvents((events) => {
    const late = new PassThrough();
    events.on('data', (chunk: Buffer) => setTimeout(() => late.write(chunk), ms));
    events.on('close', () => setTimeout(() => late.destroy(), ms));
    late.on('close', () => events.destroy());
    return late;
  });
}

/** The first checks the server sends after the next command's `done`. */
async function checksRightAfter(client: LabClient, lesson: string, line: string): Promise<CheckResult[]> {
  // Checks under way from before the command would come first: let them settle.
  await client.checks(lesson);
  const from = client.messages.length;
  const result = await client.run(line);
  expect(result.exitCode, `${line}\n${result.output}`).toBe(0);
  const isChecks = (m: ServerMessage) => m.type === 'checks' && m.lesson === lesson;
  // They may have come in the same read from the socket as the `done`.
  const done = client.messages.findIndex((m, index) => index >= from && m.type === 'done');
  const first = client.messages.slice(done + 1).find(isChecks) ?? (await client.next(isChecks));
  return first.type === 'checks' ? first.results : [];
}

describe('a check right after the command that completes its step', () => {
  it('passes at once although the engine’s events arrive late, by waiting for them', async () => {
    const engine = engineWithLateEvents(300);
    const steps: Record<string, CheckInput> = {
      made: { kind: 'volume-exists', name: 'shelf' },
      running: {
        kind: 'container-exists',
        name: 'keeper',
        running: true,
        mount: { volume: 'shelf', target: '/data' },
      },
      anonymous: { kind: 'volume-count', anonymous: true, min: 1 },
      stopped: { kind: 'container-exists', name: 'keeper', running: false },
      removed: { kind: 'container-absent', name: 'keeper' },
      'anonymous-gone': { kind: 'volume-count', anonymous: true, max: 0 },
      'volume-gone': { kind: 'volume-absent', name: 'shelf' },
    };
    const commands: [string, string][] = [
      ['made', 'docker volume create shelf'],
      ['running', 'docker run -d --name keeper -v shelf:/data -v /scratch busybox sleep 600'],
      ['stopped', 'docker stop -t 0 keeper'],
      ['removed', 'docker rm -v keeper'],
      ['volume-gone', 'docker volume rm shelf'],
    ];
    lab = await startLabFixture({
      lessons: new Map([['picture', testLesson(steps)]]),
      server: {
        engines: [{ name: 'local', engine, containers: createContainerEngine(engine.docker) }],
      },
    });
    const client = await lab.connect();
    client.send({ type: 'watch', lesson: 'picture' });
    for (const [step, line] of commands) {
      const results = await checksRightAfter(client, 'picture', line);
      expect(
        results.find((result) => result.step === step),
        `${step} right after ${line}`,
      ).toMatchObject({
        ok: true,
      });
      if (step === 'running') expect(results.find((r) => r.step === 'anonymous')?.ok).toBe(true);
      if (step === 'removed') expect(results.find((r) => r.step === 'anonymous-gone')?.ok).toBe(true);
    }
    const state = await lab.lab.manager.engineState(sessionIdFromToken(client.session));
    console.log(`picture with events 300 ms late: ${JSON.stringify(state?.stats)}`);
    // It waited, and the events always came within the wait: no listing was needed.
    expect(state?.stats.waited).toBeGreaterThan(0);
    expect(state?.stats.fallbacks).toBe(0);
  }, 60_000);
});

describe('a docker run right after the command that took or freed what it asks for', () => {
  it('sees that command’s effect although the engine’s events arrive late, by waiting for them', async () => {
    const engine = engineWithLateEvents(300);
    lab = await startLabFixture({
      server: { engines: [{ name: 'local', engine, containers: createContainerEngine(engine.docker) }] },
    });
    const client = await lab.connect();
    const keeper = await client.run('docker run -d --name keeper -v shelf:/data busybox sleep 600');
    expect(keeper.exitCode, keeper.output).toBe(0);
    const id = keeper.output.trim();
    // The name is taken, though the container's create event has not reached the lab yet.
    const clash = await client.run('docker run --name keeper busybox true');
    expect(clash.exitCode).toBe(125);
    expect(clash.output).toContain(`The container name "/keeper" is already in use by container "${id}".`);
    // What --volumes-from lends comes from the same look.
    expect((await client.run("docker exec keeper sh -c 'echo kept > /data/note'")).exitCode).toBe(0);
    expect(await client.run('docker run --rm --volumes-from keeper busybox cat /data/note')).toEqual({
      output: 'kept\n',
      exitCode: 0,
    });
    // The name is free again, though the container's destroy event has not reached the lab yet.
    expect(await client.run('docker rm -f keeper')).toEqual({ output: 'keeper\n', exitCode: 0 });
    expect(await client.run('docker run --name keeper busybox true')).toEqual({ output: '', exitCode: 0 });
    const state = await lab.lab.manager.engineState(sessionIdFromToken(client.session));
    expect(state?.stats.waited).toBeGreaterThan(0);
    expect(state?.stats.fallbacks).toBe(0);
  }, 60_000);
});

describe('an event stream that drops', () => {
  it('is rebuilt from a listing once it is back, with what changed while it was down', async () => {
    const streams: Readable[] = [];
    let gate: Promise<void> | undefined;
    const engine = engineWithEvents(
      (events) => {
        streams.push(events);
        return events;
      },
      () => gate ?? Promise.resolve(),
    );
    lab = await startLabFixture({
      server: {
        engines: [{ name: 'local', engine, containers: createContainerEngine(engine.docker) }],
        enginePingMs: 200,
      },
    });
    const client = await lab.connect();
    const sessionId = sessionIdFromToken(client.session);
    for (const line of [
      'docker volume create kept',
      'docker volume create doomed',
      'docker run -d --name brief -v kept:/data busybox sleep 2',
      'docker run -d --name lasting -v /cache busybox sleep 600',
    ]) {
      expect((await client.run(line)).exitCode).toBe(0);
    }
    expect((await pictureAgainstListing(lab, sessionId)).atOnce).toBe(true);
    const before = (await lab.lab.manager.engineState(sessionId))?.stats;

    // Cut the stream, and hold the watch's next subscription until the changes below are made.
    let release = () => {};
    gate = new Promise((resolve) => {
      release = () => {
        gate = undefined;
        resolve();
      };
    });
    streams.at(-1)?.destroy();
    // Meanwhile: a container ends by itself, a volume goes behind the lab's back, and the learner works.
    await expect
      .poll(async () => (await docker.getContainer(`vl-${sessionId}-brief`).inspect()).State.Running, {
        timeout: 10_000,
      })
      .toBe(false);
    await docker.getVolume(`vl-${sessionId}-doomed`).remove();
    expect((await client.run('docker volume create during-the-gap')).exitCode).toBe(0);
    expect((await client.run('docker rm -f -v lasting')).exitCode).toBe(0);
    // Reads while the stream is down list the session instead of trusting a stale picture.
    const down = await pictureAgainstListing(lab, sessionId);
    expect(down.picture).toEqual(down.listing);
    // And once more behind its back, after that listing: only a rebuild can know.
    await docker.getVolume(`vl-${sessionId}-during-the-gap`).remove();

    release();
    await expect.poll(() => streams.length, { timeout: 10_000 }).toBe(2);
    const after = await pictureAgainstListing(lab, sessionId);
    expect(after.atOnce).toBe(true);
    expect(after.picture).toEqual(after.listing);
    expect(
      after.picture.containers.map((c) => `${c.name.replace(`vl-${sessionId}-`, '')}:${c.state}`),
    ).toEqual(['brief:exited']);
    expect(after.picture.volumes.map((v) => v.name.replace(`vl-${sessionId}-`, ''))).toEqual(['kept']);
    const stats = (await lab.lab.manager.engineState(sessionId))?.stats;
    console.log(`picture across a dropped stream: ${JSON.stringify(stats)}`);
    expect(stats?.rebuilds).toBe((before?.rebuilds ?? 0) + 1);
    expect(stats?.streamDown).toBeGreaterThan(before?.streamDown ?? 0);
  }, 60_000);
});
