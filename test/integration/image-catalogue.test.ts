/**
 * The image catalogue against the real engines: a recipe is built once (mmdebstrap into the cache),
 * imported wherever it is missing, left alone while unchanged and rebuilt when it changes; busybox is
 * still built from the host's static binary; and the images `npm run setup` built are all there.
 * Only a tiny test recipe is ever built here; the catalogue's own images come from setup.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { extract, type Header, type Pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labImages, loadConfig } from '../../server/config.ts';
import { BUILD_CONTAINER_PREFIX } from '../../server/docker/images.ts';
import { createRootfsTar } from '../../server/images/busybox-image.ts';
import { imageReferences, type LabImage } from '../../server/images/catalogue.ts';
import { LabImageError, provisionImages } from '../../server/images/provision.ts';
import { type DebianRecipe, recipeHash } from '../../server/images/recipe.ts';
import { BUILT_FROM_LABEL, RECIPE_LABEL } from '../../server/labels.ts';
import { demux } from './demux.ts';

const docker = new Dockerode();
const ENGINE2_SOCKET = '/run/volume-lab-engine2.sock';
const engine2 = existsSync(ENGINE2_SOCKET) ? new Dockerode({ socketPath: ENGINE2_SOCKET }) : undefined;
const suffix = randomBytes(4).toString('hex');
const TEST_LABEL = { 'volume-lab.test': 'image-catalogue' };

/** A recipe that builds in seconds: busybox-static unpacked (no installation), plus entries and a config. */
function tinyRecipe(marker: string): DebianRecipe {
  return {
    kind: 'debian-packages',
    name: `catalogue-test-${suffix}`,
    repository: `volume-lab-test/catalogue-${suffix}`,
    tags: ['latest', 'v1'],
    suite: 'bookworm',
    variant: 'extract',
    packages: ['busybox-static'],
    users: [],
    remove: ['/usr/share/doc'],
    entries: [
      { type: 'symlink', path: '/bin/sh', target: 'busybox' },
      { type: 'file', path: '/etc/marker', mode: 0o644, content: marker },
      { type: 'directory', path: '/data', mode: 0o750, uid: 999, gid: 999 },
    ],
    config: {
      Entrypoint: ['/bin/busybox'],
      Cmd: ['cat', '/etc/marker'],
      Env: ['PATH=/bin'],
      WorkingDir: '/data',
      Volumes: ['/data'],
      ExposedPorts: ['8080/tcp'],
      StopSignal: 'SIGQUIT',
      Labels: { 'org.example.flavour': 'tiny' },
    },
    capabilities: [],
  };
}

let cacheDir = '';
const testRepositories = [`volume-lab-test/catalogue-${suffix}`, `volume-lab-test/busybox-${suffix}`];
const createdContainers: Dockerode.Container[] = [];
const createdVolumes: string[] = [];

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'volume-lab-image-cache-'));
});

async function removeCreatedContainers(): Promise<void> {
  for (const container of createdContainers.splice(0)) {
    await container.remove({ force: true, v: true }).catch(() => {});
  }
}

afterAll(async () => {
  await removeCreatedContainers();
  for (const name of createdVolumes)
    await docker
      .getVolume(name)
      .remove()
      .catch(() => {});
  for (const engine of [docker, engine2]) {
    if (!engine) continue;
    for (const image of await engine.listImages()) {
      if ((image.RepoTags ?? []).some((tag) => testRepositories.some((repo) => tag.startsWith(`${repo}:`)))) {
        await engine
          .getImage(image.Id)
          .remove({ force: true })
          .catch(() => {});
      }
    }
  }
  await rm(cacheDir, { recursive: true, force: true });
});

const recipeImage = (recipe: DebianRecipe): LabImage => ({ source: 'recipe', recipe });

async function provision(engine: Dockerode, image: LabImage, extra: { busyboxPath?: string } = {}) {
  const lines: string[] = [];
  const [result] = await provisionImages(engine, {
    images: [image],
    cacheDir,
    onProgress: (line) => lines.push(line),
    ...extra,
  });
  if (!result) throw new Error('no result');
  return { result, lines };
}

/** Runs an image to completion (no network, a test label) and returns its exit code and output. */
async function run(image: string, cmd?: string[], binds: string[] = []) {
  const container = await docker.createContainer({
    Image: image,
    ...(cmd ? { Cmd: cmd } : {}),
    Tty: false,
    HostConfig: { Binds: binds, NetworkMode: 'none' },
    Labels: TEST_LABEL,
  });
  createdContainers.push(container);
  await container.start();
  const exit = (await container.wait()) as { StatusCode: number };
  const output = demux(await container.logs({ stdout: true, stderr: true }));
  return { code: exit.StatusCode, output, container };
}

async function leftovers(engine: Dockerode): Promise<{ containers: unknown[]; tags: string[] }> {
  const containers = await engine.listContainers({ all: true, filters: { name: [BUILD_CONTAINER_PREFIX] } });
  const tags = (await engine.listImages()).flatMap((image) => image.RepoTags ?? []);
  return { containers, tags: tags.filter((tag) => tag.includes('volume-lab-import-')) };
}

describe('a recipe built from Debian packages', () => {
  const first = tinyRecipe('first\n');
  const reference = `${first.repository}:latest`;

  it('is built once into the cache, imported with its config and all its tags, in one progress line', async () => {
    const { result, lines } = await provision(docker, recipeImage(first));
    expect(result).toMatchObject({ source: 'built', references: [reference, `${first.repository}:v1`] });
    expect(result.buildMs).toBeGreaterThan(0);
    expect(result.importMs).toBeGreaterThan(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/no registry reachable; building .* from Debian bookworm packages/);
    console.info(`tiny recipe: build ${result.buildMs} ms, import ${result.importMs} ms`);

    const hash = recipeHash(first);
    expect(await readdir(cacheDir)).toEqual([`${first.name}-${hash}.tar`]);
    const latest = await docker.getImage(reference).inspect();
    const v1 = await docker.getImage(`${first.repository}:v1`).inspect();
    expect(v1.Id).toBe(latest.Id);
    expect(latest.Config).toMatchObject({
      Entrypoint: ['/bin/busybox'],
      Cmd: ['cat', '/etc/marker'],
      Env: ['PATH=/bin'],
      WorkingDir: '/data',
      Volumes: { '/data': {} },
      ExposedPorts: { '8080/tcp': {} },
      StopSignal: 'SIGQUIT',
      Labels: { 'org.example.flavour': 'tiny', [BUILT_FROM_LABEL]: 'debian-packages', [RECIPE_LABEL]: hash },
    });
    expect(await leftovers(docker)).toEqual({ containers: [], tags: [] });
  });

  it('runs with its entries laid over the packages, ownership included', async () => {
    const { code, output } = await run(reference);
    expect({ code, output }).toEqual({ code: 0, output: 'first\n' });
    const listing = await run(reference, ['sh', '-c', 'stat -c "%u:%g %a" /data; ls /usr/share/doc']);
    expect(listing.output).toBe('999:999 750\nls: /usr/share/doc: No such file or directory\n');
  });

  it('is left alone while its recipe is unchanged: no build, no import, no line', async () => {
    const before = await docker.getImage(reference).inspect();
    const { result, lines } = await provision(docker, recipeImage(first));
    expect(result.source).toBe('present');
    expect(lines).toEqual([]);
    expect((await docker.getImage(reference).inspect()).Id).toBe(before.Id);
  });

  it('is only imported from the cache where the image is missing, on this engine or another one', async () => {
    const engines = engine2 ? [engine2, docker] : [docker];
    // Forced: the containers of the test above keep the image itself, only its tags go.
    await docker.getImage(reference).remove({ force: true });
    await docker.getImage(`${first.repository}:v1`).remove({ force: true });
    for (const engine of engines) {
      const { result, lines } = await provision(engine, recipeImage(first));
      expect(result.source).toBe('imported');
      expect(result.buildMs).toBeUndefined();
      expect(lines).toEqual([
        `image ${first.name}: no registry reachable; importing ${reference}, ${first.repository}:v1 from ${join(cacheDir, `${first.name}-${recipeHash(first)}.tar`)}`,
      ]);
      console.info(`tiny recipe: import only ${result.importMs} ms`);
    }
    if (!engine2) console.info('no second engine on this host: imported on the first engine only');
  });

  it('is rebuilt when its recipe changes, replacing the image the old recipe made', async () => {
    // An image a container still uses is kept (the engine refuses to remove it), so none may here.
    await removeCreatedContainers();
    const old = await docker.getImage(reference).inspect();
    const second = tinyRecipe('second\n');
    expect(recipeHash(second)).not.toBe(recipeHash(first));
    const { result, lines } = await provision(docker, recipeImage(second));
    expect(result.source).toBe('built');
    expect(lines).toEqual([expect.stringMatching(/: its recipe changed; building /)]);
    expect((await run(reference)).output).toBe('second\n');
    await expect(docker.getImage(old.Id).inspect()).rejects.toMatchObject({ statusCode: 404 });
    // The old recipe's root filesystem goes from the cache with it.
    expect(await readdir(cacheDir)).toEqual([`${first.name}-${recipeHash(second)}.tar`]);
  });

  it('says in one line why it cannot be built', async () => {
    const broken = {
      ...tinyRecipe('broken\n'),
      name: `broken-${suffix}`,
      packages: ['no-such-package-volume-lab'],
    };
    const attempt = provision(docker, recipeImage(broken));
    await expect(attempt).rejects.toThrow(LabImageError);
    await expect(attempt).rejects.toThrow(
      /^image broken-\w+: building from Debian packages failed: mmdebstrap failed: /,
    );
    // Nothing half-built is left for the next attempt to mistake for a finished one.
    expect(
      (await readdir(cacheDir)).filter((name) => name.startsWith('broken') || name.startsWith('.build')),
    ).toEqual([]);
  });
});

describe('the catalogue on this engine', () => {
  it('has every image of the default LAB_IMAGES, under every tag, built from the current recipes', async () => {
    const images = labImages(loadConfig({}));
    expect(images.flatMap(imageReferences)).toEqual([
      'busybox:latest',
      'debian:latest',
      'debian:bookworm',
      'debian:12',
      'nginx:latest',
      'nginx:1.22',
      'redis:latest',
      'redis:7.0',
    ]);
    const results = await provisionImages(docker, { images });
    // `npm run setup` built them; a test never builds the catalogue's own images.
    expect(results.map((result) => result.source)).toEqual(['present', 'present', 'present', 'present']);
    for (const image of images) {
      if (image.source !== 'recipe' || image.recipe.kind !== 'debian-packages') continue;
      const info = await docker.getImage(imageReferences(image)[0] ?? '').inspect();
      expect(info.Config.Labels).toMatchObject({
        [BUILT_FROM_LABEL]: 'debian-packages',
        [RECIPE_LABEL]: recipeHash(image.recipe),
      });
    }
  });

  it('names the images a registry must provide, and fails in one line when none does', async () => {
    const attempt = provisionImages(docker, {
      images: [{ source: 'registry', repository: `volume-lab-test/absent-${suffix}`, tag: 'latest' }],
    });
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `^image volume-lab-test/absent-${suffix}:latest: not on this engine and cannot be pulled \\(.+\\); only catalogue images can be built here`,
      ),
    );
  });
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

describe('busybox, built as before from the host static binary', () => {
  const busybox: LabImage = {
    source: 'recipe',
    recipe: {
      kind: 'static-busybox',
      name: 'busybox',
      repository: `volume-lab-test/busybox-${suffix}`,
      tags: ['latest'],
      capabilities: [],
    },
  };
  const image = `volume-lab-test/busybox-${suffix}:latest`;

  it('lays out a busybox rootfs like the official image', async () => {
    const fakeBusybox = Buffer.from('\x7fELF pretend busybox');
    const entries = await listTar(createRootfsTar(fakeBusybox));
    const byName = new Map(entries.map((entry) => [entry.header.name.replace(/\/$/, ''), entry]));
    for (const dir of ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'sys', 'tmp', 'var']) {
      expect(byName.get(dir)?.header.type, dir).toBe('directory');
    }
    expect(byName.get('tmp')?.header.mode).toBe(0o1777);
    expect(byName.get('bin/busybox')?.body.equals(fakeBusybox)).toBe(true);
    expect(byName.get('bin/sh')?.header).toMatchObject({ type: 'symlink', linkname: 'busybox' });
    expect(byName.get('etc/passwd')?.body.toString()).toMatch(/^root:x:0:0:root:\/root:\/bin\/sh$/m);
    expect(byName.get('etc/group')?.body.toString()).toMatch(/^nogroup:x:65534:$/m);
    for (const entry of entries) expect(entry.header).toMatchObject({ uid: 0, gid: 0 });
  });

  it('is built from /bin/busybox when no registry is reachable, with no labels and no leftovers', async () => {
    const { result, lines } = await provision(docker, busybox);
    expect(result.source).toBe('built');
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^image busybox: no registry reachable; building ${image} from /(usr/)?bin/busybox$`),
      ),
    ]);
    console.info(`busybox build: ${result.buildMs} ms`);
    const info = await docker.getImage(image).inspect();
    expect(info.Config.Cmd).toEqual(['sh']);
    // Every learner container would show the image's labels.
    expect(info.Config.Labels ?? {}).toEqual({});
    expect(await leftovers(docker)).toEqual({ containers: [], tags: [] });
  });

  it('runs sh as root with the applets the course uses, and shares a file through a volume', async () => {
    const ls = await run(image, ['ls', '/bin']);
    for (const applet of [
      'busybox',
      'sh',
      'ls',
      'cat',
      'echo',
      'vi',
      'top',
      'tar',
      'whoami',
      'id',
      'chown',
    ]) {
      expect(ls.output.split(/\s+/), applet).toContain(applet);
    }
    expect((await run(image, ['sh', '-c', 'whoami; id'])).output).toMatch(
      /^root\nuid=0\(root\) gid=0\(root\)/,
    );

    const volume = `volume-lab-test-${suffix}`;
    await docker.createVolume({ Name: volume, Labels: TEST_LABEL });
    createdVolumes.push(volume);
    expect((await run(image, ['sh', '-c', 'echo hi > /data/x'], [`${volume}:/data`])).code).toBe(0);
    expect(await run(image, ['cat', '/data/x'], [`${volume}:/data`])).toMatchObject({
      code: 0,
      output: 'hi\n',
    });
  });

  it('is used as it is when present, without asking a registry', async () => {
    const { result, lines } = await provision(docker, busybox);
    expect(result.source).toBe('present');
    expect(result.ms).toBeLessThan(500);
    expect(lines).toEqual([]);
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
      const attempt = provisionImages(docker, {
        // 127.0.0.0/8 is an insecure registry by default, so the engine dials it over plain HTTP.
        images: [
          {
            ...busybox,
            recipe: { ...busybox.recipe, repository: `127.0.0.1:${address.port}/hang-${suffix}` },
          },
        ],
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
