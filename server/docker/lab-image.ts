import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { type Pack, pack } from 'tar-stream';

/** Options for {@link ensureLabImage}. */
export interface EnsureLabImageOptions {
  /** Image reference to make available. Defaults to `busybox:latest`. */
  image?: string;
  /** Static busybox binary used when the image must be built locally. Defaults to the first of {@link DEFAULT_BUSYBOX_PATHS} that exists. */
  busyboxPath?: string;
  /** Upper bound for the registry pull, in milliseconds. Defaults to 15000. */
  pullTimeoutMs?: number;
  /** Receives one human-readable line per phase (and per pull status change). */
  onProgress?: (line: string) => void;
}

/** What {@link ensureLabImage} did to make the image available. */
export interface EnsureLabImageResult {
  image: string;
  source: 'present' | 'pulled' | 'imported';
  /** Wall-clock time spent, in milliseconds. */
  ms: number;
}

/** Thrown with a one-line, user-facing message when the lab image cannot be made available. */
export class LabImageError extends Error {
  override name = 'LabImageError';
}

/** Where Debian's busybox-static (and most distributions) put the binary. */
export const DEFAULT_BUSYBOX_PATHS: readonly string[] = ['/bin/busybox', '/usr/bin/busybox'];

const DEFAULT_IMAGE = 'busybox:latest';
const DEFAULT_PULL_TIMEOUT_MS = 15_000;
// The build path only talks to the local engine, so these are generous: they exist to turn a wedged
// engine into an error instead of a server that never finishes starting.
const IMPORT_TIMEOUT_MS = 120_000;
const CONTAINER_STEP_TIMEOUT_MS = 60_000;
/** Name prefix of the throwaway container that installs busybox's applets. */
export const BUILD_CONTAINER_PREFIX = 'volume-lab-image-build-';
const CMD_SH = 'CMD ["sh"]';
// Same PATH as the official busybox image, so `docker inspect` looks familiar to learners.
const ENV_PATH = 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

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

/** One JSON object from the engine's progress stream (pull, import). */
interface ProgressEvent {
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** `POST /commit` parameters; @types/dockerode types them as `{}`. */
interface CommitOptions {
  repo: string;
  tag: string;
  comment?: string;
  changes?: string[];
  pause?: boolean;
  abortSignal?: AbortSignal;
}

/** `POST /images/create?fromSrc=-` parameters; @types/dockerode types them as `{}`. */
interface ImportOptions {
  repo: string;
  tag: string;
  message?: string;
  changes?: string[];
  abortSignal?: AbortSignal;
}

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
 * Makes sure `options.image` (default `busybox:latest`) exists on the engine: uses it if present,
 * otherwise pulls it within `pullTimeoutMs`, otherwise builds an equivalent image from the host's static
 * busybox binary (import of an in-memory rootfs, then `busybox --install -s /bin` in a throwaway
 * container committed to the final tag with `CMD ["sh"]`).
 *
 * @throws {LabImageError} with a one-line message when none of the three routes works.
 */
export async function ensureLabImage(
  docker: Dockerode,
  options: EnsureLabImageOptions = {},
): Promise<EnsureLabImageResult> {
  const started = performance.now();
  const image = options.image ?? DEFAULT_IMAGE;
  const say = (text: string): void => options.onProgress?.(`lab image ${image}: ${text}`);
  const fail = (text: string): LabImageError => new LabImageError(`lab image ${image}: ${text}`);
  const finish = (source: EnsureLabImageResult['source']): EnsureLabImageResult => {
    const ms = Math.round(performance.now() - started);
    say(`ready in ${(ms / 1000).toFixed(1)} s (${source})`);
    return { image, source, ms };
  };

  if (await imageExists(docker, image, fail)) return finish('present');
  say('not found locally');

  say('pulling...');
  const pullTimeoutMs = options.pullTimeoutMs ?? DEFAULT_PULL_TIMEOUT_MS;
  try {
    await pullImage(docker, image, pullTimeoutMs, say);
    return finish('pulled');
  } catch (error) {
    const reason = shortReason(error);
    const busyboxPath = await findBusybox(options.busyboxPath, reason, fail);
    const what = looksLikeNetworkFailure(reason) ? 'no registry reachable' : 'pull failed';
    say(`${what} (${reason}); building from ${busyboxPath}`);
    await buildImage(docker, image, busyboxPath, say, fail);
    return finish('imported');
  }
}

async function imageExists(
  docker: Dockerode,
  image: string,
  fail: (text: string) => LabImageError,
): Promise<boolean> {
  try {
    // dockerode 5 does not forward an abort signal for image inspect; it is a local metadata read.
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if (statusCodeOf(error) === 404) return false;
    throw fail(`cannot talk to the Docker engine (${shortReason(error)})`);
  }
}

async function pullImage(
  docker: Dockerode,
  image: string,
  timeoutMs: number,
  say: (text: string) => void,
): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  // Layer progress bars arrive many times a second; only a change of status per layer is worth a line.
  const lastStatus = new Map<string, string>();
  try {
    const stream = await docker.pull(image, { abortSignal: signal });
    await followProgress(docker, stream, signal, (event) => {
      if (!event.status) return;
      const key = event.id ?? '';
      if (lastStatus.get(key) === event.status) return;
      lastStatus.set(key, event.status);
      say(event.id ? `${event.id}: ${event.status}` : event.status);
    });
  } catch (error) {
    if (signal.aborted) throw new Error(`timed out after ${timeoutMs / 1000} s`);
    throw error;
  }
}

async function buildImage(
  docker: Dockerode,
  image: string,
  busyboxPath: string,
  say: (text: string) => void,
  fail: (text: string) => LabImageError,
): Promise<void> {
  const { repo, tag } = splitReference(image, fail);
  const [binary, binaryStat] = await Promise.all([readFile(busyboxPath), stat(busyboxPath)]).catch(
    (error: unknown) => {
      throw fail(`cannot read ${busyboxPath} (${shortReason(error)}); install busybox-static`);
    },
  );
  if (!isStaticElf(binary)) {
    throw fail(`${busyboxPath} is not a statically linked ELF binary; install busybox-static`);
  }

  // A unique intermediate tag keeps concurrent or crashed builds from colliding with each other.
  const importTag = `volume-lab-import-${randomBytes(4).toString('hex')}`;
  const importRef = `${repo}:${importTag}`;
  let container: Dockerode.Container | undefined;
  try {
    say(`importing rootfs (${(binary.length / 1e6).toFixed(1)} MB busybox)`);
    const importSignal = AbortSignal.timeout(IMPORT_TIMEOUT_MS);
    // tar-stream 3 emits streamx streams; Readable.from gives dockerode the Node stream it pipes from.
    const rootfs = Readable.from(createRootfsTar(binary, binaryStat.mtime));
    const importOptions: ImportOptions = {
      repo,
      tag: importTag,
      message: `volume-lab: rootfs from ${busyboxPath}`,
      changes: [CMD_SH, ENV_PATH],
      abortSignal: importSignal,
    };
    const importStream = await docker.importImage(rootfs, importOptions);
    await followProgress(docker, importStream, importSignal, () => {});

    say('installing applet symlinks (busybox --install -s /bin)');
    const stepSignal = AbortSignal.timeout(CONTAINER_STEP_TIMEOUT_MS);
    // Named, not labelled: a commit keeps the container's labels, and the image must carry none that
    // every learner container would then show.
    container = await docker.createContainer({
      name: `${BUILD_CONTAINER_PREFIX}${randomBytes(4).toString('hex')}`,
      Image: importRef,
      Cmd: ['/bin/busybox', '--install', '-s', '/bin'],
      NetworkDisabled: true,
      HostConfig: { NetworkMode: 'none' },
      abortSignal: stepSignal,
    });
    await container.start({ abortSignal: stepSignal });
    const exit = (await container.wait({ abortSignal: stepSignal })) as { StatusCode?: number };
    if (exit.StatusCode !== 0) {
      throw new Error(`busybox --install exited with status ${exit.StatusCode ?? 'unknown'}`);
    }
    const commitOptions: CommitOptions = {
      repo,
      tag,
      comment: 'volume-lab: busybox applet symlinks',
      changes: [CMD_SH],
      abortSignal: stepSignal,
    };
    await container.commit(commitOptions);
  } catch (error) {
    if (error instanceof LabImageError) throw error;
    throw fail(`building from ${busyboxPath} failed (${shortReason(error)})`);
  } finally {
    // Best effort: a leftover here is untidy but must not mask the build's own outcome.
    await container?.remove({ force: true }).catch(() => {});
    // Once committed the imported image is the final image's parent, so this only drops the tag.
    await docker
      .getImage(importRef)
      .remove()
      .catch(() => {});
  }
}

/**
 * Follows a progress stream to its end; resolves only if the engine reported no error in-band and the
 * signal did not fire (an aborted response can end with a plain `close`, which followProgress treats as done).
 */
function followProgress(
  docker: Dockerode,
  stream: NodeJS.ReadableStream,
  signal: AbortSignal,
  onEvent: (event: ProgressEvent) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let inBandError: string | undefined;
    // The modem only aborts the request; once the response is streaming we must tear it down ourselves.
    const onAbort = (): void => {
      if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy(signal.reason);
      else reject(signal.reason);
    };
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    // followProgress also listens for 'error', but a handler of our own keeps this safe if it ever stops.
    stream.on('error', () => {});
    docker.modem.followProgress(
      stream,
      (error) => {
        signal.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else if (signal.aborted) reject(signal.reason);
        else if (inBandError !== undefined) reject(new Error(inBandError));
        else resolve();
      },
      (event: ProgressEvent) => {
        if (event.error || event.errorDetail) {
          inBandError ??= event.errorDetail?.message ?? event.error ?? 'unknown error';
          return;
        }
        onEvent(event);
      },
    );
  });
}

async function findBusybox(
  explicit: string | undefined,
  pullReason: string,
  fail: (text: string) => LabImageError,
): Promise<string> {
  const candidates = explicit ? [explicit] : DEFAULT_BUSYBOX_PATHS;
  for (const candidate of candidates) {
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return candidate;
  }
  throw fail(
    `cannot pull it (${pullReason}) and found no busybox binary at ${candidates.join(' or ')}; ` +
      'install busybox-static (apt-get install busybox-static)',
  );
}

/** Splits `registry:5000/name:tag` into repository and tag; digests cannot be recreated locally. */
function splitReference(image: string, fail: (text: string) => LabImageError): { repo: string; tag: string } {
  if (image.includes('@')) throw fail('cannot build a digest reference locally; use a tag');
  const colon = image.lastIndexOf(':');
  if (colon > image.lastIndexOf('/')) return { repo: image.slice(0, colon), tag: image.slice(colon + 1) };
  return { repo: image, tag: 'latest' };
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

function statusCodeOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const code = (error as { statusCode: unknown }).statusCode;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/** Reduces dockerode/engine errors to the part a person can act on, on one line. */
function shortReason(error: unknown): string {
  const message =
    error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  const reason = message
    .replace(/^\(HTTP code \d+\)[^-]*- /, '')
    .replace(/^Get "[^"]*": /, '')
    .replace(/\s+/g, ' ')
    .trim();
  return reason.length > 160 ? `${reason.slice(0, 157)}...` : reason || 'unknown error';
}

function looksLikeNetworkFailure(reason: string): boolean {
  return /timed out|timeout|no such host|lookup |dial tcp|connection refused|network is unreachable|i\/o timeout|TLS handshake/i.test(
    reason,
  );
}
