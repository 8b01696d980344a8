/**
 * Each running container holds a kernel key (its session keyring) charged to the host user it runs as.
 * With the kernel's default quota of 200 keys per user, the 200th running container of a room fails to
 * start ("unable to create session key: disk quota exceeded"), since every learner container runs as
 * the engine's one remapped user. Setup raises the quota; this holds the host to it.
 */
import { readFile } from 'node:fs/promises';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';

const docker = new Docker();
const made: Docker.Container[] = [];

/** The room the capacity planning counts on one engine (docs/operations.md), with room to spare. */
const RUNNING_CONTAINERS = 1000;

afterAll(async () => {
  await Promise.all(made.map((container) => container.remove({ force: true }).catch(() => {})));
});

describe('the host running the engine', () => {
  it('lets the user learner containers run as hold a key for each of a large room', async () => {
    const container = await docker.createContainer({
      Image: 'busybox',
      Cmd: ['sleep', '60'],
      Labels: { 'volume-lab.test': 'host-keys' },
      HostConfig: { NetworkMode: 'none' },
    });
    made.push(container);
    await container.start();
    const { State } = await container.inspect();
    const status = await readFile(`/proc/${State.Pid}/status`, 'utf8');
    const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
    const users = await readFile('/proc/key-users', 'utf8');
    // "  100000:     3 3/3 3/20000 39/2000000": usage, keys/instantiated, quota keys/max, bytes/max.
    const line = users.split('\n').find((row) => row.trim().startsWith(`${uid}:`));
    expect(line, `uid ${uid} holds no key: ${users}`).toBeDefined();
    const [, maxKeys, maxBytes] = /\d+\/(\d+)\s+\d+\/(\d+)\s*$/.exec(line ?? '') ?? [];
    expect(Number(maxKeys)).toBeGreaterThanOrEqual(RUNNING_CONTAINERS);
    // A session keyring is charged about a hundred bytes.
    expect(Number(maxBytes)).toBeGreaterThanOrEqual(RUNNING_CONTAINERS * 100);
  });
});
