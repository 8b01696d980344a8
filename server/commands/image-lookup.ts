/**
 * SECURITY: an image reference a learner typed, as the engine resolves it. The engine answers the same
 * way it will when the container is created (a tag first, then an image ID or a prefix of one), so the
 * policy judges the image the engine will really run. Only references docker could parse are sent: a
 * reference is part of the request's path, and the parser admits no path segment of its own.
 */
import type { ContainerEngine } from '../docker/containers.ts';
import { EngineError } from '../docker/engine-error.ts';
import { familiarString, parseAnyReference, tagNameOnly } from '../format/image-reference.ts';
import type { RunImage } from '../policy/images.ts';

/** The engine's image under a reference, or its answer that it has none. */
export type ImageLookup =
  | {
      found: true;
      /** `GET /images/{name}/json` as the engine answers it. */
      raw: Record<string, unknown>;
      repoTags: string[];
      volumes: string[];
    }
  | {
      found: false;
      /** The engine's own answer, when it was asked. */
      message?: string;
    };

/** Asks the engine for the image `reference` names; a reference docker could not parse is not asked for. */
export async function lookUpImage(containers: ContainerEngine, reference: string): Promise<ImageLookup> {
  if (typeof parseAnyReference(reference) === 'string') return { found: false };
  let raw: Record<string, unknown>;
  try {
    raw = await containers.inspectImage(reference);
  } catch (error) {
    if (error instanceof EngineError && error.statusCode < 500) {
      return { found: false, message: error.message };
    }
    throw error;
  }
  const config = raw.Config as { Volumes?: Record<string, unknown> | null } | null | undefined;
  return {
    found: true,
    raw,
    repoTags: (raw.RepoTags as string[] | null | undefined) ?? [],
    volumes: Object.keys(config?.Volumes ?? {}),
  };
}

/** What the run policy is told of the image: the reference as typed, and the engine's image if any. */
export function runImage(reference: string, lookup: ImageLookup): RunImage {
  return lookup.found
    ? { reference, engine: { repoTags: lookup.repoTags, volumes: lookup.volumes } }
    : { reference };
}

/**
 * The daemon's "no such image" answer to an inspect of `reference`, for an image the engine has but the
 * lab does not offer, or a reference the lab does not send: Engine 20.10 (API 1.41) prefixes the lookup's
 * error with the name asked for, later engines give the error alone.
 */
export function noSuchImage(reference: string, olderEngine: boolean): string {
  const parsed = parseAnyReference(reference);
  let error: string;
  if (typeof parsed === 'string') {
    // 20.10's reference parser did not yet name the repository in this error.
    error = olderEngine ? parsed.replace(/ \(.*\) must be lowercase$/, ' must be lowercase') : parsed;
  } else {
    error = `No such image: ${parsed.kind === 'id' ? parsed.id : familiarString(tagNameOnly(parsed))}`;
  }
  return olderEngine ? `no such image: ${reference}: ${error}` : error;
}
