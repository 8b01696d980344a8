/**
 * Sessions end, warn, extend, survive restarts and are reaped — against the real engine, with
 * lifetimes of seconds instead of minutes.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LabClient } from '../../harness/lab-client.ts';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { CHECKER_LABEL, INSTANCE_LABEL, SESSION_LABEL } from '../../server/labels.ts';
import { sessionIdFromToken } from '../../server/sandbox/namespace.ts';
import { LAB_FULL_MESSAGE } from '../../server/session/admission.ts';
import { EXTEND_KEY } from '../../server/shell/terminal-shell.ts';
import { CloseCode } from '../../src/shared/protocol.ts';

const docker = new Docker();
/** The first lesson: its first step passes once a volume named intro-notes exists. */
const LESSON = '01-what-is-a-volume';
let fixtures: LabFixture[] = [];
let stateDir = '';

/** An instance name of this test run alone, so reaping here cannot touch any other lab's objects. */
const uniqueInstance = () => `lt-${randomBytes(4).toString('hex')}`;

async function fixture(server: Parameters<typeof startLabFixture>[0]): Promise<LabFixture> {
  const started = await startLabFixture(server);
  fixtures.push(started);
  return started;
}

function closed(client: LabClient): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    client.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

/** Waits until the terminal has shown the text at any point (a notice may come before or after a command). */
async function seen(client: LabClient, text: string, timeoutMs = 10_000): Promise<void> {
  await expect.poll(() => client.transcript, { timeout: timeoutMs, interval: 50 }).toContain(text);
}

async function volumeNames(filter: string): Promise<string[]> {
  const { Volumes } = await docker.listVolumes({ filters: { label: [filter] } });
  return (Volumes ?? []).map((volume) => volume.Name);
}

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'volume-lab-state-'));
});

afterEach(async () => {
  await Promise.all(fixtures.map((f) => f.stop()));
  fixtures = [];
});

afterAll(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

describe('expiry', () => {
  it('warns an idle learner, then ends the session and removes its objects', async () => {
    const lab = await fixture({
      server: { lifecycle: { idleMs: 2500, warnMs: 2000 }, sweepMs: 100 },
    });
    const client = await lab.connect();
    expect((await client.run('docker volume create notes')).exitCode).toBe(0);
    const sessionId = sessionIdFromToken(client.session);
    expect(await volumeNames(`${SESSION_LABEL}=${sessionId}`)).toHaveLength(1);
    const ended = closed(client);
    await seen(client, 'unless you type something. Press any key to keep it.');
    const { code } = await ended;
    expect(code).toBe(CloseCode.sessionEnded);
    expect(client.transcript).toContain(
      'volume-lab: this session has ended (nothing was typed for 1 minute).',
    );
    await expect.poll(() => volumeNames(`${SESSION_LABEL}=${sessionId}`), { timeout: 10_000 }).toEqual([]);
    expect(lab.lab.manager.session(sessionId)).toBeUndefined();
  });

  it('keeps a session alive while the learner types', async () => {
    const lab = await fixture({ server: { lifecycle: { idleMs: 1500, warnMs: 0 }, sweepMs: 100 } });
    const client = await lab.connect();
    for (let i = 0; i < 8; i++) {
      client.send({ type: 'input', data: 'x' });
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    expect([...lab.lab.manager.sessions()]).toHaveLength(1);
  });

  it('extends the lifetime with Ctrl-X, up to the hard limit', async () => {
    const lab = await fixture({
      server: {
        lifecycle: {
          idleMs: 600_000,
          lifetimeMs: 2000,
          extendMs: 60_000,
          maxLifetimeMs: 150_000,
          warnMs: 1500,
        },
        sweepMs: 100,
      },
    });
    const client = await lab.connect();
    await seen(client, 'Press Ctrl-X to extend it by 1 minute.');
    await client.type(EXTEND_KEY, 'volume-lab: extended: this session now lasts another 1 minute.');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    await client.type(EXTEND_KEY, 'volume-lab: extended: this session now lasts another 2 minutes.');
    await client.type(EXTEND_KEY, 'volume-lab: extended: this session now lasts another 2 minutes.');
    await client.type(
      EXTEND_KEY,
      'volume-lab: this session cannot be extended further; it ends in 2 minutes.',
    );
  });
});

describe('reaping', () => {
  it('removes, at start-up, what unknown sessions left, and keeps saved sessions and other instances', async () => {
    const instance = uniqueInstance();
    const stateFile = join(stateDir, `${instance}.json`);
    const first = await fixture({ server: { instance, stateFile } });
    const kept = await first.connect();
    expect((await kept.run('docker volume create kept')).exitCode).toBe(0);
    await first.lab.close();

    const orphan = 'aaaaaaaaaaaa';
    const orphanLabels = { [SESSION_LABEL]: orphan, [INSTANCE_LABEL]: instance };
    await docker.createVolume({ Name: `vl-${orphan}-left`, Labels: orphanLabels });
    const leftContainer = await docker.createContainer({
      name: `vl-${orphan}-box`,
      Image: 'busybox:latest',
      Cmd: ['sleep', '60'],
      Labels: orphanLabels,
      HostConfig: {
        NetworkMode: 'none',
        Mounts: [{ Type: 'volume', Source: `vl-${orphan}-left`, Target: '/d' }],
      },
    });
    await leftContainer.start();
    const checker = await docker.createContainer({
      Image: 'busybox:latest',
      Cmd: ['true'],
      Labels: { [CHECKER_LABEL]: orphan, [INSTANCE_LABEL]: instance },
    });
    const otherLabels = { [SESSION_LABEL]: orphan, [INSTANCE_LABEL]: `${instance}-other` };
    await docker.createVolume({ Name: `vl-${orphan}-other`, Labels: otherLabels });

    try {
      const second = await fixture({ server: { instance, stateFile, reapMs: 60_000 } });
      expect(await volumeNames(`${SESSION_LABEL}=${orphan}`)).toEqual([`vl-${orphan}-other`]);
      await expect(leftContainer.inspect()).rejects.toMatchObject({ statusCode: 404 });
      await expect(checker.inspect()).rejects.toMatchObject({ statusCode: 404 });
      const again = await second.connect({ session: kept.session });
      expect((await again.run('docker volume ls -q')).output).toBe('kept\n');
    } finally {
      await docker.getVolume(`vl-${orphan}-other`).remove();
      await leftContainer.remove({ force: true }).catch(() => {});
      await checker.remove({ force: true }).catch(() => {});
    }
  });
});

describe('restarts', () => {
  it('tells terminals on shutdown, and a restarted server resumes volumes and progress', async () => {
    const instance = uniqueInstance();
    const stateFile = join(stateDir, `${instance}.json`);
    const first = await fixture({ server: { instance, stateFile } });
    const client = await first.connect();
    client.send({ type: 'watch', lesson: LESSON });
    const passed = client.next((m) => m.type === 'checks' && m.passed.length > 0);
    expect((await client.run('docker volume create intro-notes')).exitCode).toBe(0);
    const before = await passed;
    const down = closed(client);
    await first.lab.close();
    expect((await down).code).toBe(CloseCode.goingAway);
    expect(client.transcript).toContain(
      'volume-lab: the lab server is restarting. Your volumes and progress are kept; this terminal reconnects by itself.',
    );
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as { sessions: { id: string }[] };
    expect(saved.sessions.map((s) => s.id)).toEqual([sessionIdFromToken(client.session)]);
    expect(JSON.stringify(saved)).not.toContain(client.session);

    const second = await fixture({ server: { instance, stateFile, reapMs: 60_000 } });
    const back = await second.connect({ session: client.session });
    const progress = back.next((m) => m.type === 'checks');
    back.send({ type: 'watch', lesson: LESSON });
    const after = await progress;
    expect(after.type === 'checks' && after.passed).toEqual(before.type === 'checks' && before.passed);
    expect((await back.run('docker volume ls -q')).output).toBe('intro-notes\n');
  });
});

describe('admission', () => {
  it('tells a newcomer the lab is full, and still lets a known session back in', async () => {
    const lab = await fixture({ server: { admission: { maxSessions: 1 } } });
    const first = await lab.connect();
    const newcomer = await LabClient.open(lab.lab.url);
    const refused = newcomer.next((m) => m.type === 'error');
    const shut = closed(newcomer);
    newcomer.send({ type: 'hello', cols: 80, rows: 24 });
    expect(await refused).toEqual({ type: 'error', message: LAB_FULL_MESSAGE });
    expect((await shut).code).toBe(CloseCode.tryAgainLater);
    const again = await lab.connect({ session: first.session });
    expect((await again.run('docker volume ls -q')).exitCode).toBe(0);
  });

  it('slows down a session that runs commands faster than its limit', async () => {
    const lab = await fixture({ server: { admission: { commandsPerSecond: 0.1, commandBurst: 2 } } });
    const client = await lab.connect();
    expect((await client.run('docker volume ls')).exitCode).toBe(0);
    expect((await client.run('docker volume ls')).exitCode).toBe(0);
    expect(await client.run('docker volume ls')).toEqual({
      output: 'volume-lab: too many commands in a row; wait a moment, then try again.\n',
      exitCode: 1,
    });
  });
});

describe('engine events', () => {
  it('tells the learner when a detached container exits with an error, but not when they stopped it', async () => {
    const lab = await fixture({});
    const client = await lab.connect();
    expect((await client.run('docker run -d --name sleeper busybox sleep 60')).exitCode).toBe(0);
    expect((await client.run('docker stop -t 0 sleeper')).exitCode).toBe(0);
    expect(
      (await client.run("docker run -d --name quitter busybox sh -c 'sleep 0.3; exit 3'")).exitCode,
    ).toBe(0);
    await seen(client, 'volume-lab: container quitter exited with code 3.');
    expect(client.transcript).not.toContain('container sleeper exited');
  });

  it('says when a container ran out of memory', async () => {
    const lab = await fixture({ limits: { memoryBytes: 32 * 1024 * 1024 } });
    const client = await lab.connect();
    const result = await client.run("docker run --rm busybox sh -c 'head -c 200m /dev/zero | tail'");
    expect(result.exitCode).toBe(137);
    await seen(client, 'ran out of memory');
    expect(client.transcript).toMatch(
      /container \w+ ran out of memory \(each container may use 32 MiB\) and was stopped\./,
    );
  });
});
