/**
 * A hostile learner against the real, shared engine. Every test asserts both the refusal or limit the
 * learner meets (exact text and exit code) and that nothing else moved: the host (a canary, `/`,
 * `/etc`, the engine socket), the engine (every new container and volume belongs to a session and
 * carries the sandbox's settings) and a second learner (volumes, file contents, containers, terminal).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabClient } from '../../harness/lab-client.ts';
import {
  type FixtureOptions,
  type LabFixture,
  startLabFixture,
  TEST_INSTANCE,
} from '../../harness/lab-fixture.ts';
import { CHECKER_LABEL, INSTANCE_LABEL, SESSION_LABEL } from '../../server/labels.ts';
import { grantedImage } from '../../server/policy/images.ts';
import { sessionIdFromToken } from '../../server/sandbox/namespace.ts';
import { unenforcedStorage } from '../../server/storage/engine-storage.ts';
import { MAX_COMMAND_LENGTH } from '../../src/shared/protocol.ts';
import { ALL_CASES, type HostileCase } from './adversarial-cases.ts';

const MIB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

// ---------------------------------------------------------------------------------------------
// The host: a canary the test owns, the directories a container escape would write to, the socket.

interface HostSnapshot {
  canary: string;
  hostDirEntries: string[];
  root: string[];
  etc: string[];
  shadow: string;
  passwd: string;
  socket: { ino: number; mode: number; uid: number; gid: number; mtimeMs: number } | undefined;
}

const hostDir = mkdtempSync(join(tmpdir(), 'vl-adversarial-'));
const canaryPath = join(hostDir, 'canary.txt');
let host: HostSnapshot;

function snapshotHost(): HostSnapshot {
  const socket = existsSync('/var/run/docker.sock') ? statSync('/var/run/docker.sock') : undefined;
  return {
    canary: sha256(canaryPath),
    hostDirEntries: readdirSync(hostDir).sort(),
    root: readdirSync('/').sort(),
    etc: readdirSync('/etc').sort(),
    shadow: existsSync('/etc/shadow') ? sha256('/etc/shadow') : '',
    passwd: sha256('/etc/passwd'),
    socket: socket && {
      ino: socket.ino,
      mode: socket.mode,
      uid: socket.uid,
      gid: socket.gid,
      mtimeMs: socket.mtimeMs,
    },
  };
}

beforeAll(() => {
  writeFileSync(canaryPath, `canary ${randomBytes(16).toString('hex')}\n`);
  host = snapshotHost();
});
afterAll(() => rmSync(hostDir, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// The engine: what every container and volume made during a test must look like.

interface InspectJson {
  Id: string;
  Name: string;
  /** The ID of the image the engine runs. */
  Image: string;
  Config: { Labels: Record<string, string> | null };
  HostConfig: {
    Privileged: boolean;
    NetworkMode: string;
    PidMode: string;
    IpcMode: string;
    UTSMode: string;
    UsernsMode: string;
    CapAdd: string[] | null;
    CapDrop: string[] | null;
    Devices: unknown[] | null;
    Binds: string[] | null;
    SecurityOpt: string[] | null;
    PidsLimit: number | null;
    Memory: number;
    MemorySwap: number;
    NanoCpus: number;
    ShmSize: number;
    CgroupParent: string;
    RestartPolicy: { Name: string };
    LogConfig: { Type: string; Config: Record<string, string> };
    VolumesFrom: string[] | null;
    Tmpfs?: Record<string, string> | null;
    Mounts?: { Type: string; TmpfsOptions?: { SizeBytes?: number } }[] | null;
  };
  Mounts: { Type: string; Name?: string; Source: string; Destination: string }[];
  State: { Running: boolean; StartedAt: string; ExitCode: number; OOMKilled: boolean; Status: string };
  LogPath: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

interface Lab {
  fixture: LabFixture;
  baseContainers: Set<string>;
  baseVolumes: Set<string>;
  created: { containers: Set<string>; volumes: Set<string> };
  victim: Victim;
}

async function inspectJson(lab: LabFixture, id: string): Promise<InspectJson | undefined> {
  try {
    return (await lab.services.containers.inspect(id)) as unknown as InspectJson;
  } catch {
    return undefined; // removed since it was listed (--rm)
  }
}

/**
 * Every container and volume this lab's server made, and any that names or is labelled for one of its
 * sessions, belongs to a session and carries the sandbox's settings. Other engineers' tests share the
 * engine, so objects nobody here made (and that mention none of these sessions) are theirs, not ours.
 */
async function expectEngineClean(lab: Lab): Promise<void> {
  const { fixture } = lab;
  const { limits } = fixture.services;
  const ours = new Set([...fixture.lab.manager.sessions()].map((session) => session.id));
  const mentionsOurs = (name: string) =>
    [...ours].some((id) => name.replace(/^\//, '').startsWith(`vl-${id}-`));
  const containers = await fixture.services.containers.list({}, { all: true });
  for (const summary of containers) {
    if (lab.baseContainers.has(summary.Id)) continue;
    const labels = summary.Labels ?? {};
    const session = labels[SESSION_LABEL];
    const ourDoing =
      lab.created.containers.has(summary.Id) ||
      (session !== undefined && ours.has(session)) ||
      mentionsOurs(summary.Names?.[0] ?? '') ||
      (summary.Mounts ?? []).some((mount) => mentionsOurs(mount.Name ?? ''));
    if (!ourDoing) continue;
    expect(
      session && ours.has(session),
      `container ${summary.Names?.[0]} has no session label of this lab`,
    ).toBe(true);
    if (!session) continue;
    const info = await inspectJson(fixture, summary.Id);
    if (!info) continue;
    const what = `container ${info.Name}`;
    expect(info.Name.startsWith(`/vl-${session}-`), what).toBe(true);
    const hc = info.HostConfig;
    expect(hc.Privileged, what).toBe(false);
    expect(hc.NetworkMode, what).toBe('none');
    expect(hc.PidMode, what).toBe('');
    expect(hc.IpcMode, what).toBe('private');
    expect(hc.UTSMode, what).toBe('');
    expect(hc.UsernsMode, what).toBe('');
    expect(hc.CapDrop, what).toEqual(['ALL']);
    expect([...(hc.CapAdd ?? [])].sort(), `${what} capabilities`).toEqual(await grantedTo(fixture, info));
    expect(hc.Devices ?? [], what).toEqual([]);
    expect(hc.CgroupParent, what).toBe('');
    expect(hc.SecurityOpt, what).toEqual(['no-new-privileges']);
    expect(hc.PidsLimit, what).toBe(limits.pids);
    expect(hc.Memory, what).toBe(limits.memoryBytes);
    expect(hc.MemorySwap, what).toBe(limits.memoryBytes);
    expect(hc.NanoCpus, what).toBe(limits.nanoCpus);
    expect(hc.ShmSize, what).toBeLessThanOrEqual(limits.tmpfsBytes);
    expect(['', 'no'], what).toContain(hc.RestartPolicy.Name);
    expect(hc.LogConfig, what).toEqual({ Type: 'json-file', Config: { 'max-file': '2', 'max-size': '1m' } });
    for (const bind of hc.Binds ?? [])
      expect(bind.startsWith(`vl-${session}-`), `${what} bind ${bind}`).toBe(true);
    for (const mount of info.Mounts) {
      expect(['volume', 'tmpfs'], `${what} mount ${mount.Source}`).toContain(mount.Type);
      if (mount.Type === 'volume') {
        const name = mount.Name ?? '';
        expect(name.startsWith(`vl-${session}-`) || HEX64.test(name), `${what} volume ${name}`).toBe(true);
        const volume = await fixture.engine.inspectVolume(name).catch(() => undefined);
        if (volume) expect(volume.Labels?.[SESSION_LABEL], `${what} volume ${name}`).toBe(session);
      }
    }
    for (const source of hc.VolumesFrom ?? []) {
      const from = await inspectJson(fixture, source.split(':')[0] ?? '');
      expect(from?.Config.Labels?.[SESSION_LABEL], `${what} volumes-from ${source}`).toBe(session);
    }
  }
  for (const volume of await fixture.engine.listVolumes({})) {
    if (lab.baseVolumes.has(volume.Name)) continue;
    const session = volume.Labels?.[SESSION_LABEL];
    const ourDoing =
      lab.created.volumes.has(volume.Name) ||
      (session !== undefined && ours.has(session)) ||
      mentionsOurs(volume.Name);
    if (!ourDoing) continue;
    expect(session && ours.has(session), `volume ${volume.Name} has no session label of this lab`).toBe(true);
    expect(volume.Name.startsWith(`vl-${session}-`) || HEX64.test(volume.Name), volume.Name).toBe(true);
    expect(volume.Driver, volume.Name).toBe('local');
    expect(Object.keys(volume.Options ?? {}), `${volume.Name} driver options`).toEqual([]);
  }
}

/**
 * The capabilities a container of the lab may hold: its image's set, found from the image the engine
 * runs (by its tags); none for a check's helper, which runs nothing.
 */
async function grantedTo(fixture: LabFixture, info: InspectJson): Promise<string[]> {
  if (info.Config.Labels?.[CHECKER_LABEL] !== undefined) return [];
  const image = (await fixture.services.containers.inspectImage(info.Image)) as { RepoTags?: string[] };
  return grantedImage(image.RepoTags ?? [], fixture.services.limits)?.capabilities ?? ['not a lab image'];
}

/** Records what the lab's server asks the engine to create, through the one client it uses. */
function recordCreations(fixture: LabFixture): Lab['created'] {
  const created = { containers: new Set<string>(), volumes: new Set<string>() };
  const docker = fixture.engine.docker;
  const createContainer = docker.createContainer.bind(docker);
  docker.createContainer = (async (options: Parameters<typeof createContainer>[0]) => {
    const container = await createContainer(options);
    created.containers.add(container.id);
    return container;
  }) as typeof docker.createContainer;
  const createVolume = docker.createVolume.bind(docker);
  docker.createVolume = (async (options: { Name?: string }) => {
    if (options?.Name) created.volumes.add(options.Name);
    return createVolume(options as Parameters<typeof createVolume>[0]);
  }) as typeof docker.createVolume;
  return created;
}

// ---------------------------------------------------------------------------------------------
// The victim: a second learner with a secret in a volume, a running and a stopped container.

const SECRET = 'bob only\n';

interface Victim {
  client: LabClient;
  sessionId: string;
  containerId: string;
  containerName: string;
  volumeName: string;
  secretPath: string;
  startedAt: string;
  containerIds: string[];
  volumes: string[];
  /** The victim's terminal shows nothing after this point unless the victim typed it. */
  quietFrom: number;
}

async function makeVictim(fixture: LabFixture): Promise<Victim> {
  const client = await fixture.connect();
  await client.run('docker volume create secret');
  const wrote = await client.run(
    `docker run --rm -v secret:/data busybox sh -c 'echo "bob only" > /data/secret.txt'`,
  );
  expect(wrote).toEqual({ output: '', exitCode: 0 });
  const web = await client.run('docker run -d --name web -v secret:/data busybox sleep 600');
  expect(web.exitCode).toBe(0);
  expect((await client.run('docker run --name done busybox true')).exitCode).toBe(0);
  const sessionId = sessionIdFromToken(client.session);
  const containerId = web.output.trim();
  const label = [`${SESSION_LABEL}=${sessionId}`];
  const volumeName = `vl-${sessionId}-secret`;
  const volume = await fixture.engine.inspectVolume(volumeName);
  const info = await inspectJson(fixture, containerId);
  return {
    client,
    sessionId,
    containerId,
    containerName: `vl-${sessionId}-web`,
    volumeName,
    secretPath: join(volume.Mountpoint, 'secret.txt'),
    startedAt: info?.State.StartedAt ?? '',
    containerIds: (await fixture.services.containers.list({ label }, { all: true })).map((c) => c.Id).sort(),
    volumes: (await fixture.engine.listVolumes({ label })).map((v) => v.Name).sort(),
    quietFrom: client.transcript.length,
  };
}

/** Runs a command as the victim, who may of course type; their terminal is watched after it. */
async function victimRun(victim: Victim, line: string) {
  const result = await victim.client.run(line);
  victim.quietFrom = victim.client.transcript.length;
  return result;
}

async function expectVictimUnchanged(lab: Lab): Promise<void> {
  const { fixture, victim } = lab;
  const label = [`${SESSION_LABEL}=${victim.sessionId}`];
  expect((await fixture.engine.listVolumes({ label })).map((v) => v.Name).sort()).toEqual(victim.volumes);
  expect(readFileSync(victim.secretPath, 'utf8')).toBe(SECRET);
  const containers = await fixture.services.containers.list({ label }, { all: true });
  expect(containers.map((c) => c.Id).sort()).toEqual(victim.containerIds);
  const web = await inspectJson(fixture, victim.containerId);
  expect(web?.State.Running).toBe(true);
  expect(web?.State.StartedAt).toBe(victim.startedAt);
  expect(victim.client.transcript.slice(victim.quietFrom)).toBe('');
}

function expectHostUnchanged(): void {
  expect(snapshotHost()).toEqual(host);
}

async function expectNothingAffected(lab: Lab): Promise<void> {
  expectHostUnchanged();
  await expectEngineClean(lab);
  await expectVictimUnchanged(lab);
}

async function startLab(options: FixtureOptions = {}): Promise<Lab> {
  const fixture = await startLabFixture(options);
  const created = recordCreations(fixture);
  const baseContainers = new Set(
    (await fixture.services.containers.list({}, { all: true })).map((container) => container.Id),
  );
  const baseVolumes = new Set((await fixture.engine.listVolumes({})).map((volume) => volume.Name));
  const victim = await makeVictim(fixture);
  // The victim's own objects are checked by expectVictimUnchanged.
  for (const id of victim.containerIds) baseContainers.add(id);
  for (const name of victim.volumes) baseVolumes.add(name);
  return { fixture, baseContainers, baseVolumes, created, victim };
}

function fill(text: string, victim: Victim): string {
  return text
    .replaceAll('{VICTIM_ID}', victim.containerId)
    .replaceAll('{VICTIM_SHORT}', victim.containerId.slice(0, 12))
    .replaceAll('{VICTIM_PREFIX}', victim.containerId.slice(0, 4))
    .replaceAll('{VICTIM_SESSION}', victim.sessionId)
    .replaceAll('{VICTIM_CONTAINER}', victim.containerName)
    .replaceAll('{VICTIM_VOLUME}', victim.volumeName)
    .replaceAll('{HOST_DIR}', hostDir);
}

async function ownContainers(lab: Lab, client: LabClient, running = false) {
  const label = [`${SESSION_LABEL}=${sessionIdFromToken(client.session)}`];
  return lab.fixture.services.containers.list(running ? { label, status: ['running'] } : { label }, {
    all: !running,
  });
}

async function ownVolumes(lab: Lab, client: LabClient) {
  return lab.fixture.engine.listVolumes({
    label: [`${SESSION_LABEL}=${sessionIdFromToken(client.session)}`],
  });
}

async function engineIdOf(lab: Lab, client: LabClient, name: string): Promise<string> {
  const found = (await ownContainers(lab, client)).find(
    (c) => c.Names?.[0] === `/vl-${sessionIdFromToken(client.session)}-${name}`,
  );
  if (!found) throw new Error(`no container ${name}`);
  return found.Id;
}

/** Milliseconds the victim waits for a trivial command: the engine and the server still answer. */
async function victimLatency(victim: Victim): Promise<number> {
  const started = performance.now();
  const result = await victimRun(victim, 'docker volume ls -q');
  expect(result).toEqual({ output: 'secret\n', exitCode: 0 });
  return performance.now() - started;
}

// =============================================================================================

describe('a hostile learner on the shared engine', () => {
  let lab: Lab;
  let alice: LabClient;

  beforeAll(async () => {
    lab = await startLab();
    alice = await lab.fixture.connect();
  });
  afterAll(() => lab.fixture.stop());

  it.each(ALL_CASES)('refuses $attack: $input', async (hostile: HostileCase) => {
    const result = await alice.run(fill(hostile.input, lab.victim));
    expect(result).toEqual({ output: fill(hostile.output, lab.victim), exitCode: hostile.exitCode });
    await expectNothingAffected(lab);
  });

  it("reads nothing of the victim's through -v or --mount with the victim's engine volume name", async () => {
    const { volumeName } = lab.victim;
    const missing = { output: "cat: can't open '/x/secret.txt': No such file or directory\n", exitCode: 1 };
    expect(await alice.run(`docker run --rm -v ${volumeName}:/x busybox cat /x/secret.txt`)).toEqual(missing);
    expect(
      await alice.run(`docker run --rm --mount source=${volumeName},target=/x busybox cat /x/secret.txt`),
    ).toEqual(missing);
    // What the engine mounted was a new volume of Alice's own, under her prefix.
    const aliceId = sessionIdFromToken(alice.session);
    const made = await lab.fixture.engine.inspectVolume(`vl-${aliceId}-${volumeName}`);
    expect(made.Labels?.[SESSION_LABEL]).toBe(aliceId);
    await alice.run(`docker volume rm ${volumeName}`);
    await expectNothingAffected(lab);
  });

  it('drops NUL bytes before parsing: nothing but an ordinary name reaches the engine', async () => {
    expect(await alice.run('docker volume create nu\u0000ll')).toEqual({ output: 'null\n', exitCode: 0 });
    expect(await alice.run('docker run --rm -v "/\u0000:/h" busybox true')).toEqual({
      output:
        'volume-lab: -v /:/h is not available in this sandbox: host paths (bind mounts) reach outside your sandbox; mount a named volume instead, like -v mydata:/h\n',
      exitCode: 125,
    });
    expect(await alice.run('docker run --rm --privileged\u0000 busybox true')).toEqual({
      output:
        'volume-lab: --privileged is not available in this sandbox: it gives a container control of the host\n',
      exitCode: 125,
    });
    expect((await ownVolumes(lab, alice)).map((v) => v.Name)).toContain(
      `vl-${sessionIdFromToken(alice.session)}-null`,
    );
    await alice.run('docker volume rm null');
    await expectNothingAffected(lab);
  });

  it('refuses a Run frame with a newline, or longer than MAX_COMMAND_LENGTH characters, as a whole', async () => {
    const newline = alice.next((m) => m.type === 'error');
    alice.send({ type: 'run', command: 'docker volume create nl1\ndocker run --privileged busybox true' });
    expect(await newline).toEqual({ type: 'error', message: 'invalid frame: command: one line only' });
    const long = alice.next((m) => m.type === 'error');
    alice.send({ type: 'run', command: `docker volume create ${'x'.repeat(MAX_COMMAND_LENGTH)}` });
    expect(await long).toEqual({
      type: 'error',
      message: `invalid frame: command: Too big: expected string to have <=${MAX_COMMAND_LENGTH} characters`,
    });
    expect((await alice.run('docker volume ls -q')).output).not.toContain('nl1');
    await expectNothingAffected(lab);
  });

  it("answers an over-long volume name with the daemon's error and makes nothing", async () => {
    const name = 'a'.repeat(300);
    const result = await alice.run(`docker volume create ${name}`);
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(
      new RegExp(
        `^Error response from daemon: create ${name}: error while creating volume root path '.*file name too long\\n$`,
      ),
    );
    expect(result.output).not.toMatch(/vl-[0-9a-f]{12}-/);
    expect((await ownVolumes(lab, alice)).some((v) => v.Name.includes(name))).toBe(false);
    await expectNothingAffected(lab);
  });

  it('answers an over-long -v volume name as docker run does (daemon error, exit 125), not as an internal error', async () => {
    const name = 'b'.repeat(300);
    const result = await alice.run(`docker run --rm -v ${name}:/x busybox true`);
    expect(result.output).not.toContain('internal error');
    expect(result.output).toMatch(
      /^docker: Error response from daemon: create b+: error while creating volume root path/,
    );
    expect(result.exitCode).toBe(125);
    await expectNothingAffected(lab);
  });

  it("keeps other learners' terminals answering while one types a 16 KB line", async () => {
    const done = alice.next((m) => m.type === 'done', 120_000);
    let worstGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 10);
    const started = performance.now();
    const victim = victimRun(lab.victim, 'docker volume ls -q');
    alice.send({ type: 'input', data: `docker volume create ${'c'.repeat(16_000)}\r` });
    const answered = await victim;
    const waited = performance.now() - started;
    expect(await done).toMatchObject({ exitCode: 1 });
    clearInterval(ticker);
    expect(answered).toEqual({ output: 'secret\n', exitCode: 0 });
    // The server shares one event loop among all learners: nothing may hold it for long.
    expect(Math.round(worstGap), 'longest stretch the server could not run anything else (ms)').toBeLessThan(
      500,
    );
    expect(Math.round(waited), "the victim's wait for docker volume ls (ms)").toBeLessThan(1000);
    await expectNothingAffected(lab);
  });

  it('does not complete the victim’s container or volume names', async () => {
    const before = alice.transcript.length;
    await alice.type('docker exec w\t', 'docker exec w');
    await sleep(300);
    const exec = alice.transcript.slice(before);
    await alice.type('\x15docker volume rm sec\t', 'docker volume rm sec');
    await sleep(300);
    const volume = alice.transcript.slice(before + exec.length);
    expect(exec.includes('web'), `completion showed: ${JSON.stringify(exec)}`).toBe(false);
    expect(volume.includes('secret'), `completion showed: ${JSON.stringify(volume)}`).toBe(false);
    await alice.type('\x03', '\r\n');
    await sleep(100);
    await expectNothingAffected(lab);
  });

  it("prunes only the attacker's own containers and volumes", async () => {
    const containers = await alice.run('docker container prune -f');
    expect(containers.exitCode).toBe(0);
    expect(containers.output).toMatch(/Total reclaimed space: /);
    const volumes = await alice.run('docker volume prune -f');
    expect(volumes.exitCode).toBe(0);
    expect(volumes.output).toMatch(/Total reclaimed space: /);
    await expectNothingAffected(lab);
  });

  describe('protocol abuse', () => {
    it('answers a binary frame with an error and keeps the terminal', async () => {
      const error = alice.next((m) => m.type === 'error');
      alice.ws.send(Buffer.from('{"type":"run","command":"docker run --privileged busybox true"}'));
      expect(await error).toEqual({ type: 'error', message: 'binary frames are not part of the protocol' });
      expect(await alice.run('docker volume ls -q')).toMatchObject({ exitCode: 0 });
      await expectNothingAffected(lab);
    });

    it('closes a socket that sends a 1 MB frame, and the others go on', async () => {
      const flooder = await lab.fixture.connect();
      const closed = new Promise<number>((resolve) => flooder.ws.once('close', (code) => resolve(code)));
      flooder.ws.send(JSON.stringify({ type: 'input', data: 'x'.repeat(MIB) }));
      expect(await closed).toBe(1009);
      expect(await victimLatency(lab.victim)).toBeLessThan(2000);
      await expectNothingAffected(lab);
    });

    it("refuses a hello that offers the victim's engine session id as a token", async () => {
      const client = await LabClient.open(lab.fixture.lab.url);
      const error = client.next((m) => m.type === 'error');
      const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
      client.send({ type: 'hello', session: lab.victim.sessionId, cols: 80, rows: 24 });
      expect(await error).toEqual({
        type: 'error',
        message: 'invalid frame: session: malformed session token',
      });
      expect(await closed).toBe(1002);
      await expectNothingAffected(lab);
    });

    it("gives a token built from the victim's engine prefix, or its id, a fresh empty session", async () => {
      for (const token of [`vl-${lab.victim.sessionId}-`, `${lab.victim.sessionId}0000`]) {
        const intruder = await lab.fixture.connect({ session: token, terminal: lab.victim.client.terminal });
        expect(sessionIdFromToken(intruder.session)).not.toBe(lab.victim.sessionId);
        expect(await intruder.run('docker volume ls -q')).toEqual({ output: '', exitCode: 0 });
        expect(await intruder.run("docker ps -a --format '{{.Names}}'")).toEqual({ output: '', exitCode: 0 });
        expect(await intruder.run('docker exec web cat /data/secret.txt')).toEqual({
          output: 'Error response from daemon: No such container: web\n',
          exitCode: 1,
        });
        // Typing into "the victim's terminal id" reached a terminal of the intruder's own.
        await intruder.close();
      }
      await expectNothingAffected(lab);
    });

    it('runs a burst of 200 frames one by one without starving the victim', async () => {
      const codes: number[] = [];
      const all = new Promise<void>((resolve) => {
        const onMessage = (data: { toString(): string }) => {
          const message = JSON.parse(data.toString()) as { type: string; exitCode?: number };
          if (message.type !== 'done') return;
          codes.push(message.exitCode ?? -1);
          if (codes.length === 200) {
            alice.ws.off('message', onMessage);
            resolve();
          }
        };
        alice.ws.on('message', onMessage);
      });
      for (let i = 0; i < 200; i++) {
        alice.send({
          type: 'run',
          command: i % 2 ? 'docker volume ls -q' : 'docker run --privileged busybox true',
        });
      }
      expect(await victimLatency(lab.victim)).toBeLessThan(2000);
      await Promise.race([all, sleep(30_000)]);
      expect(codes).toEqual(Array.from({ length: 200 }, (_, i) => (i % 2 ? 0 : 125)));
      await expectNothingAffected(lab);
    });
  });

  describe('resource exhaustion with the real limits', () => {
    it('ends the classic fork bomb (busybox sh rejects the function name :)', async () => {
      expect(await alice.run(`docker run --rm busybox sh -c ':(){ :|:& };:'`)).toEqual({
        output: 'sh: syntax error: bad function name\n',
        exitCode: 2,
      });
      await expectNothingAffected(lab);
    });

    it('holds a working fork bomb to 64 processes, keeps the engine responsive, and kills it', async () => {
      const started = await alice.run(`docker run -d --name bomb busybox sh -c 'f(){ f|f& };f; sleep 8'`);
      expect(started.exitCode).toBe(0);
      const id = started.output.trim();
      try {
        await sleep(1500);
        const info = await inspectJson(lab.fixture, id);
        expect(info?.HostConfig.PidsLimit).toBe(64);
        const cgroup = `/sys/fs/cgroup/pids/docker/${id}`;
        if (existsSync(cgroup)) {
          expect(readFileSync(join(cgroup, 'pids.max'), 'utf8').trim()).toBe('64');
          expect(Number(readFileSync(join(cgroup, 'pids.current'), 'utf8'))).toBeLessThanOrEqual(64);
        }
        expect(await victimLatency(lab.victim)).toBeLessThan(2000);
        expect(await victimRun(lab.victim, 'docker exec web cat /data/secret.txt')).toEqual({
          output: SECRET,
          exitCode: 0,
        });
        expect(await alice.run('docker rm -f bomb')).toEqual({ output: 'bomb\n', exitCode: 0 });
        expect(await inspectJson(lab.fixture, id)).toBeUndefined();
      } finally {
        await lab.fixture.services.containers.remove(id, { force: true, volumes: true }).catch(() => {});
      }
      await expectNothingAffected(lab);
    });

    it('OOM-kills a memory hog at the memory limit (exit 137), and says so after the prompt', async () => {
      const result = await alice.run(
        `docker run --name hog busybox sh -c 'x=a; while true; do x=$x$x; done'`,
      );
      expect(result.exitCode).toBe(137);
      const notice =
        'volume-lab: container hog ran out of memory (each container may use 128 MiB) and was stopped.';
      // The engine's OOM event can arrive as the prompt is drawn; the command's own output stays empty.
      const beforePrompt = result.output.split('\x1b[1G\x1b[0J')[0];
      expect(beforePrompt).toBe('');
      await expect.poll(() => alice.transcript, { timeout: 10_000 }).toContain(notice);
      const id = await engineIdOf(lab, alice, 'hog');
      const info = await inspectJson(lab.fixture, id);
      expect(info?.State.OOMKilled).toBe(true);
      expect(info?.HostConfig.Memory).toBe(lab.fixture.services.limits.memoryBytes);
      await expectNothingAffected(lab);
      expect(await alice.run('docker rm hog')).toEqual({ output: 'hog\n', exitCode: 0 });
    });

    it('caps every tmpfs (and /dev/shm) at the lab size, whatever size is asked', async () => {
      const cap = lab.fixture.services.limits.tmpfsBytes;
      const result = await alice.run(
        'docker run --name tmpcap --tmpfs /t:size=1g,size=2g --tmpfs /z:size=0 --mount type=tmpfs,dst=/m,tmpfs-size=10g busybox df -k /t /z /m /dev/shm',
      );
      expect(result.exitCode).toBe(0);
      const sizes = result.output
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => Number(line.split(/\s+/)[1]));
      expect(sizes).toEqual([cap / 1024, cap / 1024, cap / 1024, cap / 1024]);
      const info = await inspectJson(lab.fixture, await engineIdOf(lab, alice, 'tmpcap'));
      expect(info?.HostConfig.Tmpfs).toEqual({ '/t': `size=${cap}`, '/z': `size=${cap}` });
      expect(info?.HostConfig.Mounts?.[0]?.TmpfsOptions?.SizeBytes).toBe(cap);
      expect(info?.HostConfig.ShmSize).toBe(cap);
      await expectNothingAffected(lab);
      expect(await alice.run('docker rm tmpcap')).toEqual({ output: 'tmpcap\n', exitCode: 0 });
    });

    it("keeps a flooding container's json log under ~2.5 MB", async () => {
      const started = await alice.run('docker run -d --name flood busybox yes');
      expect(started.exitCode).toBe(0);
      const id = started.output.trim();
      try {
        await sleep(3000);
        const info = await inspectJson(lab.fixture, id);
        expect(info?.HostConfig.LogConfig).toEqual({
          Type: 'json-file',
          Config: { 'max-file': '2', 'max-size': '1m' },
        });
        const logPath = info?.LogPath ?? '';
        if (existsSync(logPath)) {
          // The engine rotates while the flood goes on: a file listed a moment ago may be gone.
          const sizes = [logPath, `${logPath}.1`, `${logPath}.2`].flatMap((path) => {
            try {
              return [statSync(path).size];
            } catch {
              return [];
            }
          });
          const total = sizes.reduce((sum, size) => sum + size, 0);
          expect(sizes.length).toBeLessThanOrEqual(2);
          expect(total).toBeGreaterThan(0);
          expect(total).toBeLessThan(2.5 * MIB);
        } else {
          // The log lives where this process cannot see it: measure what the engine serves.
          const stream = (await lab.fixture.engine.docker
            .getContainer(id)
            .logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
          expect(stream.length).toBeLessThan(2.5 * MIB);
        }
        expect(await victimLatency(lab.victim)).toBeLessThan(2000);
        expect(await alice.run('docker rm -f flood')).toEqual({ output: 'flood\n', exitCode: 0 });
      } finally {
        await lab.fixture.services.containers.remove(id, { force: true, volumes: true }).catch(() => {});
      }
      await expectNothingAffected(lab);
    });
  });
});

// =============================================================================================

/** Bits of the capabilities the catalogue grants (linux/capability.h). */
const CAPABILITY_BITS: Readonly<Record<string, bigint>> = {
  CHOWN: 0n,
  DAC_OVERRIDE: 1n,
  FOWNER: 3n,
  SETGID: 6n,
  SETUID: 7n,
};

/** A capability set as /proc/self/status prints it: 16 hex digits. */
function capabilityMask(names: readonly string[]): string {
  let mask = 0n;
  for (const name of names) {
    const bit = CAPABILITY_BITS[name];
    if (bit === undefined) throw new Error(`no bit known for ${name}`);
    mask |= 1n << bit;
  }
  return mask.toString(16).padStart(16, '0');
}

/** `grep Cap /proc/.../status` as { CapInh, CapPrm, CapEff, CapBnd, CapAmb }. */
function capabilitySets(output: string): Record<string, string> {
  return Object.fromEntries(
    output
      .split(/\r?\n/)
      .filter((line) => line.startsWith('Cap'))
      .map((line) => line.split(/:\s+/) as [string, string]),
  );
}

const ROOT_SHELL = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER'];
/** Each catalogue image's set, as docs/sandbox-policy.md gives it. */
const IMAGE_SETS: Readonly<Record<string, readonly string[]>> = {
  busybox: ROOT_SHELL,
  debian: ROOT_SHELL,
  nginx: ['SETGID', 'SETUID'],
  redis: ['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID'],
};

/** What a process of `image` may hold: its set when root, none as another user; never more than the set. */
function expectHeldTo(output: string, image: string, root: boolean, what: string): void {
  const set = capabilityMask(IMAGE_SETS[image] ?? []);
  expect(capabilitySets(output), what).toEqual({
    CapInh: '0000000000000000',
    CapPrm: root ? set : '0000000000000000',
    CapEff: root ? set : '0000000000000000',
    CapBnd: set,
    CapAmb: '0000000000000000',
  });
}

describe('a hostile learner asking for more capabilities through images', () => {
  let lab: Lab;
  let alice: LabClient;
  /** Each catalogue image's full ID on the engine (without `sha256:`), and its parent's. */
  const ids = new Map<string, string>();
  const parents = new Map<string, string>();

  beforeAll(async () => {
    lab = await startLab();
    alice = await lab.fixture.connect();
    for (const image of Object.keys(IMAGE_SETS)) {
      const inspect = (await lab.fixture.services.containers.inspectImage(image)) as {
        Id: string;
        Parent: string;
      };
      ids.set(image, inspect.Id.replace(/^sha256:/, ''));
      parents.set(image, inspect.Parent.replace(/^sha256:/, ''));
    }
  });
  afterAll(() => lab.fixture.stop());

  /** `{ID}`, `{ID12}` and `{PARENT12}` of `image` filled in. */
  const reference = (spelling: string, image: string) =>
    spelling
      .replace('{ID}', ids.get(image) ?? '')
      .replace('{ID12}', ids.get(image)?.slice(0, 12) ?? '')
      .replace('{PARENT12}', parents.get(image)?.slice(0, 12) ?? '');

  it.each([
    [
      'busybox',
      ['busybox', 'busybox:latest', 'docker.io/library/busybox', '{ID12}', 'sha256:{ID12}', '{ID}'],
    ],
    ['debian', ['debian:12', 'debian:bookworm', 'library/debian:latest', '{ID12}']],
    ['nginx', ['nginx', 'nginx:1.22', 'docker.io/library/nginx:latest', '{ID12}', 'sha256:{ID}']],
    ['redis', ['redis', 'redis:7.0', 'index.docker.io/library/redis', '{ID12}']],
  ])('holds %s to its set by every name of it', async (image, spellings) => {
    for (const spelling of spellings) {
      const named = reference(spelling, image);
      const result = await alice.run(`docker run --rm ${named} grep Cap /proc/self/status`);
      expect(result.exitCode, named).toBe(0);
      expectHeldTo(result.output, image, true, `docker run ${named}`);
    }
    await expectNothingAffected(lab);
  });

  it.each(Object.keys(IMAGE_SETS))(
    'holds %s to its set whatever entrypoint, user, directory or environment is asked for',
    async (image) => {
      for (const [flags, root] of [
        ['--entrypoint grep', true],
        ['--entrypoint /bin/grep -u 0', true],
        ['-u root', true],
        ['-u 0:0 -w / -e CAP_ADD=ALL', true],
        ['--init', true],
        ['-u 1000', false],
      ] as const) {
        const command = flags.includes('--entrypoint')
          ? 'Cap /proc/self/status'
          : 'grep Cap /proc/self/status';
        const result = await alice.run(`docker run --rm ${flags} ${image} ${command}`);
        expect(result.exitCode, `${flags} ${image}`).toBe(0);
        expectHeldTo(result.output, image, root, `docker run ${flags} ${image}`);
      }
      await expectNothingAffected(lab);
    },
  );

  it('gives a tag of another image, or an image the lab does not offer, nothing to run', async () => {
    const unable = (wanted: string) =>
      `Unable to find image '${wanted}' locally\ndocker: Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host\nvolume-lab: this lab has the images busybox, debian, nginx and redis (docker images lists them)\n\nRun 'docker run --help' for more information\n`;
    const before = await ownContainers(lab, alice);
    for (const named of ['redis:1.22', 'nginx:7.0', 'busybox:bookworm', 'debian:7.0']) {
      expect(await alice.run(`docker run --rm ${named} grep Cap /proc/self/status`), named).toEqual({
        output: unable(named),
        exitCode: 125,
      });
    }
    // The images the lab's images were committed from are on the engine, but not the lab's to run.
    const parent = reference('{PARENT12}', 'redis');
    expect(await alice.run(`docker run --rm ${parent} grep Cap /proc/self/status`)).toEqual({
      output: unable(`${parent}:latest`),
      exitCode: 125,
    });
    expect(await ownContainers(lab, alice)).toHaveLength(before.length);
    await expectNothingAffected(lab);
  });

  it.each(Object.keys(IMAGE_SETS))(
    'gives docker exec in a %s container no more than the container',
    async (image) => {
      // nginx and redis run their own programs, as their entrypoints start them.
      const command = image === 'nginx' || image === 'redis' ? '' : 'sleep 300';
      expect((await alice.run(`docker run -d --name cap-${image} ${image} ${command}`)).exitCode).toBe(0);
      try {
        for (const [flags, root] of [
          ['', true],
          ['-u 0', true],
          ['-u root', true],
          ['-u 0:0 -w / -e X=1', true],
          ['-u 1000', false],
        ] as const) {
          const result = await alice.run(`docker exec ${flags} cap-${image} grep Cap /proc/self/status`);
          expect(result.exitCode, `exec ${flags}`).toBe(0);
          expectHeldTo(result.output, image, root, `docker exec ${flags} cap-${image}`);
        }
        expect(await alice.run(`docker exec --privileged cap-${image} true`)).toEqual({
          output:
            'volume-lab: --privileged is not available in this sandbox: it gives the process control of the host\n',
          exitCode: 1,
        });
        if (image === 'redis') {
          // redis-server itself runs as redis, as gosu left it: none at all.
          const server = await alice.run(`docker exec cap-${image} grep Cap /proc/1/status`);
          expectHeldTo(server.output, image, false, 'redis-server');
        }
        await expectNothingAffected(lab);
      } finally {
        await alice.run(`docker rm -f cap-${image}`);
      }
    },
  );

  it('keeps nginx and redis to every limit: memory, processes, CPU, no network, no new privileges', async () => {
    expect((await alice.run('docker run -d --name lim-nginx nginx')).exitCode).toBe(0);
    expect((await alice.run('docker run -d --name lim-redis redis')).exitCode).toBe(0);
    try {
      const { limits } = lab.fixture.services;
      for (const name of ['lim-nginx', 'lim-redis']) {
        const seen = await alice.run(
          `docker exec ${name} sh -c 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes; cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max; cut -d" " -f1 /sys/fs/cgroup/cpu.max 2>/dev/null || cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us; grep NoNewPrivs /proc/self/status; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " "'`,
        );
        expect(seen, name).toEqual({
          output: `${limits.memoryBytes}\n${limits.pids}\n${limits.nanoCpus / 10_000}\nNoNewPrivs:\t1\nlo\n`,
          exitCode: 0,
        });
      }
      // Both programs are up within those limits.
      expect(await alice.run('docker exec lim-redis redis-cli ping')).toEqual({
        output: 'PONG\n',
        exitCode: 0,
      });
      expect((await alice.run('docker exec lim-nginx curl -s localhost')).output).toContain(
        'Welcome to nginx!',
      );
      await expectNothingAffected(lab);
    } finally {
      await alice.run('docker rm -f -v lim-nginx lim-redis');
    }
  });

  it('keeps nginx and redis read-only where asked, their volumes writable as docker keeps them', async () => {
    expect(await alice.run('docker run --rm --read-only nginx touch /usr/share/nginx/html/x')).toEqual({
      output: "touch: cannot touch '/usr/share/nginx/html/x': Read-only file system\n",
      exitCode: 1,
    });
    expect(
      await alice.run(
        "docker run --rm --read-only redis sh -c 'touch /etc/x; touch /data/ok && echo volume'",
      ),
    ).toEqual({ output: "touch: cannot touch '/etc/x': Read-only file system\nvolume\n", exitCode: 0 });
    await expectNothingAffected(lab);
  });
});

// =============================================================================================

describe('a hostile learner against the container and volume quotas', () => {
  let lab: Lab;
  let alice: LabClient;
  const limits = { maxContainers: 4, maxRunning: 2, maxVolumes: 3 };
  const runningMessage =
    'volume-lab: 2 of your containers are running, the most this sandbox allows at once; stop one with docker stop\n';
  const volumesMessage =
    'volume-lab: this would give you more than 3 volumes, the most this sandbox allows; remove some with docker volume rm\n';

  beforeAll(async () => {
    lab = await startLab({ limits });
    alice = await lab.fixture.connect();
  });
  afterAll(() => lab.fixture.stop());

  /** Removes everything Alice made, as she would. */
  async function reset(): Promise<void> {
    const label = [`${SESSION_LABEL}=${sessionIdFromToken(alice.session)}`];
    for (const c of await lab.fixture.services.containers.list({ label }, { all: true })) {
      await lab.fixture.services.containers.remove(c.Id, { force: true, volumes: true }).catch(() => {});
    }
    for (const v of await lab.fixture.engine.listVolumes({ label })) {
      await lab.fixture.engine.removeVolume(v.Name, true).catch(() => {});
    }
  }

  it('refuses a run past the running quota', async () => {
    try {
      expect((await alice.run('docker run -d --name s1 busybox sleep 300')).exitCode).toBe(0);
      expect((await alice.run('docker run -d --name s2 busybox sleep 300')).exitCode).toBe(0);
      expect(await alice.run('docker run -d --name s3 busybox sleep 300')).toEqual({
        output: runningMessage,
        exitCode: 125,
      });
      expect(await ownContainers(lab, alice, true)).toHaveLength(2);
      await expectNothingAffected(lab);
    } finally {
      await reset();
    }
  });

  it('refuses a run past the container quota', async () => {
    try {
      for (let i = 1; i <= 4; i++)
        expect((await alice.run(`docker run --name c${i} busybox true`)).exitCode).toBe(0);
      expect(await alice.run('docker run --name c5 busybox true')).toEqual({
        output:
          'volume-lab: you have 4 containers, the most this sandbox allows; remove some with docker rm (docker container prune removes every stopped one)\n',
        exitCode: 125,
      });
      expect(await ownContainers(lab, alice)).toHaveLength(4);
      await expectNothingAffected(lab);
    } finally {
      await reset();
    }
  });

  it('refuses a run that would pass the volume quota, named or anonymous, and makes none of them', async () => {
    try {
      for (const mounts of ['-v v1:/a -v v2:/b -v v3:/c -v v4:/d', '-v /a -v /b -v /c -v /d']) {
        expect(await alice.run(`docker run --rm ${mounts} busybox true`)).toEqual({
          output: volumesMessage,
          exitCode: 125,
        });
      }
      expect(await ownVolumes(lab, alice)).toHaveLength(0);
      await expectNothingAffected(lab);
    } finally {
      await reset();
    }
  });

  it("counts an image VOLUME's anonymous volume against the volume quota, the session's and labelled", async () => {
    try {
      for (const name of ['iv1', 'iv2', 'iv3'])
        expect((await alice.run(`docker volume create ${name}`)).exitCode).toBe(0);
      // redis declares VOLUME /data: a run without -v would make a fourth volume.
      expect(await alice.run('docker run -d --name vol-redis redis')).toEqual({
        output: volumesMessage,
        exitCode: 125,
      });
      expect(await ownVolumes(lab, alice)).toHaveLength(3);
      // Mounting one of the session's own over /data makes none, so it runs.
      expect((await alice.run('docker run -d --name vol-redis -v iv1:/data redis')).exitCode).toBe(0);
      expect((await alice.run('docker rm -f vol-redis')).exitCode).toBe(0);
      expect((await alice.run('docker volume rm iv3')).exitCode).toBe(0);
      expect((await alice.run('docker run -d --name vol-redis redis')).exitCode).toBe(0);
      const aliceId = sessionIdFromToken(alice.session);
      const [anonymous] = (await ownVolumes(lab, alice)).filter((volume) => HEX64.test(volume.Name));
      if (!anonymous) throw new Error('no anonymous volume of the session');
      expect(anonymous.Labels?.[SESSION_LABEL]).toBe(aliceId);
      expect(anonymous.Labels?.[INSTANCE_LABEL]).toBe(TEST_INSTANCE);
      const mounted = await inspectJson(lab.fixture, await engineIdOf(lab, alice, 'vol-redis'));
      expect(mounted?.Mounts.map((mount) => [mount.Name, mount.Destination])).toEqual([
        [anonymous.Name, '/data'],
      ]);
      // The learner sees it as docker shows it: theirs, listed, and in no other session's list.
      expect((await alice.run('docker volume ls -q')).output.split('\n').filter(Boolean).sort()).toEqual(
        [anonymous.Name, 'iv1', 'iv2'].sort(),
      );
      expect(await victimRun(lab.victim, 'docker volume ls -q')).toEqual({ output: 'secret\n', exitCode: 0 });
      expect(await alice.run('docker volume create iv4')).toEqual({ output: volumesMessage, exitCode: 1 });
      await expectNothingAffected(lab);
      // And it goes with the session.
      await lab.fixture.lab.manager.endSession(aliceId, 'idle');
      await expect
        .poll(
          async () =>
            (await lab.fixture.engine.inspectVolume(anonymous.Name).catch(() => undefined)) === undefined,
          { timeout: 10_000 },
        )
        .toBe(true);
      alice = await lab.fixture.connect();
    } finally {
      await reset();
    }
  });

  it('refuses docker volume create past the volume quota', async () => {
    try {
      for (let i = 1; i <= 3; i++) expect((await alice.run(`docker volume create q${i}`)).exitCode).toBe(0);
      const fourth = await alice.run('docker volume create q4');
      expect((await ownVolumes(lab, alice)).length).toBeLessThanOrEqual(3);
      expect(fourth).toEqual({ output: volumesMessage, exitCode: 1 });
      await expectNothingAffected(lab);
    } finally {
      await reset();
    }
  });

  it('refuses docker start of a stopped container past the running quota', async () => {
    try {
      await alice.run('docker run -d --name s1 busybox sleep 300');
      await alice.run('docker run -d --name s2 busybox sleep 300');
      expect(await alice.run('docker stop -t 0 s2')).toEqual({ output: 's2\n', exitCode: 0 });
      expect((await alice.run('docker run -d --name s3 busybox sleep 300')).exitCode).toBe(0);
      const started = await alice.run('docker start s2');
      expect(await ownContainers(lab, alice, true)).toHaveLength(2);
      expect(started.exitCode).toBe(1);
      expect(started.output).toContain('the most this sandbox allows at once');
      await expectNothingAffected(lab);
    } finally {
      await reset();
    }
  });

  it('refuses docker restart of a stopped container past the running quota', async () => {
    try {
      await alice.run('docker run -d --name s1 busybox sleep 300');
      await alice.run('docker run -d --name s2 busybox sleep 300');
      expect(await alice.run('docker stop -t 0 s2')).toEqual({ output: 's2\n', exitCode: 0 });
      expect((await alice.run('docker run -d --name s3 busybox sleep 300')).exitCode).toBe(0);
      const restarted = await alice.run('docker restart -t 0 s2');
      expect(await ownContainers(lab, alice, true)).toHaveLength(2);
      expect(restarted.exitCode).toBe(1);
      expect(restarted.output).toContain('the most this sandbox allows at once');
      await expectNothingAffected(lab);
    } finally {
      await reset();
    }
  });

  it('holds the quotas when five terminals of one session run at the same moment', async () => {
    const terminals = [alice];
    for (let i = 0; i < 4; i++) terminals.push(await lab.fixture.connect({ session: alice.session }));
    try {
      const results = await Promise.all(
        terminals.map((t, i) => t.run(`docker run -d --name r${i} -v rv${i}:/d busybox sleep 300`)),
      );
      const refused = results.filter((r) => r.exitCode !== 0);
      expect(await ownContainers(lab, alice, true), 'running containers').toHaveLength(2);
      expect((await ownVolumes(lab, alice)).length, 'volumes').toBeLessThanOrEqual(3);
      expect(refused.length).toBe(3);
      await expectNothingAffected(lab);
    } finally {
      await Promise.all(terminals.slice(1).map((t) => t.close()));
      await reset();
    }
  });

  it('runs a burst of 50 run frames one at a time, so a single terminal stays within the quota', async () => {
    try {
      const codes: number[] = [];
      const all = new Promise<void>((resolve) => {
        const onMessage = (data: { toString(): string }) => {
          const message = JSON.parse(data.toString()) as { type: string; exitCode?: number };
          if (message.type !== 'done') return;
          codes.push(message.exitCode ?? -1);
          if (codes.length === 50) {
            alice.ws.off('message', onMessage);
            resolve();
          }
        };
        alice.ws.on('message', onMessage);
      });
      for (let i = 0; i < 50; i++) alice.send({ type: 'run', command: 'docker run -d busybox sleep 300' });
      await Promise.race([all, sleep(30_000)]);
      expect(codes.filter((code) => code === 0)).toHaveLength(2);
      expect(codes.filter((code) => code === 125)).toHaveLength(48);
      expect(await ownContainers(lab, alice, true)).toHaveLength(2);
      await expectNothingAffected(lab);
    } finally {
      await reset();
    }
  });
});

// =============================================================================================

// The sampled quota guards engines whose storage cannot enforce the quota (another filesystem or
// host); the enforced one has its own suite, storage-quota.test.ts.
describe('a hostile learner against the sampled data quota, on an engine that cannot enforce it', () => {
  let lab: Lab;
  let alice: LabClient;
  const notice =
    /volume-lab: your sandbox holds (\d+) MiB, more than the 8 MiB it may keep, so its containers were stopped\. Remove some data \(docker volume rm, docker rm\) to go on\./;

  beforeAll(async () => {
    lab = await startLab({
      limits: { dataBytes: 8 * MIB },
      quotaIntervalMs: 300,
      server: {
        storages: new Map([['local', unenforcedStorage('this test plays an engine off the btrfs store')]]),
      },
    });
    alice = await lab.fixture.connect();
  });
  afterAll(() => lab.fixture.stop());

  it('stops containers that fill a volume past the quota, says so, and refuses new runs', async () => {
    const told = alice.waitForOutput('volume-lab: your sandbox holds', 20_000);
    const started = await alice.run(
      `docker run -d --name filler -v fill:/data busybox sh -c 'dd if=/dev/zero of=/data/f bs=1M count=20; sleep 300'`,
    );
    expect(started.exitCode).toBe(0);
    await told;
    await sleep(100);
    expect(alice.transcript).toMatch(notice);
    const info = await inspectJson(lab.fixture, started.output.trim());
    expect(info?.State.Running).toBe(false);
    expect(info?.State.ExitCode).toBe(137);
    const refused = await alice.run('docker run --rm busybox true');
    expect(refused.exitCode).toBe(125);
    expect(refused.output).toMatch(
      /^volume-lab: your sandbox holds \d+ MiB, more than the 8 MiB it may keep; remove some data \(docker volume rm, docker rm\) first\n$/,
    );
    // The victim, well under the quota, was neither stopped nor told anything.
    expect(lab.victim.client.transcript).not.toContain('your sandbox holds');
    await expectNothingAffected(lab);
  });

  it('refuses docker start of a container while the sandbox is over the data quota', async () => {
    try {
      const started = await alice.run('docker start filler');
      const info = await inspectJson(lab.fixture, await engineIdOf(lab, alice, 'filler'));
      expect(started.exitCode).toBe(1);
      expect(started.output).toContain('more than the 8 MiB it may keep');
      expect(info?.State.Running).toBe(false);
    } finally {
      await alice.run('docker rm -f filler');
      await alice.run('docker volume rm fill');
    }
    // Once the data is gone, the sandbox works again.
    expect(await alice.run('docker run --rm busybox echo ok')).toMatchObject({ output: 'ok\n', exitCode: 0 });
    await expectNothingAffected(lab);
  });
});

// =============================================================================================

describe("an image VOLUME's anonymous volume after its server is gone", () => {
  it('is reaped with the session by the next server of the instance, and nothing of another instance is', async () => {
    const instance = `adv-${randomBytes(4).toString('hex')}`;
    const stateDir = mkdtempSync(join(tmpdir(), 'vl-adversarial-state-'));
    const first = await startLabFixture({ server: { instance, stateFile: join(stateDir, 'first.json') } });
    const other = await startLabFixture({ server: { instance: `${instance}-other` } });
    try {
      const learner = await first.connect();
      const bystander = await other.connect();
      expect((await learner.run('docker run -d --name left redis')).exitCode).toBe(0);
      expect((await bystander.run('docker run -d --name kept redis')).exitCode).toBe(0);
      const volumesOf = async (client: LabClient) =>
        (
          await first.engine.listVolumes({
            label: [`${SESSION_LABEL}=${sessionIdFromToken(client.session)}`],
          })
        )
          .map((volume) => volume.Name)
          .filter((name) => HEX64.test(name));
      const [left] = await volumesOf(learner);
      const kept = await volumesOf(bystander);
      expect(left).toBeDefined();
      expect(kept).toHaveLength(1);
      // The server goes away without ending its session (a crash keeps no state either).
      await learner.close();
      await first.lab.close();
      const second = await startLabFixture({
        server: { instance, stateFile: join(stateDir, 'second.json'), reapMs: 60_000 },
      });
      try {
        await expect
          .poll(
            async () => (await first.engine.inspectVolume(left ?? '').catch(() => undefined)) === undefined,
            {
              timeout: 15_000,
            },
          )
          .toBe(true);
        expect(await volumesOf(bystander)).toEqual(kept);
        expect((await bystander.run('docker exec kept redis-cli ping')).output).toBe('PONG\n');
        expectHostUnchanged();
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop().catch(() => {});
      await other.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
