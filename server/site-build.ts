/** Builds the static site when `dist/` is missing or older than its sources, so `npm start` is one step. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

/** True when the built site is absent or any source it is built from changed after it. */
export async function siteIsStale(root: string): Promise<boolean> {
  const built = await stat(join(root, 'dist', 'index.html')).catch(() => undefined);
  if (!built) return true;
  const sources = await Promise.all(
    ['src', 'astro.config.mjs', 'package.json', 'public'].map((path) => newestMtime(join(root, path))),
  );
  return Math.max(...sources) > built.mtimeMs;
}

export async function buildSite(root: string): Promise<void> {
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const { build } = await import('astro');
  await build({ root, logLevel: 'warn' });
}
