/**
 * Makes the lab's images available on one engine. Each is used if present (and, when the lab built
 * it, built from the current recipe), pulled if a registry answers, otherwise built: busybox from the
 * host's static binary, the others from Debian packages, whose root filesystem is built once and
 * cached, so a second engine only imports it.
 */
import { createReadStream, existsSync } from 'node:fs';
import type Dockerode from 'dockerode';
import {
  type CommitConfig,
  commitImage,
  type ImageFacts,
  importRootfs,
  inspectImage,
  intermediateTag,
  looksLikeNetworkFailure,
  pullImage,
  removeImageIfUnused,
  shortReason,
  tagImage,
} from '../docker/images.ts';
import { BUILT_FROM_LABEL, RECIPE_LABEL } from '../labels.ts';
import { buildBusyboxImage, DEFAULT_BUSYBOX_PATHS, findBusybox } from './busybox-image.ts';
import { imageName, imageReferences, type LabImage } from './catalogue.ts';
import { cachedRootfsPath, DEFAULT_IMAGE_CACHE, ensureRootfs } from './debian-rootfs.ts';
import { type DebianRecipe, recipeHash } from './recipe.ts';

export interface ProvisionOptions {
  images: readonly LabImage[];
  /** Where built root filesystems are kept. Defaults to {@link DEFAULT_IMAGE_CACHE}. */
  cacheDir?: string;
  /** The static busybox to build busybox from. Defaults to the first of {@link DEFAULT_BUSYBOX_PATHS}. */
  busyboxPath?: string;
  /** Upper bound for each registry pull, in milliseconds. Defaults to 15000. */
  pullTimeoutMs?: number;
  /** Receives one line for each image that must be pulled, built or imported; none for one present. */
  onProgress?: (line: string) => void;
}

/** How an image came to be on the engine. */
export type ProvisionSource = 'present' | 'pulled' | 'built' | 'imported';

export interface ProvisionResult {
  name: string;
  references: string[];
  source: ProvisionSource;
  /** Wall-clock time for this image, in milliseconds. */
  ms: number;
  /** Time spent building its root filesystem (mmdebstrap) or the busybox image, when it was built. */
  buildMs?: number;
  /** Time spent importing a root filesystem and committing the image's config. */
  importMs?: number;
}

/** Thrown with a one-line, operator-facing message when an image cannot be made available. */
export class LabImageError extends Error {
  override name = 'LabImageError';
}

const DEFAULT_PULL_TIMEOUT_MS = 15_000;

/** Provides every image, one after another; throws {@link LabImageError} at the first that fails. */
export async function provisionImages(
  docker: Dockerode,
  options: ProvisionOptions,
): Promise<ProvisionResult[]> {
  // After one pull fails for want of a network, the others on this engine would only fail the same way.
  const registry: { unreachable?: string } = {};
  const results: ProvisionResult[] = [];
  for (const image of options.images) results.push(await provisionImage(docker, image, options, registry));
  return results;
}

async function provisionImage(
  docker: Dockerode,
  image: LabImage,
  options: ProvisionOptions,
  registry: { unreachable?: string },
): Promise<ProvisionResult> {
  const started = performance.now();
  const name = imageName(image);
  const references = imageReferences(image);
  const fail = (text: string): LabImageError => new LabImageError(`image ${name}: ${text}`);
  const say = (text: string): void => options.onProgress?.(`image ${name}: ${text}`);
  const finish = (source: ProvisionSource, parts: Partial<ProvisionResult> = {}): ProvisionResult => ({
    name,
    references,
    source,
    ms: Math.round(performance.now() - started),
    ...parts,
  });
  const hash =
    image.source === 'recipe' && image.recipe.kind === 'debian-packages'
      ? recipeHash(image.recipe)
      : undefined;

  const found = await Promise.all(references.map((reference) => inspectImage(docker, reference))).catch(
    (error: unknown) => {
      throw fail(`cannot talk to the Docker engine (${shortReason(error)})`);
    },
  );
  // An image without the lab's recipe label came from a registry (or its operator): it is used as it is.
  const current = (facts: ImageFacts | undefined): boolean =>
    facts !== undefined && [undefined, hash].includes(facts.labels[RECIPE_LABEL]);
  if (found.every(current)) return finish('present');

  let pullReason = registry.unreachable;
  if (pullReason === undefined) {
    try {
      for (const reference of references)
        await pullImage(docker, reference, options.pullTimeoutMs ?? DEFAULT_PULL_TIMEOUT_MS);
      say(`pulled ${references.join(', ')}`);
      return finish('pulled');
    } catch (error) {
      pullReason = shortReason(error);
      if (looksLikeNetworkFailure(pullReason)) registry.unreachable = pullReason;
    }
  }
  if (image.source === 'registry') {
    throw fail(
      `not on this engine and cannot be pulled (${pullReason}); only catalogue images can be built here (docs/images.md)`,
    );
  }
  const why = looksLikeNetworkFailure(pullReason) ? 'no registry reachable' : `pull failed (${pullReason})`;
  const recipe = image.recipe;
  const [primary, ...aliases] = recipe.tags;

  if (recipe.kind === 'static-busybox') {
    const busyboxPath = await findBusybox(options.busyboxPath);
    if (!busyboxPath) {
      const where = options.busyboxPath ?? DEFAULT_BUSYBOX_PATHS.join(' or ');
      throw fail(
        `cannot pull it (${pullReason}) and found no busybox binary at ${where}; install busybox-static`,
      );
    }
    say(`${why}; building ${references.join(', ')} from ${busyboxPath}`);
    const buildStarted = performance.now();
    await buildBusyboxImage(docker, { repo: recipe.repository, tag: primary }, busyboxPath).catch(
      (error: unknown) => {
        throw fail(`building from ${busyboxPath} failed (${shortReason(error)})`);
      },
    );
    for (const tag of aliases)
      await tagImage(docker, `${recipe.repository}:${primary}`, recipe.repository, tag);
    return finish('built', { buildMs: Math.round(performance.now() - buildStarted) });
  }

  if (hash === undefined) throw fail('a Debian recipe without a hash');
  const cacheDir = options.cacheDir ?? DEFAULT_IMAGE_CACHE;
  const rootfs = cachedRootfsPath(cacheDir, recipe, hash);
  const stale = found.some((facts) => facts !== undefined && !current(facts));
  const reason = stale ? 'its recipe changed' : why;
  say(
    existsSync(rootfs)
      ? `${reason}; importing ${references.join(', ')} from ${rootfs}`
      : `${reason}; building ${references.join(', ')} from Debian ${recipe.suite} packages (mmdebstrap, once per recipe), then importing it`,
  );
  const buildStarted = performance.now();
  const { built } = await ensureRootfs(recipe, hash, cacheDir).catch((error: unknown) => {
    throw fail(`building from Debian packages failed: ${shortReason(error)}`);
  });
  const importStarted = performance.now();
  await importDebianImage(docker, recipe, hash, rootfs).catch((error: unknown) => {
    throw fail(`importing ${rootfs} failed (${shortReason(error)})`);
  });
  const importMs = Math.round(performance.now() - importStarted);
  // The images the new one replaces, unless a container still runs one (then the engine keeps it).
  const now = await inspectImage(docker, `${recipe.repository}:${primary}`);
  for (const facts of found) {
    if (facts && facts.id !== now?.id && facts.labels[RECIPE_LABEL] !== undefined) {
      await removeImageIfUnused(docker, facts.id);
    }
  }
  return built
    ? finish('built', { buildMs: Math.round(importStarted - buildStarted), importMs })
    : finish('imported', { importMs });
}

/** Imports the cached root filesystem and gives it the recipe's config and every tag. */
async function importDebianImage(
  docker: Dockerode,
  recipe: DebianRecipe,
  hash: string,
  rootfs: string,
): Promise<void> {
  const repo = recipe.repository;
  const [primary, ...aliases] = recipe.tags;
  const importTag = intermediateTag();
  try {
    await importRootfs(docker, createReadStream(rootfs), {
      repo,
      tag: importTag,
      message: `volume-lab: ${recipe.name} from Debian ${recipe.suite} packages`,
    });
    await commitImage(docker, {
      from: `${repo}:${importTag}`,
      repo,
      tag: primary,
      comment: `volume-lab: ${recipe.name} image config`,
      config: commitConfig(recipe, hash),
      changes: (recipe.config.Volumes ?? []).map((path) => `VOLUME ${JSON.stringify([path])}`),
    });
    for (const tag of aliases) await tagImage(docker, `${repo}:${primary}`, repo, tag);
  } finally {
    await removeImageIfUnused(docker, `${repo}:${importTag}`);
  }
}

function commitConfig(recipe: DebianRecipe, hash: string): CommitConfig {
  const { Volumes: _volumes, ExposedPorts, Labels, ...rest } = recipe.config;
  return {
    ...rest,
    ...(ExposedPorts ? { ExposedPorts: Object.fromEntries(ExposedPorts.map((port) => [port, {}])) } : {}),
    Labels: { ...Labels, [BUILT_FROM_LABEL]: 'debian-packages', [RECIPE_LABEL]: hash },
  };
}
