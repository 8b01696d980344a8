/**
 * SECURITY: which of the lab's images an engine image is, and what it is granted. The engine resolves
 * what a learner names (a tag, a digest-less reference, an image ID or a prefix of one) to one image;
 * that image is the lab's when the engine has tagged it with a reference of the catalogue
 * (`SandboxLimits.images`), and it is granted exactly the capabilities that reference's recipe records.
 * Nothing else a learner types (the spelling of the reference, `--entrypoint`, `--user`, the command)
 * changes the set. Pure.
 */
import { familiarString, parseNormalizedNamed, tagNameOnly } from '../format/image-reference.ts';
import { imageReferences, type LabImage, resolveLabImages } from '../images/catalogue.ts';
import type { Capability } from '../images/recipe.ts';
import type { SandboxLimits } from '../sandbox/limits.ts';

/**
 * A reference as docker compares them: `busybox`, `busybox:latest`, `docker.io/library/busybox` and
 * `library/busybox:latest` are all `busybox:latest`; one it cannot parse is left as it is.
 */
export function normaliseImage(reference: string): string {
  const parsed = parseNormalizedNamed(reference);
  return typeof parsed === 'string' ? reference : familiarString(tagNameOnly(parsed));
}

/** Whether `reference` names one of the lab's images by a tag of the catalogue. */
export function imageAllowed(reference: string, limits: SandboxLimits): boolean {
  const wanted = normaliseImage(reference);
  return limits.images.some((image) => normaliseImage(image) === wanted);
}

/** The image `docker run` names, and what the engine resolves that reference to. */
export interface RunImage {
  /** As typed: the request asks the engine for it as the CLI would. */
  reference: string;
  /** The image the engine resolves `reference` to (its RepoTags and VOLUME paths); absent when none. */
  engine?: { repoTags: readonly string[]; volumes: readonly string[] };
}

/**
 * What the engine would resolve `reference` to, read from the catalogue instead, for planning a request
 * without an engine (a benchmark's workload, a lesson's solution lines): a tag of the catalogue names
 * that tag's image, with the VOLUME paths of its recipe; anything else names no image.
 */
export function catalogueRunImage(reference: string, limits: SandboxLimits): RunImage {
  const tag = limits.images.find((image) => normaliseImage(image) === normaliseImage(reference));
  if (tag === undefined) return { reference };
  const entry = entryOf(tag);
  const volumes =
    entry?.source === 'recipe' && entry.recipe.kind === 'debian-packages' ? entry.recipe.config.Volumes : [];
  return { reference, engine: { repoTags: [tag], volumes: volumes ?? [] } };
}

/** One of the lab's images as the engine holds it. */
export interface GrantedImage {
  /** The catalogue reference the engine's image is tagged with, as `SandboxLimits.images` has it. */
  reference: string;
  /** What CapAdd holds for it, sorted: its recipe's set; none for an image from a registry. */
  capabilities: Capability[];
}

/** The catalogue entry `reference` (one of `SandboxLimits.images`) belongs to. */
function entryOf(reference: string): LabImage | undefined {
  const wanted = normaliseImage(reference);
  return resolveLabImages([reference]).find((image) =>
    imageReferences(image).some((candidate) => normaliseImage(candidate) === wanted),
  );
}

/** The capabilities the catalogue grants `reference`, sorted; none for a registry's image. */
export function grantedCapabilities(reference: string): Capability[] {
  const entry = entryOf(reference);
  if (entry?.source !== 'recipe') return [];
  return entry.recipe.capabilities.map((grant) => grant.name).sort();
}

/**
 * Which of the lab's images an engine image is, by the tags the engine gives it (its RepoTags):
 * undefined when none is the catalogue's, or when they name entries granted different sets (an operator's
 * retagging; refusing is the only safe reading).
 */
export function grantedImage(repoTags: readonly string[], limits: SandboxLimits): GrantedImage | undefined {
  const allowed = new Map(limits.images.map((image) => [normaliseImage(image), image]));
  const granted = repoTags.flatMap((tag) => {
    const reference = allowed.get(normaliseImage(tag));
    return reference === undefined ? [] : [{ reference, capabilities: grantedCapabilities(reference) }];
  });
  const [first] = granted;
  if (first === undefined) return undefined;
  const sets = new Set(granted.map((image) => image.capabilities.join()));
  return sets.size === 1 ? first : undefined;
}

/** The lab's images by the names a learner knows them: `busybox, debian, nginx and redis`. */
export function labImageNames(limits: SandboxLimits): string[] {
  const names: string[] = [];
  for (const reference of limits.images) {
    const entry = entryOf(reference);
    const name = entry?.source === 'recipe' ? entry.recipe.name : reference.replace(/:latest$/, '');
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
