/**
 * SECURITY: file checks that read a local engine's volume from disk, as root, while the learner
 * controls what is in the volume. Nothing outside the volume may be read (a symlink to /etc/shadow or
 * to another session's volume, a directory on the way swapped for a symlink, `..`), and nothing may
 * hang or swallow memory (a FIFO, a device, a 1 GB file). First the reader alone on a directory laid
 * out like an engine's data root, then through the lab on the real engine, with the learner's own
 * container making the traps.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../harness/lab-client.ts';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { MAX_FILE_BYTES, readVolumeFileOnDisk } from '../../server/checks/volume-file-on-disk.ts';
import { sessionIdFromToken } from '../../server/sandbox/namespace.ts';
import type { CheckInput } from '../../src/shared/checks.ts';
import type { Lesson } from '../../src/shared/lesson.ts';
import { testLesson } from './test-lesson.ts';

const run = promisify(execFile);
const docker = new Docker();

describe('the disk reader on a data root laid out as the engine lays it out', () => {
  let root: string;
  let data: string;
  const volume = () => ({ Name: 'vol', Mountpoint: data });
  const read = async (path: string) => (await readVolumeFileOnDisk(root, volume(), path))?.text;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vl-disk-reader-'));
    data = join(root, 'volumes', 'vol', '_data');
    await mkdir(join(data, 'notes'), { recursive: true });
    await mkdir(join(root, 'volumes', 'other', '_data'), { recursive: true });
    await writeFile(join(data, 'notes', 'today.txt'), 'hello from the volume\n');
    await writeFile(join(root, 'volumes', 'other', '_data', 'secret.txt'), 'another session’s secret\n');
    await symlink('/etc/shadow', join(data, 'shadow-link'));
    await symlink(join(root, 'volumes', 'other', '_data', 'secret.txt'), join(data, 'neighbour-link'));
    await symlink('/etc', join(data, 'etc-dir'));
    await symlink('notes', join(data, 'notes-dir'));
    await run('mkfifo', [join(data, 'fifo')]);
    await run('mknod', [join(data, 'null-device'), 'c', '1', '3']);
    await writeFile(join(data, 'huge.txt'), 'the start of a huge file\n');
    await truncate(join(data, 'huge.txt'), 1024 * 1024 * 1024);
    await writeFile(join(data, 'a name\nwith ünïcode and spaces.txt'), 'odd names are fine\n');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('reads a regular file inside the volume', async () => {
    expect(await read('notes/today.txt')).toBe('hello from the volume\n');
    expect(await read('/notes/./today.txt')).toBe('hello from the volume\n');
    expect(await read('a name\nwith ünïcode and spaces.txt')).toBe('odd names are fine\n');
    // Its owner as the host stores it; the check maps it into the container's view.
    expect((await readVolumeFileOnDisk(root, volume(), 'notes/today.txt'))?.uid).toBe(process.getuid?.());
  });

  it('never follows a symlink: to /etc/shadow, to another volume, or in place of a directory', async () => {
    expect(await read('shadow-link')).toBeUndefined();
    expect(await read('neighbour-link')).toBeUndefined();
    expect(await read('etc-dir/shadow')).toBeUndefined();
    expect(await read('etc-dir/hostname')).toBeUndefined();
    // Even one that stays inside the volume: the helper container would see it differently.
    expect(await read('notes-dir/today.txt')).toBeUndefined();
  });

  it('never climbs out with ..', async () => {
    expect(await read('../../other/_data/secret.txt')).toBeUndefined();
    expect(await read('notes/../../../other/_data/secret.txt')).toBeUndefined();
    expect(await read('..')).toBeUndefined();
  });

  it('opens neither a FIFO (which would block) nor a device, and says there is no such file', async () => {
    expect(await read('fifo')).toBeUndefined();
    expect(await read('null-device')).toBeUndefined();
    expect(await read('notes')).toBeUndefined();
  });

  it('reads at most 64 KiB of a 1 GB file', async () => {
    const text = await read('huge.txt');
    expect(text?.startsWith('the start of a huge file\n')).toBe(true);
    expect(text).toHaveLength(MAX_FILE_BYTES);
  });

  it('reads nothing when the engine’s mountpoint for the volume is not where its name says', async () => {
    expect(await readVolumeFileOnDisk(root, { Name: 'vol', Mountpoint: '/etc' }, 'shadow')).toBeUndefined();
    expect(
      await readVolumeFileOnDisk(
        root,
        { Name: 'vol', Mountpoint: join(root, 'volumes', 'other', '_data') },
        'secret.txt',
      ),
    ).toBeUndefined();
    const linked = join(root, 'volumes', 'linked');
    await mkdir(linked);
    await symlink('/etc', join(linked, '_data'));
    expect(
      await readVolumeFileOnDisk(root, { Name: 'linked', Mountpoint: join(linked, '_data') }, 'hostname'),
    ).toBe(undefined);
  });
});

/** One lesson per trap: a file check is only looked at when every step before it has passed. */
const fileLesson = (check: CheckInput): Lesson => testLesson({ file: check });

/** Each trap's lesson: the path its file check reads. */
const trapPaths: Record<string, string> = {
  shadow: 'greeting.txt',
  neighbour: 'neighbour.txt',
  parent: 'dir/shadow',
  fifo: 'fifo.txt',
};
const lessons = new Map<string, Lesson>([
  ...Object.entries(trapPaths).map(([id, path]): [string, Lesson] => [
    id,
    fileLesson({ kind: 'file-in-volume', volume: 'trap', path }),
  ]),
  ['plain', fileLesson({ kind: 'file-in-volume', volume: 'trap', path: 'plain.txt', contains: 'plain' })],
  ['huge', fileLesson({ kind: 'file-in-volume', volume: 'trap', path: 'huge.txt', contains: 'the start' })],
]);

describe('file checks through the lab, on a volume the learner filled with traps', () => {
  let lab: LabFixture;
  let learner: LabClient;
  let since: number;

  beforeAll(async () => {
    lab = await startLabFixture({
      lessons,
    });
    since = Math.floor(Date.now() / 1000);
    const neighbour = await lab.connect();
    const secret = 'vl-disk-neighbour-secret';
    expect(
      (await neighbour.run(`docker run --rm -v secret:/data busybox sh -c 'echo ${secret} > /data/note.txt'`))
        .exitCode,
    ).toBe(0);
    const { Mountpoint } = await docker
      .getVolume(`vl-${sessionIdFromToken(neighbour.session)}-secret`)
      .inspect();
    learner = await lab.connect();
    const making = [
      'echo plain > /data/plain.txt',
      'ln -s /etc/shadow /data/greeting.txt',
      `ln -s ${Mountpoint}/note.txt /data/neighbour.txt`,
      'ln -s /etc /data/dir',
      'mkfifo /data/fifo.txt',
      'echo the start of a huge file > /data/huge.txt && truncate -s 1G /data/huge.txt',
    ].join(' && ');
    const made = await learner.run(`docker run --rm -v trap:/data busybox sh -c '${making}'`);
    expect(made.exitCode, made.output).toBe(0);
  }, 120_000);
  afterAll(() => lab?.stop());

  it.each(Object.entries(trapPaths))(
    '%s: the file is "not in the volume", and nothing of what it points at is shown',
    async (id, path) => {
      const [result] = await learner.checks(id);
      expect(result).toMatchObject({ ok: false, detail: `${path} is not in the volume trap` });
      const seen = JSON.stringify(learner.messages);
      expect(seen).not.toContain('root:');
      expect(seen).not.toContain('vl-disk-neighbour-secret');
    },
  );

  it('reads a plain file, and the start of a 1 GB one', async () => {
    expect((await learner.checks('plain'))[0]?.ok).toBe(true);
    expect((await learner.checks('huge'))[0]?.ok).toBe(true);
  });

  it('started no helper container: the volume was read from disk', async () => {
    const events = (await docker.getEvents({
      since,
      until: Math.ceil(Date.now() / 1000),
      filters: {
        type: ['container'],
        event: ['create'],
        label: [`volume-lab.checker=${sessionIdFromToken(learner.session)}`],
      },
    })) as unknown as NodeJS.ReadableStream;
    let text = '';
    for await (const chunk of events) text += chunk.toString();
    expect(text).toBe('');
  });
});
