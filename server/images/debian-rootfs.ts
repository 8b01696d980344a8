/**
 * Root filesystems built from Debian packages with mmdebstrap, once per recipe: the tar is kept in a
 * cache directory under the recipe's hash, so every further engine (or a rebuilt one) only imports it.
 */
import { execFile } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { quote } from 'shell-quote';
import { pack } from 'tar-stream';
import { suiteSources } from './apt-sources.ts';
import type { DebianRecipe, RootfsEntry } from './recipe.ts';

/** The cache next to the lab's other state, unless LAB_IMAGE_CACHE says otherwise. */
export const DEFAULT_IMAGE_CACHE = fileURLToPath(new URL('../../.volume-lab/images', import.meta.url));

/** What official images leave out: documentation, manual pages, translations (copyright notices stay). */
const DPKG_EXCLUDES = [
  'path-exclude=/usr/share/doc/*',
  'path-include=/usr/share/doc/*/copyright',
  'path-exclude=/usr/share/man/*',
  'path-exclude=/usr/share/info/*',
  'path-exclude=/usr/share/locale/*',
  'path-include=/usr/share/locale/locale.alias',
  'path-exclude=/usr/share/lintian/*',
];

// Debian's bookworm would otherwise pull in usrmerge (and perl with it) to merge /usr.
const MERGED_USR_HOOKS = '/usr/share/mmdebstrap/hooks/merged-usr';
const APT_SOURCES = ['/etc/apt/sources.list', '/etc/apt/sources.list.d'];
const BUILD_TIMEOUT_MS = 15 * 60_000;

/** Where the rootfs of this recipe is (or will be) cached. */
export function cachedRootfsPath(cacheDir: string, recipe: DebianRecipe, hash: string): string {
  return join(cacheDir, `${recipe.name}-${hash}.tar`);
}

/**
 * Builds the recipe's root filesystem into the cache unless it is there already. The tar appears
 * under its final name only once complete, so a crash or a concurrent build never leaves half of one.
 */
export async function ensureRootfs(
  recipe: DebianRecipe,
  hash: string,
  cacheDir: string,
): Promise<{ path: string; built: boolean }> {
  const path = cachedRootfsPath(cacheDir, recipe, hash);
  if (existsSync(path)) return { path, built: false };
  await mkdir(cacheDir, { recursive: true });
  const work = await mkdtemp(join(cacheDir, `.build-${recipe.name}-`));
  try {
    const partial = join(work, 'rootfs.tar');
    await mmdebstrap(await mmdebstrapArgs(recipe, work, partial));
    await rename(partial, path);
    // Earlier recipes of this image are never imported again; each is as large as the image.
    const earlier = new RegExp(`^${recipe.name}-[0-9a-f]{16}\\.tar$`);
    for (const name of await readdir(cacheDir)) {
      if (earlier.test(name) && join(cacheDir, name) !== path) {
        await rm(join(cacheDir, name), { force: true });
      }
    }
    return { path, built: true };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** mmdebstrap's command line for the recipe; hook scripts and the entries tar are written into `work`. */
async function mmdebstrapArgs(recipe: DebianRecipe, work: string, target: string): Promise<string[]> {
  const installs = recipe.variant !== 'extract';
  // In the extract variant no package is installed, so the hooks that follow installation never run.
  const afterInstall = installs ? '--customize-hook' : '--extract-hook';
  const args = [`--variant=${recipe.variant}`, '--format=tar', '--skip=output/dev', '--quiet'];
  if (installs) args.push(`--hook-dir=${MERGED_USR_HOOKS}`);
  if (recipe.packages.length > 0) args.push(`--include=${recipe.packages.join(',')}`);
  for (const option of DPKG_EXCLUDES) args.push(`--dpkgopt=${option}`);

  if (recipe.users.length > 0) {
    // Before the packages install, so their maintainer scripts find the official uid, not a new one.
    const script = await writeHook(work, 'users.sh', usersScript(recipe));
    args.push(`${installs ? '--essential-hook' : '--extract-hook'}=${script}`);
  }
  args.push(`${afterInstall}=${await writeHook(work, 'customize.sh', customizeScript(recipe))}`);
  if (recipe.entries.length > 0) {
    const entries = join(work, 'entries.tar');
    await writeEntriesTar(recipe.entries, entries);
    args.push(`${afterInstall}=tar-in ${entries} /`);
  }

  const sources = suiteSources(await hostSourcesFiles(), recipe.suite);
  const mirrors = [...sources.oneLine];
  if (sources.deb822 !== '') {
    // The file's name is the one the image's /etc/apt/sources.list.d/ shows.
    const file = join(work, 'debian.sources');
    await writeFile(file, sources.deb822);
    mirrors.push(file);
  }
  // No Debian entry on this host (Ubuntu, say): mmdebstrap's default, deb.debian.org with updates and security.
  return [...args, recipe.suite, target, ...mirrors];
}

function usersScript(recipe: DebianRecipe): string {
  const lines = recipe.users.flatMap((user) => [
    `echo ${quote([`${user.name}:x:${user.gid}:`])} >> "$1/etc/group"`,
    `echo ${quote([`${user.name}:x:${user.uid}:${user.gid}:${user.gecos}:${user.home}:${user.shell}`])} >> "$1/etc/passwd"`,
  ]);
  return `#!/bin/sh\nset -eu\n${lines.join('\n')}\n`;
}

/** Removes what the official image lacks, and gives the users their shadow entries once passwd is in. */
function customizeScript(recipe: DebianRecipe): string {
  const lines = recipe.remove.map((path) => `rm -rf "$1"${quote([path])}`);
  if (recipe.users.length > 0) lines.push('chroot "$1" pwconv', 'chroot "$1" grpconv');
  // The backups dpkg and debconf keep of their databases; the official images ship none.
  lines.push('rm -f "$1/var/cache/debconf/"*-old "$1/var/lib/dpkg/"*-old');
  return `#!/bin/sh\nset -eu\n${lines.join('\n')}\n`;
}

async function writeHook(work: string, name: string, content: string): Promise<string> {
  const path = join(work, name);
  await writeFile(path, content);
  await chmod(path, 0o755);
  return path;
}

async function writeEntriesTar(entries: readonly RootfsEntry[], path: string): Promise<void> {
  const tar = pack();
  const mtime = new Date(0);
  for (const entry of entries) {
    const name = entry.path.replace(/^\/+/, '');
    if (entry.type === 'symlink') {
      tar.entry({ name, type: 'symlink', linkname: entry.target, mode: 0o777, mtime });
      continue;
    }
    const owner = { uid: entry.uid ?? 0, gid: entry.gid ?? 0, mode: entry.mode, mtime };
    if (entry.type === 'directory') tar.entry({ ...owner, name, type: 'directory' });
    else tar.entry({ ...owner, name, type: 'file' }, entry.content);
  }
  tar.finalize();
  await pipeline(tar, createWriteStream(path));
}

async function hostSourcesFiles(): Promise<{ name: string; text: string }[]> {
  const [list, directory] = APT_SOURCES;
  const files: { name: string; text: string }[] = [];
  const read = async (path: string): Promise<void> => {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined) files.push({ name: path, text });
  };
  if (list) await read(list);
  if (directory) {
    const names = await readdir(directory).catch(() => [] as string[]);
    for (const name of names.sort()) await read(join(directory, name));
  }
  return files;
}

function mmdebstrap(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'mmdebstrap',
      args,
      { timeout: BUILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          return reject(
            new Error('mmdebstrap is not installed (apt-get install mmdebstrap, or npm run setup)'),
          );
        }
        // Its last lines say what went wrong (E: ...); the rest is apt's progress.
        const tail = stderr.trim().split('\n').slice(-3).join(' / ');
        reject(new Error(`mmdebstrap failed: ${tail || error.message}`));
      },
    );
  });
}
