/**
 * The session manager's parts that need no engine: the pages it says things to, the sweeper that ends
 * and warns sessions, and admission as a hello meets it (resume, caps, placement, what is reported).
 */
import { describe, expect, it } from 'vitest';
import { Admission, type AdmissionLimits, LAB_FULL_MESSAGE } from '../../server/session/admission.ts';
import { createSessionAdmission, NO_ENGINE_MESSAGE } from '../../server/session/session-admission.ts';
import { extendSession, type LifecyclePolicy } from '../../server/session/session-lifecycle.ts';
import { SessionPages } from '../../server/session/session-pages.ts';
import { SessionStore } from '../../server/session/session-store.ts';
import { sweepSessions } from '../../server/session/session-sweep.ts';

const MINUTE = 60_000;

/** A terminal that keeps what it is told. */
class FakeTerminal {
  readonly lines: string[] = [];
  notice(message: string): void {
    this.lines.push(message);
  }
}

function storeWith(engines: string[]) {
  const store = new SessionStore<FakeTerminal>({ instance: 'test', lifetimeMs: 120 * MINUTE });
  const sessions = engines.map((engine) => {
    const { session } = store.create(undefined, engine);
    session.terminals.set('t1', new FakeTerminal());
    return session;
  });
  const linesOf = (index: number) => sessions[index]?.terminals.get('t1')?.lines;
  return { store, sessions, linesOf };
}

describe('session pages', () => {
  it('counts a session’s open pages until each is let go', () => {
    const { store, sessions } = storeWith(['local']);
    const pages = new SessionPages(store);
    const id = sessions[0]?.id ?? '';
    const first = pages.track(id, { close() {} }, () => {});
    const second = pages.track(id, { close() {} }, () => {});
    expect(pages.count(id)).toBe(2);
    first();
    first();
    expect(pages.count(id)).toBe(1);
    second();
    expect(pages.count(id)).toBe(0);
  });

  it('refreshes and closes the pages of one session only', () => {
    const { store, sessions } = storeWith(['local', 'local']);
    const pages = new SessionPages(store);
    const events: string[] = [];
    sessions.forEach((session, index) => {
      pages.track(
        session.id,
        { close: (code, reason) => events.push(`close ${index} ${code} ${reason}`) },
        () => events.push(`refresh ${index}`),
      );
    });
    pages.refresh(sessions[1]?.id ?? '');
    pages.close(sessions[0]?.id ?? '', 4000, 'session ended');
    expect(events).toEqual(['refresh 1', 'close 0 4000 session ended']);
  });

  it('tells one session, the sessions of one engine, or everyone, and counts the terminals reached', () => {
    const { store, sessions, linesOf } = storeWith(['local', 'second', 'second']);
    sessions[2]?.terminals.set('t2', new FakeTerminal());
    const pages = new SessionPages(store);
    pages.notify(sessions[0]?.id ?? '', 'one');
    pages.notifyOn('second', 'engine');
    expect(pages.broadcast('all')).toBe(4);
    expect([linesOf(0), linesOf(1), linesOf(2)]).toEqual([
      ['one', 'all'],
      ['engine', 'all'],
      ['engine', 'all'],
    ]);
    expect(sessions[2]?.terminals.get('t2')?.lines).toEqual(['engine', 'all']);
  });
});

describe('the sweeper', () => {
  const policy: LifecyclePolicy = {
    idleMs: 45 * MINUTE,
    lifetimeMs: 120 * MINUTE,
    extendMs: 30 * MINUTE,
    maxLifetimeMs: 480 * MINUTE,
    warnMs: 5 * MINUTE,
  };
  const start = 1_000_000;
  const session = (id: string, lastActive: number) => ({
    id,
    createdAt: start,
    lastActive,
    expiresAt: start + policy.lifetimeMs,
    warnedFor: undefined as number | undefined,
  });

  it('ends the sessions whose time is up, each for its reason, and waits for them', async () => {
    const idle = session('idle', start);
    const busy = session('busy', start + 119 * MINUTE);
    const ended: string[] = [];
    let finished = false;
    await sweepSessions([idle, busy], policy, start + 120 * MINUTE, {
      end: async (id, reason) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        ended.push(`${id} ${reason}`);
        finished = true;
      },
      warn: () => {},
    });
    expect(ended).toEqual(['idle idle', 'busy lifetime']);
    expect(finished).toBe(true);
  });

  it('warns once per deadline, and again once an extension moved it', async () => {
    const learner = session('learner', start + 100 * MINUTE);
    const warned: string[] = [];
    const actions = { end: async () => {}, warn: (_id: string, message: string) => warned.push(message) };
    const near = start + 116 * MINUTE;
    await sweepSessions([learner], policy, near, actions);
    await sweepSessions([learner], policy, near + MINUTE, actions);
    expect(warned).toEqual([
      'volume-lab: this session ends in 4 minutes. Press Ctrl-X to extend it by 30 minutes.',
    ]);
    expect(extendSession(learner, policy, near + MINUTE)).toBe(
      'volume-lab: extended: this session now lasts another 33 minutes.',
    );
    // Now the idle deadline comes first: 45 minutes after the last keystroke.
    await sweepSessions([learner], policy, start + 141 * MINUTE, actions);
    expect(warned).toEqual([
      'volume-lab: this session ends in 4 minutes. Press Ctrl-X to extend it by 30 minutes.',
      'volume-lab: this session ends in 4 minutes unless you type something. Press any key to keep it.',
    ]);
  });
});

describe('admission as a hello meets it', () => {
  const limits: AdmissionLimits = {
    maxSessions: 2,
    maxSockets: 10,
    maxSocketsPerAddress: 10,
    sessionsPerAddress: 1,
    connectsPerSecond: 100,
    connectBurst: 100,
    commandsPerSecond: 1,
    commandBurst: 1,
  };

  function door(options: { engine?: string; capped?: boolean } = {}) {
    const store = new SessionStore<FakeTerminal>({ instance: 'test', lifetimeMs: 120 * MINUTE });
    const refused: string[] = [];
    const admission = createSessionAdmission({
      admission: new Admission(limits),
      sessions: store,
      place: () => ('engine' in options ? options.engine : 'local'),
      capSessionsPerAddress: options.capped ?? true,
      observer: { admissionRefused: ({ reason }) => refused.push(reason) },
    });
    return { store, admission, refused };
  }

  it('starts a session on the engine placement picks, and resumes it by its token', () => {
    const { admission } = door({ engine: 'second' });
    const started = admission.session(undefined, 'Ada', '10.0.0.1');
    if (!started.ok) throw new Error(started.message);
    expect(started.session.engine).toBe('second');
    expect(started.session.name).toBe('Ada');
    const resumed = admission.session(started.token, undefined, '10.0.0.2');
    expect(resumed.ok && resumed.session).toBe(started.session);
  });

  it('turns newcomers away when the lab is full or their address holds its share, never a returning learner', () => {
    const { admission, refused } = door();
    const first = admission.session(undefined, undefined, '10.0.0.1');
    expect(admission.session(undefined, undefined, '10.0.0.1')).toMatchObject({
      ok: false,
      reason: 'address',
    });
    expect(admission.session(undefined, undefined, '10.0.0.2').ok).toBe(true);
    expect(admission.session(undefined, undefined, '10.0.0.3')).toEqual({
      ok: false,
      reason: 'full',
      message: LAB_FULL_MESSAGE,
    });
    expect(first.ok && admission.session(first.token, undefined, '10.0.0.1').ok).toBe(true);
    expect(refused).toEqual(['address', 'full']);
  });

  it('does not cap an address in a workshop, which admits by name', () => {
    const { admission } = door({ capped: false });
    expect(admission.session(undefined, undefined, '10.0.0.1').ok).toBe(true);
    expect(admission.session(undefined, undefined, '10.0.0.1').ok).toBe(true);
  });

  it('says the engine is not answering when no engine can take a newcomer, and starts nothing', () => {
    const { admission, store, refused } = door({ engine: undefined });
    expect(admission.session(undefined, undefined, '10.0.0.1')).toEqual({
      ok: false,
      reason: 'full',
      message: NO_ENGINE_MESSAGE,
    });
    expect(store.size).toBe(0);
    expect(refused).toEqual(['engine']);
  });

  it('reports a socket turned away', () => {
    const { admission, refused } = door();
    const sockets = Array.from({ length: 11 }, () => admission.socket('10.0.0.1'));
    expect(sockets.filter((socket) => socket.ok)).toHaveLength(10);
    expect(refused).toEqual(['full']);
  });
});
