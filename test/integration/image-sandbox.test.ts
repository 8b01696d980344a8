/**
 * SECURITY: the catalogue's images in the sandbox. Every container here is created straight through
 * dockerode with the request the lab's policy plans for the same `docker run` line (no network, the
 * memory, CPU and process limits, no-new-privileges, on the userns-remapped engine), plus CapDrop ALL
 * and exactly the CapAdd its recipe records. Each image does what a learner expects of it under that
 * set, and each capability of each set is shown to be needed: a case that works with the set fails
 * without that one capability. Memory is measured against the container limit.
 */
import { randomBytes } from 'node:crypto';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerRun } from '../../server/cli/container-commands.ts';
import { parseCommandArgs } from '../../server/cli/parse-args.ts';
import { loadConfig, sandboxLimits } from '../../server/config.ts';
import { CATALOGUE } from '../../server/images/catalogue.ts';
import type { Capability } from '../../server/images/recipe.ts';
import { catalogueRunImage } from '../../server/policy/images.ts';
import { isRefusal } from '../../server/policy/refusal.ts';
import { planRun } from '../../server/policy/run-policy.ts';
import { createNamespace } from '../../server/sandbox/namespace.ts';
import { tokenize } from '../../server/shell/tokenize.ts';
import { demux } from './demux.ts';

const docker = new Dockerode();
// An instance of its own: no lab server's reaper sweeps these objects; this file removes them itself.
const ns = createNamespace(randomBytes(6).toString('hex'), 'image-sandbox-test');
const limits = sandboxLimits(loadConfig({}));
const MIB = 1024 * 1024;

function capabilitiesOf(image: string): Capability[] {
  const recipe = CATALOGUE.find((candidate) => candidate.name === image);
  if (!recipe) throw new Error(`no recipe ${image}`);
  return recipe.capabilities.map((grant) => grant.name);
}
const without = (caps: readonly Capability[], dropped: Capability): Capability[] =>
  caps.filter((cap) => cap !== dropped);

const NGINX = capabilitiesOf('nginx');
const REDIS = capabilitiesOf('redis');
const DEBIAN = capabilitiesOf('debian');
const BUSYBOX = capabilitiesOf('busybox');

/** Learner container names to engine ids, as `--volumes-from` resolves them among a session's own. */
const own = new Map<string, string>();
const createdVolumes = new Set<string>();

beforeAll(async () => {
  // The images come from `npm run setup`; a test never builds them (minutes, and every engine's).
  for (const image of ['busybox', 'debian', 'nginx', 'redis']) {
    const found = await docker
      .getImage(image)
      .inspect()
      .catch(() => undefined);
    if (!found)
      throw new Error(`no ${image} image on this engine: run npm run setup (or npm run images) first`);
  }
});

afterAll(async () => {
  // v: the anonymous volumes the images' VOLUME lines made go with their containers.
  for (const id of own.values())
    await docker
      .getContainer(id)
      .remove({ force: true, v: true })
      .catch(() => {});
  for (const name of createdVolumes)
    await docker
      .getVolume(name)
      .remove()
      .catch(() => {});
});

/**
 * Creates and starts the container the lab would for `docker run …` (named `name`), with CapDrop
 * ALL and `capAdd`. Named volumes are created first with the session's labels, as the lab does.
 */
async function labRun(
  name: string,
  line: string,
  capAdd: readonly Capability[],
): Promise<Dockerode.Container> {
  const tokens = tokenize(line);
  if (!tokens.ok) throw new Error(tokens.reason);
  const parsed = parseCommandArgs(dockerRun, tokens.words.slice(2), { engine: { apiVersion: '1.41' } });
  if (parsed.kind !== 'run') throw new Error(`docker run stopped while parsing flags: ${parsed.stderr}`);
  const [image = '', ...command] = parsed.args;
  const plan = planRun({
    flags: parsed.flags,
    image: catalogueRunImage(image, limits),
    command,
    ns,
    engine: { apiVersion: '1.41' },
    limits,
    volumesFrom: own,
  });
  if (isRefusal(plan)) throw new Error(`the policy refused ${line}: ${plan.message}`);
  for (const volume of plan.volumes) {
    const engineName = ns.toEngine(volume.name);
    if (createdVolumes.has(engineName)) continue;
    await docker.createVolume({ Name: engineName, Labels: { ...volume.labels, ...ns.labels } });
    createdVolumes.add(engineName);
  }
  const { HostConfig, ...rest } = plan.request;
  const container = await docker.createContainer({
    ...rest,
    name: ns.toEngine(name),
    // @types/dockerode wants a Source on every mount; the engine makes an anonymous volume without one.
    HostConfig: { ...HostConfig, CapDrop: ['ALL'], CapAdd: [...capAdd] } as Dockerode.HostConfig,
  });
  own.set(name, container.id);
  await container.start();
  return container;
}

async function logsOf(container: Dockerode.Container): Promise<string> {
  return demux(await container.logs({ stdout: true, stderr: true }));
}

/** `docker run` without -d: the container's exit code and everything it printed. */
async function labRunToEnd(name: string, line: string, capAdd: readonly Capability[]) {
  const container = await labRun(name, line, capAdd);
  const exit = (await container.wait()) as { StatusCode: number };
  return { code: exit.StatusCode, output: await logsOf(container) };
}

/** `docker exec`: the command's exit code and output. */
async function exec(
  container: Dockerode.Container,
  cmd: string[],
): Promise<{ code: number; output: string }> {
  const execution = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await execution.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  // Exec streams may never end; the exec's own state says when it is done.
  for (;;) {
    const info = await execution.inspect();
    if (!info.Running) {
      stream.destroy();
      return { code: info.ExitCode ?? -1, output: demux(Buffer.concat(chunks)) };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until `check` passes (a server starting up), or gives up after `ms`. */
async function eventually<T>(check: () => Promise<T>, accept: (value: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (accept(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The processes of a container as `name uid` lines (Name and Uid from /proc, no ps in the images). */
async function processes(container: Dockerode.Container): Promise<string[]> {
  const { output } = await exec(container, [
    'sh',
    '-c',
    'for s in /proc/[0-9]*/status; do awk \'/^Name:/{n=$2} /^Uid:/{print n, $2}\' "$s"; done',
  ]);
  return output.trim().split('\n').sort();
}

/** Peak memory of the container's cgroup (v1 keeps it; v2 reports the current usage only). */
async function peakMemory(container: Dockerode.Container): Promise<number> {
  const stats = (await container.stats({ stream: false })) as {
    memory_stats: { usage?: number; max_usage?: number; limit?: number };
  };
  expect(stats.memory_stats.limit).toBe(limits.memoryBytes);
  return stats.memory_stats.max_usage ?? stats.memory_stats.usage ?? 0;
}

async function exitOf(container: Dockerode.Container): Promise<{ running: boolean; code: number }> {
  const info = await container.inspect();
  return { running: info.State.Running, code: info.State.ExitCode };
}

const curl = (path = '/') => ['curl', '-s', '-m', '3', `http://localhost${path}`];

describe('nginx with CapDrop ALL and its recipe set', () => {
  it('is granted exactly SETGID and SETUID', () => {
    expect(NGINX.toSorted()).toEqual(['SETGID', 'SETUID']);
  });

  it('serves its default page, master as root and workers as nginx, logging to the container output', async () => {
    const web = await labRun('web', 'docker run -d nginx', NGINX);
    const page = await eventually(
      () => exec(web, curl()),
      (result) => result.code === 0,
    );
    expect(page.output).toContain('<title>Welcome to nginx!</title>');
    const users = await processes(web);
    expect(users.filter((line) => line === 'nginx 0')).toHaveLength(1);
    expect(users.filter((line) => line === 'nginx 101').length).toBeGreaterThanOrEqual(1);
    const logs = await logsOf(web);
    expect(logs).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
    expect(logs).toMatch(/"GET \/ HTTP\/1\.1" 200 615 "-" "curl\//);

    await exec(web, [
      'sh',
      '-c',
      'for i in $(seq 1 200); do curl -s -o /dev/null "http://localhost/?request=$i"; done',
    ]);
    const peak = await peakMemory(web);
    console.info(`nginx peak memory after 200 requests: ${(peak / MIB).toFixed(1)} MiB`);
    expect(peak).toBeLessThan(limits.memoryBytes);

    const stopped = performance.now();
    await web.stop();
    // SIGQUIT, as the official image's STOPSIGNAL: a graceful exit, well before the 10 s kill.
    expect(performance.now() - stopped).toBeLessThan(5000);
    expect(await exitOf(web)).toEqual({ running: false, code: 0 });
  });

  it('fills an empty volume on its html directory from the image and serves a page written into it', async () => {
    const site = await labRun('site', 'docker run -d -v site:/usr/share/nginx/html nginx', NGINX);
    await eventually(
      () => exec(site, curl()),
      (result) => result.code === 0,
    );
    const filled = await labRunToEnd('site-ls', 'docker run -v site:/site busybox ls /site', BUSYBOX);
    expect(filled.output.split('\n').filter(Boolean).sort()).toEqual(['50x.html', 'index.html']);

    const writer = await labRunToEnd(
      'site-writer',
      `docker run -v site:/site busybox sh -c 'echo "<h1>Hello from a volume</h1>" > /site/hello.html'`,
      BUSYBOX,
    );
    expect(writer.code).toBe(0);
    expect(await exec(site, curl('/hello.html'))).toEqual({
      code: 0,
      output: '<h1>Hello from a volume</h1>\n',
    });
  });

  for (const dropped of NGINX) {
    it(`cannot start its workers without ${dropped}`, async () => {
      const web = await labRun(`web-no-${dropped}`, 'docker run -d nginx', without(NGINX, dropped));
      const logs = await eventually(
        () => logsOf(web),
        (text) => text.includes('[emerg]'),
      );
      expect(logs).toMatch(dropped === 'SETGID' ? /setgid\(101\) failed/ : /setuid\(101\) failed/);
      expect((await exec(web, curl())).code).not.toBe(0);
    });
  }
});

describe('redis with CapDrop ALL and its recipe set', () => {
  it('is granted exactly CHOWN, DAC_OVERRIDE, SETGID and SETUID', () => {
    expect(REDIS.toSorted()).toEqual(['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID']);
  });

  it('runs as redis, saves into its volume on docker stop, and a new container finds the key', async () => {
    const db = await labRun('db', 'docker run -d -v db:/data redis', REDIS);
    const set = await eventually(
      () => exec(db, ['redis-cli', 'set', 'greeting', 'hello']),
      (result) => result.output === 'OK\n',
    );
    expect(set.output).toBe('OK\n');
    expect(await processes(db)).toContain('redis-server 999');

    await exec(db, [
      'sh',
      '-c',
      'for i in $(seq 1 20000); do echo "SET key:$i value-$i"; done | redis-cli --pipe',
    ]);
    const peak = await peakMemory(db);
    console.info(`redis peak memory after 20000 keys: ${(peak / MIB).toFixed(1)} MiB`);
    expect(peak).toBeLessThan(limits.memoryBytes);

    await db.stop();
    expect(await exitOf(db)).toEqual({ running: false, code: 0 });
    expect(await logsOf(db)).toContain('DB saved on disk');
    const listing = await labRunToEnd('db-ls', 'docker run -v db:/data busybox ls -ln /data', BUSYBOX);
    expect(listing.output).toMatch(/^-rw------- +1 999 +999 .* dump\.rdb$/m);

    const again = await labRun('db-again', 'docker run -d -v db:/data redis', REDIS);
    const got = await eventually(
      () => exec(again, ['redis-cli', 'get', 'greeting']),
      (result) => result.output === 'hello\n',
    );
    expect(got.output).toBe('hello\n');
    await again.stop();
  });

  it('takes ownership of a volume root prepared, as the official entrypoint does', async () => {
    await labRunToEnd('prep', `docker run -v prepared:/x busybox sh -c 'echo note > /x/note'`, BUSYBOX);
    const db = await labRun('db-prepared', 'docker run -d -v prepared:/data redis', REDIS);
    await eventually(
      () => exec(db, ['redis-cli', 'ping']),
      (result) => result.output === 'PONG\n',
    );
    const listing = await labRunToEnd(
      'prep-ls',
      'docker run -v prepared:/data busybox ls -lnd /data /data/note',
      BUSYBOX,
    );
    expect(listing.output).toMatch(/^drwxr-xr-x +\d+ 999 +0 .* \/data$/m);
    expect(listing.output).toMatch(/^-rw-r--r-- +1 999 +0 .* \/data\/note$/m);
    await db.stop();
  });

  it('makes an anonymous volume for /data from the image when run without -v', async () => {
    const db = await labRun('db-anonymous', 'docker run -d redis', REDIS);
    const mounts = (await db.inspect()).Mounts;
    expect(mounts).toEqual([
      expect.objectContaining({
        Type: 'volume',
        Destination: '/data',
        Name: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
    await db.stop();
  });

  it('cannot take ownership of a prepared volume without CHOWN', async () => {
    await labRunToEnd('prep2', `docker run -v prepared2:/x busybox sh -c 'echo note > /x/note'`, BUSYBOX);
    const result = await labRunToEnd(
      'db-no-chown',
      'docker run -v prepared2:/data redis',
      without(REDIS, 'CHOWN'),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain("chown: changing ownership of './note': Operation not permitted");
  });

  for (const dropped of ['SETGID', 'SETUID'] as const) {
    it(`cannot drop to the redis user without ${dropped}`, async () => {
      const result = await labRunToEnd(
        `db-no-${dropped}`,
        'docker run -v fresh:/data redis',
        without(REDIS, dropped),
      );
      expect(result).toEqual({
        code: 1,
        output: 'error: failed switching to "redis": operation not permitted\n',
      });
    });
  }

  it('cannot restart on its append-only files without DAC_OVERRIDE', async () => {
    const line = 'docker run -d -v aof:/data redis redis-server --appendonly yes';
    const first = await labRun('aof-1', line, REDIS);
    await eventually(
      () => exec(first, ['redis-cli', 'set', 'k', 'v']),
      (result) => result.output === 'OK\n',
    );
    await first.stop();
    // redis made appendonlydir 0700 for itself; the root entrypoint's `find .` must look inside.
    const refused = await labRunToEnd('aof-2', line.replace(' -d', ''), without(REDIS, 'DAC_OVERRIDE'));
    expect(refused).toEqual({ code: 1, output: "find: './appendonlydir': Permission denied\n" });
    const restarted = await labRun('aof-3', line, REDIS);
    const got = await eventually(
      () => exec(restarted, ['redis-cli', 'get', 'k']),
      (result) => result.output === 'v\n',
    );
    expect(got.output).toBe('v\n');
    await restarted.stop();
  });
});

describe('root in debian and busybox with CapDrop ALL and their recipe set', () => {
  it('is granted exactly CHOWN, DAC_OVERRIDE and FOWNER', () => {
    expect(DEBIAN.toSorted()).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER']);
    expect(BUSYBOX.toSorted()).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER']);
  });

  it('debian is bookworm with bash and tar', async () => {
    const result = await labRunToEnd(
      'debian-facts',
      `docker run debian bash -c '. /etc/os-release; echo $VERSION_CODENAME; tar --version | head -1'`,
      DEBIAN,
    );
    expect(result).toEqual({ code: 0, output: 'bookworm\ntar (GNU tar) 1.34\n' });
  });

  // What root does to files in a volume in the ownership lesson: the file starts root's, 0644.
  const cases = [
    { cap: 'CHOWN', command: 'chown 999:999 /v/file', denied: /Operation not permitted/ },
    {
      cap: 'DAC_OVERRIDE',
      command: 'chown 999:999 /v/file && chmod 600 /v/file && cat /v/file',
      denied: /Permission denied/,
    },
    {
      cap: 'FOWNER',
      command: 'chown 999:999 /v/file && chmod 644 /v/file',
      denied: /Operation not permitted/,
    },
  ] as const;
  for (const image of ['debian', 'busybox'] as const) {
    const caps = image === 'debian' ? DEBIAN : BUSYBOX;
    for (const { cap, command, denied } of cases) {
      it(`${image}: root writes a fresh volume and ${command.split('&& ').at(-1)}, which needs ${cap}`, async () => {
        const volume = `own-${image}-${cap.toLowerCase()}`;
        const write = `echo secret > /v/file`;
        const allowed = await labRunToEnd(
          `${volume}-with`,
          `docker run -v ${volume}:/v ${image} sh -c '${write} && ${command}'`,
          caps,
        );
        expect(allowed.code, allowed.output).toBe(0);
        const refused = await labRunToEnd(
          `${volume}-without`,
          `docker run -v ${volume}-2:/v ${image} sh -c '${write} && ${command}'`,
          without(caps, cap),
        );
        expect(refused.code).not.toBe(0);
        expect(refused.output).toMatch(denied);
      });
    }
  }

  it("debian backs up redis's data with tar through --volumes-from and restores it for a new redis", async () => {
    const db = await labRun('backup-db', 'docker run -d -v backup-db:/data redis', REDIS);
    await eventually(
      () => exec(db, ['redis-cli', 'set', 'saved', 'yes']),
      (result) => result.output === 'OK\n',
    );
    await db.stop();
    const backup = await labRunToEnd(
      'backup',
      'docker run --volumes-from backup-db -v backups:/backup debian tar cf /backup/db.tar -C /data .',
      DEBIAN,
    );
    expect(backup).toEqual({ code: 0, output: '' });
    const restore = await labRunToEnd(
      'restore',
      'docker run -v restored:/data -v backups:/backup debian tar xf /backup/db.tar -C /data',
      DEBIAN,
    );
    expect(restore).toEqual({ code: 0, output: '' });
    const again = await labRun('restored-db', 'docker run -d -v restored:/data redis', REDIS);
    const got = await eventually(
      () => exec(again, ['redis-cli', 'get', 'saved']),
      (result) => result.output === 'yes\n',
    );
    expect(got.output).toBe('yes\n');
    await again.stop();
  });
});
