import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import Dockerode from 'dockerode';
import { extract, type Header, type Pack } from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BUILD_CONTAINER_PREFIX,
  createRootfsTar,
  ensureLabImage,
  LabImageError,
} from '../../server/docker/lab-image.ts';

const docker = new Dockerode();
const suffix = randomBytes(4).toString('hex');
const testImage = `volume-lab-test/busybox:${suffix}`;

// Everything this file creates on the shared engine, so cleanup touches nothing else.
const createdContainers: Dockerode.Container[] = [];
const createdVolumes: string[] = [];

afterAll(async () => {
  for (const container of createdContainers) await container.remove({ force: true }).catch(() => {});
  for (const name of createdVolumes)
    await docker
      .getVolume(name)
      .remove()
      .catch(() => {});
  await docker
    .getImage(testImage)
    .remove()
    .catch(() => {});
});

interface TarEntry {
  header: Header;
  body: Buffer;
}

async function listTar(source: Pack): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  const reader = extract();
  source.pipe(reader);
  for await (const entry of reader) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    entries.push({ header: entry.header, body: Buffer.concat(chunks) });
  }
  return entries;
}

/** Joins the payloads of a non-tty log buffer (8-byte frame header: stream, 3 zero bytes, BE32 size). */
function demux(log: Buffer): string {
  const parts: Buffer[] = [];
  for (let at = 0; at + 8 <= log.length; ) {
    const size = log.readUInt32BE(at + 4);
    parts.push(log.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Runs `cmd` to completion in a fresh container and returns its exit code and output. */
async function run(
  cmd: string[] | undefined,
  binds: string[] = [],
): Promise<{ code: number; output: string; container: Dockerode.Container }> {
  const container = await docker.createContainer({
    Image: testImage,
    ...(cmd ? { Cmd: cmd } : {}),
    // No tty: an interactive sh on a tty would wait for input forever instead of exiting on EOF.
    Tty: false,
    HostConfig: { Binds: binds, NetworkMode: 'none' },
    Labels: { 'volume-lab.test': 'lab-image' },
  });
  createdContainers.push(container);
  await container.start();
  const exit = (await container.wait()) as { StatusCode: number };
  const output = demux(await container.logs({ stdout: true, stderr: true }));
  return { code: exit.StatusCode, output, container };
}

describe('createRootfsTar', () => {
  it('lays out a busybox rootfs like the official image', async () => {
    const fakeBusybox = Buffer.from('\x7fELF pretend busybox');
    const entries = await listTar(createRootfsTar(fakeBusybox));
    const byName = new Map(entries.map((entry) => [entry.header.name.replace(/\/$/, ''), entry]));

    for (const dir of ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'sys', 'tmp', 'var']) {
      expect(byName.get(dir)?.header.type, dir).toBe('directory');
    }
    expect(byName.has('data')).toBe(false);
    expect(byName.get('tmp')?.header.mode).toBe(0o1777);

    const busybox = byName.get('bin/busybox');
    expect(busybox?.header.type).toBe('file');
    expect(busybox?.header.mode).toBe(0o755);
    expect(busybox?.body.equals(fakeBusybox)).toBe(true);

    expect(byName.get('bin/sh')?.header).toMatchObject({ type: 'symlink', linkname: 'busybox' });
    expect(byName.get('etc/passwd')?.body.toString()).toMatch(/^root:x:0:0:root:\/root:\/bin\/sh$/m);
    expect(byName.get('etc/passwd')?.body.toString()).toMatch(/^nobody:x:65534:65534:/m);
    expect(byName.get('etc/group')?.body.toString()).toMatch(/^nogroup:x:65534:$/m);
    for (const entry of entries) expect(entry.header).toMatchObject({ uid: 0, gid: 0 });
  });
});

describe('ensureLabImage against the real engine', () => {
  it('builds the image from /bin/busybox when no registry is reachable', async () => {
    const lines: string[] = [];
    const result = await ensureLabImage(docker, { image: testImage, onProgress: (line) => lines.push(line) });

    expect(result).toMatchObject({ image: testImage, source: 'imported' });
    expect(lines[0]).toBe(`lab image ${testImage}: not found locally`);
    expect(lines).toContain(`lab image ${testImage}: pulling...`);
    expect(lines.some((line) => /building from \/(usr\/)?bin\/busybox$/.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(/ready in \d+\.\d s/);
    console.info(`import path: ${result.ms} ms`);

    const info = await docker.getImage(testImage).inspect();
    expect(info.Config.Cmd).toEqual(['sh']);
    // Every learner container would show the image's labels.
    expect(info.Config.Labels ?? {}).toEqual({});

    // Neither the throwaway container nor the intermediate tag may outlive the build.
    const leftovers = await docker.listContainers({
      all: true,
      filters: { name: [BUILD_CONTAINER_PREFIX] },
    });
    expect(leftovers).toEqual([]);
    const tags = (await docker.listImages()).flatMap((image) => image.RepoTags ?? []);
    expect(tags.filter((tag) => tag.includes('volume-lab-import-'))).toEqual([]);
  });

  it('runs sh by default and has the applets the course uses', async () => {
    const byDefault = await run(undefined);
    const inspected = await byDefault.container.inspect();
    expect(inspected.Config.Cmd).toEqual(['sh']);
    expect(inspected.Path).toBe('sh');
    expect(byDefault.code).toBe(0);

    const ls = await run(['ls', '/bin']);
    expect(ls.code).toBe(0);
    const applets = ls.output.split(/\s+/);
    for (const applet of ['busybox', 'sh', 'ls', 'cat', 'echo', 'vi', 'top', 'tar', 'whoami', 'id']) {
      expect(applets, applet).toContain(applet);
    }

    const who = await run(['sh', '-c', 'whoami; id']);
    expect(who.code).toBe(0);
    expect(who.output).toMatch(/^root\nuid=0\(root\) gid=0\(root\)/);
  });

  it('shares a file through a named volume between two containers', async () => {
    const volume = `volume-lab-test-${suffix}`;
    await docker.createVolume({ Name: volume, Labels: { 'volume-lab.test': 'lab-image' } });
    createdVolumes.push(volume);

    const writer = await run(['sh', '-c', 'echo hi > /data/x'], [`${volume}:/data`]);
    expect(writer.code).toBe(0);
    const reader = await run(['cat', '/data/x'], [`${volume}:/data`]);
    expect(reader).toMatchObject({ code: 0, output: 'hi\n' });
  });

  it('reports an existing image as present without touching the registry', async () => {
    const lines: string[] = [];
    const result = await ensureLabImage(docker, { image: testImage, onProgress: (line) => lines.push(line) });
    expect(result.source).toBe('present');
    expect(result.ms).toBeLessThan(500);
    expect(lines.some((line) => line.includes('pulling'))).toBe(false);
    console.info(`present path: ${result.ms} ms`);
  });

  it('gives up on a registry that accepts connections but never answers', async () => {
    // A TCP listener that swallows requests: the engine would wait on it far longer than the lab may.
    const sockets = new Set<Socket>();
    const server: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');

    const started = performance.now();
    try {
      const attempt = ensureLabImage(docker, {
        // 127.0.0.0/8 is an insecure registry by default, so the engine dials it over plain HTTP.
        image: `127.0.0.1:${address.port}/volume-lab-test/hang:${suffix}`,
        pullTimeoutMs: 1000,
        busyboxPath: '/nonexistent/busybox',
      });
      await expect(attempt).rejects.toThrow(LabImageError);
      await expect(attempt).rejects.toThrow(/timed out after 1 s.*install busybox-static/);
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
