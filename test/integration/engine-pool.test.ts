/**
 * One lab server, two real engines: the machine's own and engine 2 (scripts/second-engine.sh, reached
 * over TCP with TLS client certificates). Sessions are spread over both, checks read each session's
 * own engine, and engine 2 going away (a real daemon restart) reaches only its own sessions.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../harness/lab-client.ts';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { createContainerEngine } from '../../server/docker/containers.ts';
import { createEngine } from '../../server/docker/engine.ts';
import { parseEngineList } from '../../server/docker/engine-address.ts';
import type { EngineMember } from '../../server/docker/engine-pool.ts';
import { resolveLabImages } from '../../server/images/catalogue.ts';
import { provisionImages } from '../../server/images/provision.ts';
import { SESSION_LABEL } from '../../server/labels.ts';
import { sessionIdFromToken } from '../../server/sandbox/namespace.ts';
import { pictureAgainstListing } from './picture-agreement.ts';

const run = promisify(execFile);
const CLIENT_CERTS = '/etc/volume-lab/engine2-tls/client';
const SECOND = `second=tcp://127.0.0.1:2376?tls=${CLIENT_CERTS}`;
const LESSON = '01-what-is-a-volume';

async function secondEngineUp(): Promise<boolean> {
  if (!existsSync(`${CLIENT_CERTS}/key.pem`)) return false;
  try {
    const [address] = parseEngineList(SECOND);
    if (!address) return false;
    await new Docker(address.options).ping();
    return true;
  } catch {
    return false;
  }
}

const up = await secondEngineUp();
if (!up)
  console.warn('engine-pool tests skipped: engine 2 is not running (bash scripts/second-engine.sh start)');

/** Waits until the terminal has shown the text at any point. */
async function seen(client: LabClient, text: string, timeoutMs = 30_000): Promise<void> {
  await expect.poll(() => client.transcript, { timeout: timeoutMs, interval: 100 }).toContain(text);
}

async function volumesOn(member: EngineMember, client: LabClient): Promise<string[]> {
  const volumes = await member.engine.listVolumes({
    label: [`${SESSION_LABEL}=${sessionIdFromToken(client.session)}`],
  });
  return volumes.map((volume) => volume.Name);
}

describe.skipIf(!up)('an engine pool of two real engines', () => {
  let lab: LabFixture;
  let local: EngineMember;
  let second: EngineMember;

  beforeAll(async () => {
    const [address] = parseEngineList(SECOND);
    if (!address) throw new Error('no address');
    const engine = createEngine(address.options);
    await provisionImages(engine.docker, { images: resolveLabImages(['busybox']) });
    second = { name: 'second', engine, containers: createContainerEngine(engine.docker) };
    const localEngine = createEngine();
    local = { name: 'local', engine: localEngine, containers: createContainerEngine(localEngine.docker) };
    lab = await startLabFixture({ server: { engines: [local, second], enginePingMs: 300 } });
  });

  afterAll(async () => {
    await lab?.stop();
  });

  it('places sessions on the engine with fewer sessions, and each sees only its own engine', async () => {
    const first = await lab.connect();
    const other = await lab.connect();
    const engines = [first, other].map(
      (client) => lab.lab.manager.session(sessionIdFromToken(client.session))?.engine,
    );
    expect(engines.sort()).toEqual(['local', 'second']);
    const onSecond = engines[0] === 'second' ? first : other;
    expect((await onSecond.run('docker volume create far-away')).exitCode).toBe(0);
    expect(await volumesOn(second, onSecond)).toHaveLength(1);
    expect(await volumesOn(local, onSecond)).toEqual([]);
    expect((await onSecond.run('docker volume ls -q')).output).toBe('far-away\n');
  });

  it('evaluates checks against the engine the session lives on', async () => {
    const clients = [await lab.connect(), await lab.connect()];
    for (const client of clients) {
      client.send({ type: 'watch', lesson: LESSON });
      expect((await client.run('docker volume create intro-notes')).exitCode).toBe(0);
      const results = await client.checks(LESSON);
      expect(results[0]?.ok).toBe(true);
    }
    const engines = clients.map(
      (client) => lab.lab.manager.session(sessionIdFromToken(client.session))?.engine,
    );
    expect(new Set(engines)).toEqual(new Set(['local', 'second']));
  });

  it('tells only the sessions of an engine that restarts, keeps their volumes, and places newcomers elsewhere', async () => {
    const clients = [await lab.connect(), await lab.connect()];
    const byEngine = new Map(
      clients.map((client) => [lab.lab.manager.session(sessionIdFromToken(client.session))?.engine, client]),
    );
    const onSecond = byEngine.get('second');
    const onLocal = byEngine.get('local');
    if (!onSecond || !onLocal) throw new Error('expected one session on each engine');
    expect((await onSecond.run('docker volume create survivor')).exitCode).toBe(0);

    const restart = run('bash', ['scripts/second-engine.sh', 'restart']);
    await seen(onSecond, 'volume-lab: the Docker engine this session runs on is not answering.');
    expect(await onSecond.run('docker volume ls')).toEqual({
      output:
        'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
      exitCode: 1,
    });
    const newcomer = await lab.connect();
    expect(lab.lab.manager.session(sessionIdFromToken(newcomer.session))?.engine).toBe('local');
    expect((await onLocal.run('docker volume create unaffected')).exitCode).toBe(0);

    await restart;
    await seen(onSecond, 'volume-lab: the Docker engine is back.');
    expect((await onSecond.run('docker volume ls -q')).output).toBe('survivor\n');
    // The restart cut engine 2's event stream: its picture is rebuilt, and follows it again.
    expect((await onSecond.run('docker volume create after-restart')).exitCode).toBe(0);
    const agreement = await pictureAgainstListing(lab, sessionIdFromToken(onSecond.session), 5000, second);
    expect(agreement.picture).toEqual(agreement.listing);
    expect(agreement.picture.volumes.map((volume) => volume.name.replace(/^vl-[0-9a-f]{12}-/, ''))).toEqual([
      'after-restart',
      'survivor',
    ]);
    expect(onLocal.transcript).not.toContain('not answering');
  }, 120_000);
});
