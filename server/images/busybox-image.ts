/**
 * busybox as the lab has always built it without a registry: the host's static busybox binary in an
 * otherwise empty root filesystem laid out like the official image's, then `busybox --install`.
 */
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { type Pack, pack } from 'tar-stream';
import { commitImage, importRootfs, intermediateTag, removeImageIfUnused } from '../docker/images.ts';

/** Where Debian's busybox-static (and most distributions) put the binary. */
export const DEFAULT_BUSYBOX_PATHS: readonly string[] = ['/bin/busybox', '/usr/bin/busybox'];

// Same PATH as the official busybox image, so `docker inspect` looks familiar to learners.
const BUSYBOX_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
// Mirrors the official busybox image so `whoami`, `id`, `ls -l` and `su nobody` behave the same.
const ETC_PASSWD = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
`;

const ETC_GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
kmem:x:9:
wheel:x:10:root
cdrom:x:11:
dialout:x:18:
floppy:x:19:
video:x:28:
audio:x:29:
tape:x:32:
www-data:x:33:
operator:x:37:
utmp:x:43:
plugdev:x:46:
staff:x:50:
lock:x:54:
netdev:x:82:
users:x:100:
nogroup:x:65534:
`;

/** Directories of the rootfs with their modes; parents come before children because tar is read in order. */
const ROOTFS_DIRS: readonly (readonly [string, number])[] = [
  ['bin', 0o755],
  ['dev', 0o755],
  ['etc', 0o755],
  ['home', 0o755],
  ['proc', 0o755],
  ['root', 0o700],
  ['sys', 0o755],
  ['tmp', 0o1777],
  ['usr', 0o755],
  ['usr/sbin', 0o755],
  ['var', 0o755],
  ['var/spool', 0o755],
  ['var/spool/mail', 0o755],
  ['var/www', 0o755],
];

/**
 * Builds the lab image's root filesystem as an in-memory tar stream: the static busybox binary, an
 * `sh` symlink, the directory skeleton and the `passwd`/`group` files of the official busybox image.
 * Applet symlinks other than `sh` are left to `busybox --install` so they match the binary's applet list.
 */
export function createRootfsTar(busybox: Uint8Array, mtime: Date = new Date(0)): Pack {
  const tar = pack();
  const owner = { uid: 0, gid: 0, uname: 'root', gname: 'root', mtime };
  for (const [name, mode] of ROOTFS_DIRS) {
    tar.entry({ ...owner, name, type: 'directory', mode });
  }
  tar.entry({ ...owner, name: 'bin/busybox', type: 'file', mode: 0o755 }, busybox);
  tar.entry({ ...owner, name: 'bin/sh', type: 'symlink', linkname: 'busybox', mode: 0o777 });
  tar.entry({ ...owner, name: 'etc/passwd', type: 'file', mode: 0o644 }, ETC_PASSWD);
  tar.entry({ ...owner, name: 'etc/group', type: 'file', mode: 0o644 }, ETC_GROUP);
  tar.finalize();
  return tar;
}

/**
 * Builds `repo:tag` from the static busybox at `busyboxPath`: an import of the rootfs, then
 * `busybox --install -s /bin` in a throwaway container committed with `CMD ["sh"]`.
 */
export async function buildBusyboxImage(
  docker: Dockerode,
  target: { repo: string; tag: string },
  busyboxPath: string,
): Promise<void> {
  const [binary, binaryStat] = await Promise.all([readFile(busyboxPath), stat(busyboxPath)]).catch(
    (error: unknown) => {
      throw new Error(`cannot read ${busyboxPath} (${(error as Error).message}); install busybox-static`);
    },
  );
  if (!isStaticElf(binary)) {
    throw new Error(`${busyboxPath} is not a statically linked ELF binary; install busybox-static`);
  }
  const importTag = intermediateTag();
  try {
    // tar-stream 3 emits streamx streams; Readable.from gives dockerode the Node stream it pipes from.
    await importRootfs(docker, Readable.from(createRootfsTar(binary, binaryStat.mtime)), {
      repo: target.repo,
      tag: importTag,
      message: `volume-lab: rootfs from ${busyboxPath}`,
      changes: ['CMD ["sh"]', `ENV ${BUSYBOX_PATH}`],
    });
    await commitImage(docker, {
      from: `${target.repo}:${importTag}`,
      repo: target.repo,
      tag: target.tag,
      comment: 'volume-lab: busybox applet symlinks',
      config: { Cmd: ['/bin/busybox', '--install', '-s', '/bin'] },
      changes: ['CMD ["sh"]'],
      run: true,
    });
  } finally {
    // Once committed the imported image is the final image's parent, so this only drops the tag.
    await removeImageIfUnused(docker, `${target.repo}:${importTag}`);
  }
}

/** The first busybox binary that exists, of `explicit` or the usual places; undefined if none does. */
export async function findBusybox(explicit?: string): Promise<string | undefined> {
  for (const candidate of explicit ? [explicit] : DEFAULT_BUSYBOX_PATHS) {
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return candidate;
  }
  return undefined;
}

/**
 * True for an ELF executable without a PT_INTERP program header, i.e. one that can run in an empty
 * rootfs. Catches the dynamically linked busybox of the plain `busybox` package before Docker would
 * fail with an opaque "no such file or directory".
 */
function isStaticElf(binary: Buffer): boolean {
  if (binary.length < 64 || binary.readUInt32BE(0) !== 0x7f454c46) return false;
  const is64 = binary[4] === 2;
  const little = binary[5] === 1;
  const u16 = (at: number): number => (little ? binary.readUInt16LE(at) : binary.readUInt16BE(at));
  const u32 = (at: number): number => (little ? binary.readUInt32LE(at) : binary.readUInt32BE(at));
  const phoff = is64
    ? Number(little ? binary.readBigUInt64LE(0x20) : binary.readBigUInt64BE(0x20))
    : u32(0x1c);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = u16(is64 ? 0x38 : 0x2c);
  const PT_INTERP = 3;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 4 > binary.length) return false;
    if (u32(at) === PT_INTERP) return false;
  }
  return true;
}
