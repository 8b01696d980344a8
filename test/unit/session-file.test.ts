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
});
