import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSessionFile, type SessionRecord, startSessionSaver } from '../../server/session/session-file.ts';
import { SessionStore } from '../../server/session/session-store.ts';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'session-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the session file', () => {
  it('brings sessions, names and progress back after a restart, without their tokens', async () => {
    const path = join(dir, 'sessions.json');
    const store = new SessionStore<never>({ instance: 'lab', lifetimeMs: 60_000 });
    const { session, token } = store.create(undefined, 'local', 'Ada');
    session.progress.set('01-what-is-a-volume', new Set(['create']));
    const saver = startSessionSaver({
      path,
      instance: 'lab',
      records: () => store.records(),
      intervalMs: 60_000,
      onError: () => {},
    });
    await saver.stop();
    expect(await readFile(path, 'utf8')).not.toContain(token);

    const restored = new SessionStore<never>({
      instance: 'lab',
      lifetimeMs: 60_000,
      records: await loadSessionFile(path, 'lab'),
    });
    const again = restored.resume(token);
    expect(again?.session.name).toBe('Ada');
    expect(again?.session.engine).toBe('local');
    expect([...(again?.session.progress.get('01-what-is-a-volume') ?? [])]).toEqual(['create']);
  });

  it('gives restored sessions a fresh idle window, but keeps their lifetime', async () => {
    const record: SessionRecord = {
      id: 'abcdef012345',
      engine: 'local',
      createdAt: 0,
      lastActive: 10,
      expiresAt: 500,
      progress: {},
    };
    const store = new SessionStore<never>({
      instance: 'lab',
      lifetimeMs: 60_000,
      records: [record],
      now: () => 1000,
    });
    expect(store.get('abcdef012345')).toMatchObject({ lastActive: 1000, expiresAt: 500 });
  });

  it('starts with no sessions when there is no file yet', async () => {
    expect(await loadSessionFile(join(dir, 'missing.json'), 'lab')).toEqual([]);
  });

  it('refuses a file it did not write, or one of another instance, instead of forgetting everyone', async () => {
    const path = join(dir, 'sessions.json');
    await writeFile(path, '{"not": "ours"}');
    await expect(loadSessionFile(path, 'lab')).rejects.toThrow(/is not one this lab wrote/);
    await writeFile(path, JSON.stringify({ version: 1, instance: 'other', sessions: [] }));
    await expect(loadSessionFile(path, 'lab')).rejects.toThrow(/belongs to lab instance "other", not "lab"/);
  });

  it('loads a file the lab wrote before its schema became strict, every field as it was', async () => {
    // Written by c622b43's saver: a named session with progress and a last command, and a bare one.
    const path = join(dir, 'sessions.json');
    await writeFile(
      path,
      '{"version":1,"instance":"lab","sessions":[{"id":"8d117e760f35","engine":"local","createdAt":1767225600000,' +
        '"lastActive":1767225600000,"expiresAt":1767232800000,"name":"Ada","lastCommand":{"command":"volume create",' +
        '"exitCode":0,"at":1767225660000},"progress":{"01-what-is-a-volume":["create","inspect"],"02-inspecting":[]}},' +
        '{"id":"3e6c08ea4cae","engine":"second","createdAt":1767225600000,"lastActive":1767225600000,' +
        '"expiresAt":1767232800000,"progress":{}}]}',
    );
    expect(await loadSessionFile(path, 'lab')).toEqual([
      {
        id: '8d117e760f35',
        engine: 'local',
        createdAt: 1767225600000,
        lastActive: 1767225600000,
        expiresAt: 1767232800000,
        name: 'Ada',
        lastCommand: { command: 'volume create', exitCode: 0, at: 1767225660000 },
        progress: { '01-what-is-a-volume': ['create', 'inspect'], '02-inspecting': [] },
      },
      {
        id: '3e6c08ea4cae',
        engine: 'second',
        createdAt: 1767225600000,
        lastActive: 1767225600000,
        expiresAt: 1767232800000,
        progress: {},
      },
    ]);
  });

  it('refuses a record with a key it does not know, rather than drop what it cannot keep', async () => {
    const path = join(dir, 'sessions.json');
    const record = {
      id: 'abcdef012345',
      engine: 'local',
      createdAt: 0,
      lastActive: 0,
      expiresAt: 1,
      progress: {},
    };
    await writeFile(path, JSON.stringify({ version: 1, instance: 'lab', sessions: [record] }));
    await expect(loadSessionFile(path, 'lab')).resolves.toEqual([record]);
    await writeFile(
      path,
      JSON.stringify({ version: 1, instance: 'lab', sessions: [{ ...record, token: 'x' }] }),
    );
    await expect(loadSessionFile(path, 'lab')).rejects.toThrow(/is not one this lab wrote/);
  });
});
