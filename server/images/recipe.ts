/**
 * What an image of the lab's catalogue is made of: the data a builder needs to make it without a
 * registry, the config the image carries, and the capabilities its entrypoint needs in the sandbox.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Linux capabilities by the names Docker's CapAdd takes (without the CAP_ prefix). */
export type Capability = 'CHOWN' | 'DAC_OVERRIDE' | 'FOWNER' | 'SETGID' | 'SETUID';

/** One capability an image is granted on top of CapDrop ALL, and what in the image needs it. */
export interface CapabilityGrant {
  name: Capability;
  reason: string;
}

/**
 * What root in a shell image (busybox, debian) needs to be root as learners know it, on files other
 * users own: a volume redis wrote is the usual case.
 */
export const ROOT_SHELL_CAPABILITIES: readonly CapabilityGrant[] = [
  {
    name: 'CHOWN',
    reason: 'root gives files to another user (`chown redis file`), as the ownership lesson does',
  },
  {
    name: 'DAC_OVERRIDE',
    reason:
      "root reads and writes files other users keep private (a backup of redis's 0600 dump.rdb with tar)",
  },
  {
    name: 'FOWNER',
    reason:
      "root changes the mode of another user's file (`chmod`, and `tar x` restoring modes after owners)",
  },
];

/** The image config `docker inspect IMAGE` shows under Config, as the official image sets it. */
export interface ImageConfig {
  Entrypoint?: string[];
  Cmd: string[];
  Env: string[];
  WorkingDir?: string;
  /** Paths the image declares with VOLUME: a container gets an anonymous volume for each. */
  Volumes?: string[];
  /** `80/tcp` and the like, as EXPOSE writes them. */
  ExposedPorts?: string[];
  StopSignal?: string;
  Labels?: Record<string, string>;
}

/** A system user created before the packages install, so their scripts find it with the official uid. */
export interface SystemUser {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

/** Something laid over the root filesystem once the packages are in. Paths are absolute. */
export type RootfsEntry =
  | { type: 'file'; path: string; content: string; mode: number; uid?: number; gid?: number }
  | { type: 'directory'; path: string; mode: number; uid?: number; gid?: number }
  | { type: 'symlink'; path: string; target: string };

interface RecipeBase {
  /** The name LAB_IMAGES uses, e.g. `nginx`. */
  name: string;
  repository: string;
  /** The first is the one the others are tagged from. */
  tags: readonly [string, ...string[]];
  /** What the entrypoint needs with CapDrop ALL (the sandbox grants exactly these). */
  capabilities: readonly CapabilityGrant[];
}

/** An image built from Debian packages with mmdebstrap through the host's apt sources. */
export interface DebianRecipe extends RecipeBase {
  kind: 'debian-packages';
  suite: string;
  /**
   * mmdebstrap's variant: `minbase` is Essential:yes plus apt, like the official Debian image;
   * `extract` only unpacks the packages (no maintainer scripts), which is enough for a tiny image.
   */
  variant: 'minbase' | 'extract';
  packages: readonly string[];
  users: readonly SystemUser[];
  entries: readonly RootfsEntry[];
  /** Paths the packages bring that the official image does not have. */
  remove: readonly string[];
  config: ImageConfig;
}

/** busybox as the lab has always built it: the host's static binary in an otherwise empty image. */
export interface BusyboxRecipe extends RecipeBase {
  kind: 'static-busybox';
}

export type ImageRecipe = DebianRecipe | BusyboxRecipe;

/**
 * Bumped when the builder changes what it makes of the same recipe, so every image built the old
 * way is rebuilt once.
 */
const BUILDER_VERSION = 1;

/**
 * A short hash of everything that goes into a Debian image: a different hash means a different
 * image, so the cached root filesystem and the image on an engine are both rebuilt.
 */
export function recipeHash(recipe: DebianRecipe): string {
  const { name: _name, tags: _tags, capabilities: _capabilities, ...made } = recipe;
  return createHash('sha256')
    .update(JSON.stringify({ builder: BUILDER_VERSION, ...made }))
    .digest('hex')
    .slice(0, 16);
}

/** A file of the recipe's directory, read once when the catalogue loads. */
export function recipeFile(relative: string): string {
  return readFileSync(new URL(`./recipes/${relative}`, import.meta.url), 'utf8');
}
