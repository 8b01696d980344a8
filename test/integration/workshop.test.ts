/**
 * Workshop mode against a real lab server and engine: the instructor's socket (secret, roster, read-only
 * terminal view, reset, broadcast, end), what participants see of it, and self-paced mode untouched.
 */
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LabClient } from '../../harness/lab-client.ts';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { SESSION_LABEL } from '../../server/labels.ts';
import { loadLessons } from '../../server/lessons/lesson-store.ts';
import { sessionIdFromToken } from '../../server/sandbox/namespace.ts';
import { PROMPT } from '../../server/shell/terminal-shell.ts';
import { createRoster, type RosterSession } from '../../server/workshop/roster.ts';
import { GuessLimit } from '../../server/workshop/secret-check.ts';
import { startWorkshop, type Workshop } from '../../server/workshop/workshop.ts';
import { loadWorkshopConfig } from '../../server/workshop/workshop-config.ts';
import type { Lesson } from '../../src/shared/lesson.ts';
import {
  INSTRUCTOR_WS_PATH,
  type InstructorServerMessage,
  instructorServerMessageSchema,
  type RosterMessage,
} from '../../src/shared/workshop.ts';

const SECRET = 'correct horse battery staple';
const LESSON = '01-what-is-a-volume';
const lessons = await loadLessons(join(import.meta.dirname, '..', '..', 'src', 'content', 'lessons'));

/** The dashboard's end of `/ws/instructor`, as a test drives it. */
class Instructor {
  readonly messages: InstructorServerMessage[] = [];
  /** Every frame as it came, to look for things that must never be in one. */
  raw = '';
  readonly closed: Promise<number>;
  private waiters: Array<(message: InstructorServerMessage) => boolean> = [];

  readonly ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('message', (data) => {
      this.raw += data.toString();
      const message = instructorServerMessageSchema.parse(JSON.parse(data.toString()));
      this.messages.push(message);
      this.waiters = this.waiters.filter((waiter) => !waiter(message));
    });
  }

  static async open(url: string): Promise<Instructor> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${INSTRUCTOR_WS_PATH}`, { origin: url });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new Instructor(ws);
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next message that matches, including one that already came and was not yet taken. */
  next<T extends InstructorServerMessage['type']>(
    type: T,
    match: (message: Extract<InstructorServerMessage, { type: T }>) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<Extract<InstructorServerMessage, { type: T }>> {
    const fits = (
      message: InstructorServerMessage,
    ): message is Extract<InstructorServerMessage, { type: T }> =>
      message.type === type && match(message as Extract<InstructorServerMessage, { type: T }>);
    const already = this.messages.findLast(fits);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${type}`)), timeoutMs);
      this.waiters.push((message) => {
        if (!fits(message)) return false;
        clearTimeout(timer);
        resolve(message);
        return true;
      });
    });
  }

  /** Waits for a roster in which the participant matches. */
  async roster(match: (roster: RosterMessage) => boolean): Promise<RosterMessage> {
    return this.next('roster', match);
  }

  forget(): void {
    this.messages.length = 0;
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    this.ws.close();
    return this.closed.then(() => undefined);
  }
}

async function signIn(url: string, secret = SECRET): Promise<Instructor> {
  const instructor = await Instructor.open(url);
  instructor.send({ type: 'auth', secret });
  await instructor.next('welcome');
  return instructor;
}

/** A participant's page: hello with a display name, as lab-terminal sends it after the join page. */
async function joinAs(lab: LabFixture, name: string | undefined, session?: string): Promise<LabClient> {
  const client = await LabClient.open(lab.lab.url);
  const ready = client.next((m) => m.type === 'ready');
  const prompt = client.waitForOutput(PROMPT);
  client.send({
    type: 'hello',
    cols: 120,
    rows: 30,
    ...(name ? { name } : {}),
    ...(session ? { session } : {}),
  });
  const message = await ready;
  if (message.type === 'ready') {
    client.session = message.session;
    client.terminal = message.terminal;
  }
  await prompt;
  lab.clients.push(client);
  return client;
}

function sessionIdOf(lab: LabFixture, client: LabClient): string {
  const session = lab.lab.manager.session(sessionIdFromToken(client.session));
  if (!session) throw new Error('no such session');
  return session.id;
}

async function volumesOf(lab: LabFixture, sessionId: string): Promise<string[]> {
  const volumes = await lab.engine.listVolumes({ label: [`${SESSION_LABEL}=${sessionId}`] });
  return volumes.map((volume) => volume.Name);
}

/** Sends a raw upgrade request and returns the HTTP status the server answered with. */
function upgradeStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      port,
      host: '127.0.0.1',
      path,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        Origin: `http://localhost:${port}`,
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => resolve(res.statusCode ?? 0));
    req.on('error', reject);
    req.end();
  });
}

describe('workshop configuration', () => {
  it('takes the secret from the flag before the environment, and validates it', () => {
    expect(loadWorkshopConfig({}, [])).toEqual({ secret: undefined, stuckMs: 5 * 60_000 });
    expect(loadWorkshopConfig({ LAB_INSTRUCTOR_SECRET: '' }, []).secret).toBeUndefined();
    expect(loadWorkshopConfig({ LAB_INSTRUCTOR_SECRET: SECRET }, []).secret).toBe(SECRET);
    expect(
      loadWorkshopConfig({ LAB_INSTRUCTOR_SECRET: SECRET }, ['--instructor-secret', 'another long secret'])
        .secret,
    ).toBe('another long secret');
    expect(loadWorkshopConfig({ LAB_STUCK_MINUTES: '3' }, []).stuckMs).toBe(3 * 60_000);
    expect(() => loadWorkshopConfig({}, ['--instructor-secret', 'short'])).toThrow(
      /--instructor-secret: the instructor secret needs at least 12 characters/,
    );
    expect(() => loadWorkshopConfig({ LAB_INSTRUCTOR_SECRET: 'tiny' }, [])).toThrow(/LAB_INSTRUCTOR_SECRET/);
    expect(() => loadWorkshopConfig({}, ['--instructor-secrt', SECRET])).toThrow(/invalid command line/);
  });
});

describe('stuck participants', () => {
  const lesson = lessons.get(LESSON) as Lesson;
  const session = (patch: Partial<RosterSession>): RosterSession => ({
    id: 'aaaaaaaaaaaa',
    name: 'Ada',
    lesson: LESSON,
    lastActive: 0,
    lastCommand: undefined,
    terminals: new Map([['t1', {}]]),
    progress: new Map(),
    ...patch,
  });

  it('are connected, typing, in an unfinished lesson, with no new step for the stuck time', () => {
    let now = 1_000_000;
    let current = session({ lastActive: now });
    let sockets = 1;
    const roster = createRoster({
      sessions: () => [current],
      socketsOf: () => sockets,
      lessons: new Map([[LESSON, lesson]]),
      stuckMs: 5 * 60_000,
      now: () => now,
    });
    expect(roster.snapshot().participants[0]).toMatchObject({ stuck: false, progressAt: 1_000_000 });
    now += 4 * 60_000;
    current = session({ lastActive: now });
    expect(roster.snapshot().participants[0]?.stuck).toBe(false);
    now += 2 * 60_000;
    current = session({ lastActive: now - 1000 });
    expect(roster.snapshot().participants[0]).toMatchObject({ stuck: true, progressAt: 1_000_000 });
    // Not typing for the stuck time: away, not stuck.
    current = session({ lastActive: now - 6 * 60_000 });
    expect(roster.snapshot().participants[0]?.stuck).toBe(false);
    // Offline: not stuck either.
    current = session({ lastActive: now });
    sockets = 0;
    expect(roster.snapshot().participants[0]?.stuck).toBe(false);
    sockets = 1;
    // A step passes: the clock starts again.
    current = session({ lastActive: now, progress: new Map([[LESSON, new Set(['create'])]]) });
    expect(roster.snapshot().participants[0]).toMatchObject({ stuck: false, passed: 1, progressAt: now });
    // The lesson complete: nothing to be stuck on.
    now += 10 * 60_000;
    current = session({ lastActive: now, progress: new Map([[LESSON, new Set(['create', 'write'])]]) });
    const done = roster.snapshot();
    expect(done.participants[0]).toMatchObject({ stuck: false, passed: 2, steps: 2, completed: 1 });
    expect(done.lessons).toEqual([{ id: LESSON, title: lesson.title, steps: 2, completed: 1, here: 1 }]);
  });
});

describe('wrong guesses', () => {
  it('are counted per address in a window', () => {
    let now = 0;
    const limit = new GuessLimit({ maxFailures: 2, windowMs: 1000, now: () => now });
    limit.failed('a');
    expect(limit.blocked('a')).toBe(false);
    limit.failed('a');
    expect(limit.blocked('a')).toBe(true);
    expect(limit.blocked('b')).toBe(false);
    now = 1000;
    expect(limit.blocked('a')).toBe(false);
  });
});

describe('workshop mode', () => {
  let lab: LabFixture;
  let workshop: Workshop;
  beforeAll(async () => {
    lab = await startLabFixture();
    workshop = startWorkshop(lab.lab, { secret: SECRET, stuckMs: 5 * 60_000, lessons, tickMs: 100 });
  });
  afterAll(async () => {
    workshop?.stop();
    await lab?.stop();
  });

  it('says so at /api/workshop', async () => {
    const response = await fetch(`${lab.lab.url}/api/workshop`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ workshop: true });
    expect((await fetch(`${lab.lab.url}/api/workshop`, { method: 'POST' })).status).toBe(405);
  });

  it('closes an instructor socket whose first frame is not auth', async () => {
    const instructor = await Instructor.open(lab.lab.url);
    instructor.send({ type: 'broadcast', message: 'hello' });
    expect(await instructor.next('error')).toMatchObject({ message: 'send auth first' });
    expect(await instructor.closed).toBe(1002);
  });

  it('turns a wrong secret away with an error and a close', async () => {
    const instructor = await Instructor.open(lab.lab.url);
    instructor.send({ type: 'auth', secret: 'correct horse battery stapler' });
    expect(await instructor.next('error')).toMatchObject({ message: 'That is not the instructor secret.' });
    expect(await instructor.closed).toBe(4003);
    expect(instructor.messages.some((m) => m.type === 'roster')).toBe(false);
  });

  it('shows a participant who joined with a name: lesson, steps, last command, connected', async () => {
    const instructor = await signIn(lab.lab.url);
    const ada = await joinAs(lab, 'Ada Lovelace');
    const id = sessionIdOf(lab, ada);
    const joined = await instructor.roster((r) => r.participants.some((p) => p.id === id));
    expect(joined.participants.find((p) => p.id === id)).toMatchObject({
      name: 'Ada Lovelace',
      lesson: null,
      passed: 0,
      connected: true,
      terminals: [ada.terminal],
      lastCommand: null,
      stuck: false,
    });
    expect(joined.lessons.map((l) => l.id)).toEqual(
      [...lessons].sort(([, a], [, b]) => a.order - b.order).map(([lessonId]) => lessonId),
    );

    ada.send({ type: 'watch', lesson: LESSON });
    expect(await ada.run('docker volume create intro-notes')).toMatchObject({ exitCode: 0 });
    const passed = await instructor.roster((r) =>
      r.participants.some((p) => p.id === id && p.passed === 1 && p.lastCommand !== null),
    );
    const row = passed.participants.find((p) => p.id === id);
    expect(row).toMatchObject({
      lesson: LESSON,
      passed: 1,
      steps: 2,
      lastCommand: { command: 'volume create', exitCode: 0 },
    });
    expect(Math.abs((row?.lastCommand?.at ?? 0) - passed.at)).toBeLessThan(10_000);
    expect(passed.lessons.find((l) => l.id === LESSON)).toMatchObject({ here: 1, completed: 0 });

    await ada.close();
    await instructor.roster((r) => r.participants.some((p) => p.id === id && !p.connected));
    // The instructor never sees a token.
    expect(instructor.raw).not.toContain(ada.session);
    await instructor.close();
  });

  it('shows a participant terminal read-only: what it showed, then what it shows', async () => {
    const instructor = await signIn(lab.lab.url);
    const grace = await joinAs(lab, 'Grace');
    const id = sessionIdOf(lab, grace);
    await grace.run('docker volume ls -q');
    instructor.send({ type: 'view', session: id });
    const start = await instructor.next('view-start');
    expect(start).toMatchObject({ session: id, terminal: grace.terminal });
    expect(start.data).toContain('docker volume ls -q');

    await grace.run('docker volume create grace-data');
    await expect
      .poll(() =>
        instructor.messages
          .filter((m) => m.type === 'view-output')
          .map((m) => (m.type === 'view-output' ? m.data : ''))
          .join(''),
      )
      .toContain('grace-data');

    // Nothing the dashboard sends reaches the terminal: there is no message for it.
    const before = grace.transcript.length;
    instructor.send({ type: 'input', data: 'docker volume rm grace-data\r' });
    expect(await instructor.next('error', (m) => m.message.startsWith('invalid frame'))).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(grace.transcript.slice(before)).toBe('');

    instructor.send({ type: 'view', session: 'ffffffffffff' });
    expect(await instructor.next('error', (m) => m.message === 'that participant has left')).toBeTruthy();
    expect(instructor.raw).not.toContain(grace.session);
    await instructor.close();
  });

  it('broadcasts one line of plain text to every terminal', async () => {
    const instructor = await signIn(lab.lab.url);
    const a = await joinAs(lab, 'Alan');
    const b = await joinAs(lab, 'Barbara');
    for (const message of ['\x1b[2Jgotcha', 'x'.repeat(201), '   ', 'two\nlines']) {
      instructor.forget();
      instructor.send({ type: 'broadcast', message });
      expect(await instructor.next('error')).toMatchObject({
        message: expect.stringMatching(/^invalid frame/),
      });
    }
    const seenA = a.waitForOutput('message from the instructor: Coffee break, back at 11:00');
    const seenB = b.waitForOutput('message from the instructor: Coffee break, back at 11:00');
    instructor.send({ type: 'broadcast', message: '  Coffee break, back at 11:00 ' });
    expect(await instructor.next('result', (m) => m.action === 'broadcast')).toMatchObject({
      message: expect.stringMatching(/^Message sent to \d+ terminals\.$/),
    });
    await Promise.all([seenA, seenB]);
    await instructor.close();
  });

  it("resets a participant's sandbox: objects gone, progress cleared, told, checks refreshed", async () => {
    const instructor = await signIn(lab.lab.url);
    const mary = await joinAs(lab, 'Mary');
    const id = sessionIdOf(lab, mary);
    mary.send({ type: 'watch', lesson: LESSON });
    await mary.run('docker volume create intro-notes');
    await mary.run('docker volume create spare');
    await mary.run('docker run -d --name sleeper -v spare:/data busybox sleep 300');
    await instructor.roster((r) => r.participants.some((p) => p.id === id && p.passed === 1));
    expect((await volumesOf(lab, id)).length).toBe(2);

    const from = mary.messages.length;
    const notice = mary.waitForOutput('the instructor has reset your sandbox');
    instructor.send({ type: 'reset', session: id });
    expect(await instructor.next('result', (m) => m.action === 'reset')).toMatchObject({
      message: "Reset Mary's sandbox.",
    });
    await notice;
    expect(await volumesOf(lab, id)).toEqual([]);
    expect(await lab.services.containers.list({ label: [`${SESSION_LABEL}=${id}`] }, { all: true })).toEqual(
      [],
    );
    const steps = [...(lab.lab.manager.session(id)?.progress.values() ?? [])].flatMap((set) => [...set]);
    expect(steps).toEqual([]);
    // The page is sent fresh checks without running a command: nothing passed, a newer epoch.
    await expect
      .poll(() =>
        mary.messages
          .slice(from)
          .some((m) => m.type === 'checks' && m.lesson === LESSON && m.passed.length === 0 && m.epoch >= 4),
      )
      .toBe(true);
    await instructor.roster((r) => r.participants.some((p) => p.id === id && p.passed === 0));
    // The session goes on as before.
    expect(await mary.run('docker volume ls -q')).toEqual({ output: '', exitCode: 0 });
    await instructor.close();
  });

  it('ends the workshop: every session closed as ended, everything removed, views stopped', async () => {
    const instructor = await signIn(lab.lab.url);
    const last = await joinAs(lab, 'Katherine');
    const id = sessionIdOf(lab, last);
    await last.run('docker volume create kept-until-the-end');
    expect(await volumesOf(lab, id)).toHaveLength(1);
    instructor.send({ type: 'view', session: id });
    await instructor.next('view-start', (m) => m.session === id);

    const closed = new Promise<number>((resolve) => last.ws.once('close', (code) => resolve(code)));
    const told = last.waitForOutput('the instructor ended the workshop');
    instructor.send({ type: 'end' });
    expect(await instructor.next('result', (m) => m.action === 'end')).toMatchObject({
      message: expect.stringMatching(/^The workshop has ended: \d+ sessions closed/),
    });
    await told;
    expect(await closed).toBe(4001);
    expect(await volumesOf(lab, id)).toEqual([]);
    expect(await instructor.next('view-end', (m) => m.session === id)).toBeTruthy();
    await instructor.roster((r) => r.participants.length === 0);
    await instructor.close();
  });

  it('makes an address that keeps guessing wait', async () => {
    for (let i = 0; i < 4; i++) {
      const guess = await Instructor.open(lab.lab.url);
      guess.send({ type: 'auth', secret: `wrong guess number ${i}` });
      expect(await guess.closed).toBe(4003);
    }
    const blocked = await Instructor.open(lab.lab.url);
    blocked.send({ type: 'auth', secret: SECRET });
    expect(await blocked.next('error')).toMatchObject({
      message: expect.stringContaining('Too many wrong secrets'),
    });
    expect(await blocked.closed).toBe(1013);
  });
});

describe('self-paced mode', () => {
  let lab: LabFixture;
  beforeAll(async () => {
    lab = await startLabFixture();
    startWorkshop(lab.lab, { secret: undefined, stuckMs: 60_000, lessons });
  });
  afterAll(() => lab?.stop());

  it('says workshop mode is off and has no instructor endpoint', async () => {
    expect(await (await fetch(`${lab.lab.url}/api/workshop`)).json()).toEqual({ workshop: false });
    expect(await upgradeStatus(lab.lab.port, INSTRUCTOR_WS_PATH)).toBe(404);
    expect(await upgradeStatus(lab.lab.port, '/ws')).toBe(101);
  });
});
