/**
 * The images learners may run. A catalogue image has a recipe, so the lab can build it without a
 * registry; any other image named in LAB_IMAGES must be on the engine already or come from a registry.
 */
import { z } from 'zod';
import type { ImageRecipe } from './recipe.ts';
import { busybox } from './recipes/busybox.ts';
import { debian } from './recipes/debian.ts';
import { nginx } from './recipes/nginx.ts';
import { redis } from './recipes/redis.ts';

/** Every image the lab can make itself, by the name LAB_IMAGES uses. */
export const CATALOGUE: readonly ImageRecipe[] = [busybox, debian, nginx, redis];

/** busybox first: it is the image the lab's own checks read volumes with. */
export const DEFAULT_LAB_IMAGES: readonly string[] = CATALOGUE.map((recipe) => recipe.name);

/** One image the lab offers: a recipe of the catalogue (with all its tags), or a registry's image. */
export type LabImage =
  | { source: 'recipe'; recipe: ImageRecipe }
  | { source: 'registry'; repository: string; tag: string };

// Docker's reference grammar without digests: [registry[:port]/]path[:tag].
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REFERENCE = new RegExp(
  `^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?${COMPONENT}(?:/${COMPONENT})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$`,
);

/** One LAB_IMAGES entry. */
export const labImageSchema = z
  .string()
  .trim()
  .regex(
    REFERENCE,
    `an image is a catalogue name (${DEFAULT_LAB_IMAGES.join(', ')}), one of their tags, or a reference like registry.example.org/team/image:tag (no digests)`,
  );

/** LAB_IMAGES: comma-separated entries, at least one. */
export const labImageListSchema = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  )
  .pipe(z.array(labImageSchema).min(1, 'LAB_IMAGES names at least one image'));

/** `registry:5000/name:tag` as repository and tag (undefined when the reference has none). */
function splitReference(reference: string): { repository: string; tag: string | undefined } {
  const colon = reference.lastIndexOf(':');
  if (colon > reference.lastIndexOf('/')) {
    return { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  }
  return { repository: reference, tag: undefined };
}

/** Docker Hub's official images answer to several names; the catalogue knows them by the short one. */
function familiarRepository(repository: string): string {
  return repository
    .replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '')
    .replace(/^library\//, '');
}

/**
 * The images LAB_IMAGES names, in its order, each once: a catalogue name or one of a recipe's tags
 * means the whole recipe; anything else is a registry's image.
 */
export function resolveLabImages(entries: readonly string[]): LabImage[] {
  const images: LabImage[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const { repository, tag } = splitReference(entry);
    const recipe = CATALOGUE.find(
      (candidate) =>
        candidate.repository === familiarRepository(repository) &&
        (tag === undefined || candidate.tags.includes(tag)),
    );
    const image: LabImage = recipe
      ? { source: 'recipe', recipe }
      : { source: 'registry', repository, tag: tag ?? 'latest' };
    const key = imageReferences(image).join();
    if (seen.has(key)) continue;
    seen.add(key);
    images.push(image);
  }
  return images;
}

/** The references an image answers to on the engine, its first tag first. */
export function imageReferences(image: LabImage): string[] {
  if (image.source === 'registry') return [`${image.repository}:${image.tag}`];
  return image.recipe.tags.map((tag) => `${image.recipe.repository}:${tag}`);
}

/** Every reference learners may run: what the sandbox policy allows and `docker images` lists. */
export function allowedReferences(images: readonly LabImage[]): string[] {
  return images.flatMap(imageReferences);
}

/** A short name for progress lines and errors. */
export function imageName(image: LabImage): string {
  return image.source === 'recipe' ? image.recipe.name : `${image.repository}:${image.tag}`;
}
