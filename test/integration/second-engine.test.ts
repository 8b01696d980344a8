/**
 * Engine 2 (scripts/second-engine.sh), the second real dockerd the engine-pool tests place sessions on,
 * reached the two ways a pool reaches engines: its unix socket, and TCP with TLS client certificates.
 * Engine 2 is shared with other tests, so this file removes only what it created (the lab image that
 * provisionImages may build there is left for them).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { finished } from 'node:stream/promises';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreateRequest, createContainerEngine } from '../../server/docker/containers.ts';
import { createEngine, type Engine } from '../../server/docker/engine.ts';
import { parseEngineList } from '../../server/docker/engine-address.ts';
import { resolveLabImages } from '../../server/images/catalogue.ts';
import { provisionImages } from '../../server/images/provision.ts';

const SOCKET = '/run/volume-lab-engine2.sock';
const TLS_HOST = '127.0.0.1';
const TLS_PORT = 2376;
const CLIENT_CERTS = '/etc/volume-lab/engine2-tls/client';
const IMAGE = 'busybox:latest';

/** Why engine 2 cannot be used here, or undefined when it runs. Its TCP listener is not
 * checked here: engine 2 running without it is a failure to report, not a reason to skip. */
async function unavailable(): Promise<string | undefined> {
  if (!existsSync(SOCKET)) return `${SOCKET} does not exist`;
  if (!existsSync(`${CLIENT_CERTS}/key.pem`)) return `no client certificate in ${CLIENT_CERTS}`;
  try {
    await ping(new Docker({ socketPath: SOCKET, host: undefined }), 5000);
  } catch (error) {
    return `${SOCKET} does not answer (${(error as Error).message})`;
  }
  return undefined;
}

const reason = await unavailable();
if (reason)
  console.warn(`second-engine tests skipped: ${reason}; start it with bash scripts/second-engine.sh start`);

const suffix = randomBytes(4).toString('hex');
const label = { 'volume-lab.test': `second-engine-${suffix}` };
// Everything this file creates, so cleanup touches nothing else on the shared engine.
const createdVolumes: string[] = [];
const createdContainers: string[] = [];

/** Clients for engine 2 through the pool's own parser, one per address. */
function connect() {
  const [overSocket, overTls] = parseEngineList(
    `engine2=unix://${SOCKET},engine2-tls=tcp://${TLS_HOST}:${TLS_PORT}?tls=${CLIENT_CERTS}`,
  );
  if (!overSocket || !overTls) throw new Error('the engine list should hold two engines');
  const tlsDocker = new Docker(overTls.options);
  return {
    tlsOptions: overTls.options,
    socketDocker: new Docker(overSocket.options),
    tlsDocker,
    socketEngine: createEngine(overSocket.options),
    tlsEngine: createEngine(tlsDocker),
  };
}

describe.skipIf(reason !== undefined)(`engine 2${reason ? ` (skipped: ${reason})` : ''}`, () => {
  // Connected in beforeAll: a skipped describe still runs its body, and where engine 2 never ran its
  // client certificates are missing too, which the parser would report instead of the skip.
  let socketDocker: Docker;
  let tlsDocker: Docker;
  let socketEngine: Engine;
  let tlsEngine: Engine;
  let tlsOptions: Docker.DockerOptions;
  beforeAll(() => {
    ({ socketDocker, tlsDocker, socketEngine, tlsEngine, tlsOptions } = connect());
  });

  afterAll(async () => {
    for (const id of createdContainers)
      await socketDocker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => {});
    for (const name of createdVolumes) await socketEngine.removeVolume(name, true).catch(() => {});
  });

  it('answers over the socket and over TLS as the same hardened daemon', async () => {
    const [socketInfo, tlsInfo] = (await Promise.all([socketDocker.info(), tlsDocker.info()])) as {
      ID: string;
      DockerRootDir: string;
    }[];
    expect(tlsInfo?.ID).toBe(socketInfo?.ID);
    expect(socketInfo?.DockerRootDir).toMatch(/^\/var\/lib\/volume-lab\/store\/engine2\//);
    expect(await socketEngine.usernsRemapped()).toBe(true);
    expect(await tlsEngine.usernsRemapped()).toBe(true);
    expect((await tlsEngine.version()).ApiVersion).toMatch(/^1\.\d+$/);
  });

  it('gets the lab image through provisionImages over TLS', async () => {
    const [result] = await provisionImages(tlsDocker, { images: resolveLabImages([IMAGE]) });
    expect(['present', 'pulled', 'built']).toContain(result?.source);
    await expect(socketDocker.getImage(IMAGE).inspect()).resolves.toMatchObject({ Os: 'linux' });
  });

  it('creates, sees and removes a labelled volume, over TLS and the socket alike', async () => {
    const name = `vl-test-engine2-${suffix}`;
    createdVolumes.push(name);
    const created = await tlsEngine.createVolume(name, label);
    expect(created).toMatchObject({ Name: name, Labels: label, Driver: 'local' });
    const filters = { label: [`volume-lab.test=${label['volume-lab.test']}`] };
    expect((await socketEngine.listVolumes(filters)).map((volume) => volume.Name)).toEqual([name]);
    await socketEngine.removeVolume(name, false);
    expect(await tlsEngine.listVolumes(filters)).toEqual([]);
  });

  it('runs a learner-shaped container (no network, limits) that writes to a volume, over TLS', async () => {
    await provisionImages(socketDocker, { images: resolveLabImages([IMAGE]) });
    const volume = `vl-test-engine2-data-${suffix}`;
    createdVolumes.push(volume);
    await tlsEngine.createVolume(volume, label);
    const containers = createContainerEngine(tlsDocker);
    const request: CreateRequest = {
      Image: IMAGE,
      Cmd: ['sh', '-c', 'echo kept > /data/file && cat /data/file && id -u'],
      Env: [],
      WorkingDir: '',
      User: '',
      Hostname: '',
      Labels: label,
      Tty: false,
      OpenStdin: false,
      StdinOnce: false,
      AttachStdin: false,
      AttachStdout: true,
      AttachStderr: true,
      NetworkDisabled: true,
      HostConfig: {
        NetworkMode: 'none',
        Privileged: false,
        Memory: 64 * 1024 * 1024,
        MemorySwap: 64 * 1024 * 1024,
        NanoCpus: 500_000_000,
        PidsLimit: 64,
        ShmSize: 16 * 1024 * 1024,
        SecurityOpt: ['no-new-privileges'],
        CapDrop: ['ALL'],
        CapAdd: [],
        LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } },
        RestartPolicy: { Name: 'no' },
        IpcMode: 'private',
        ReadonlyRootfs: false,
        Init: false,
        AutoRemove: false,
        Binds: [`${volume}:/data`],
        Mounts: [],
        Tmpfs: {},
        VolumesFrom: [],
      },
    };
    const id = await containers.create(`vl-test-engine2-${suffix}`, request);
    createdContainers.push(id);
    await containers.start(id);
    expect(await containers.wait(id)).toBe(0);
    const logs = await containers.logs(id, { follow: false, tail: 'all', timestamps: false });
    expect(await demuxedText(containers.demux.bind(containers), logs)).toBe('kept\n0\n');
    await containers.remove(id, { force: true, volumes: false });
    await tlsEngine.removeVolume(volume, false);
  });

  it('refuses a TLS client without a client certificate', async () => {
    const ca = await readFile(`${CLIENT_CERTS}/ca.pem`);
    const anonymous = new Docker({
      protocol: 'https',
      host: TLS_HOST,
      port: TLS_PORT,
      ca,
      socketPath: undefined,
    });
    await expect(ping(anonymous, 10_000)).rejects.toThrow(/certificate|handshake|socket hang up|ECONNRESET/i);
  });

  it('is refused by a client that does not trust its CA', async () => {
    const { ca: _ca, ...withoutCa } = tlsOptions;
    const untrusting = new Docker({ ...withoutCa, ca: undefined });
    await expect(ping(untrusting, 10_000)).rejects.toThrow(
      /self[- ]signed|unable to (get|verify)|certificate/i,
    );
  });

  it('answers plain HTTP on the TLS port with an error, never with the API', async () => {
    const plain = new Docker({ protocol: 'http', host: TLS_HOST, port: TLS_PORT, socketPath: undefined });
    await expect(plain.version()).rejects.toThrow(/HTTPS|400|bad request/i);
  });
});

/** The text of a multiplexed log stream, stdout and stderr together. */
async function demuxedText(
  demux: (stream: Readable, stdout: Writable, stderr: Writable) => void,
  stream: Readable,
): Promise<string> {
  const out = new PassThrough();
  const collected = text(out);
  demux(stream, out, out);
  // demuxStream never ends its outputs; the source's end is the end of the text.
  await finished(stream);
  out.end();
  return collected;
}

/** A ping that gives up after `ms`: dockerode 5 takes an abort signal there, @types/dockerode does not know it. */
function ping(docker: Docker, ms: number): Promise<unknown> {
  const withOptions = docker.ping as unknown as (
    this: Docker,
    options: { abortSignal: AbortSignal },
  ) => Promise<unknown>;
  return withOptions.call(docker, { abortSignal: AbortSignal.timeout(ms) });
}
