/**
 * SECURITY: every label the lab puts on engine objects. The lab finds, scopes and reaps what belongs
 * to it by these labels alone; learners can neither set nor filter on any key under the prefix.
 */

/** Label keys under this prefix belong to the lab; learners can neither set nor filter on them. */
export const LAB_LABEL_PREFIX = 'volume-lab.';
/** The label that says which session owns an engine object: the source of truth for reaping. */
export const SESSION_LABEL = `${LAB_LABEL_PREFIX}session`;
/**
 * Which lab server made an engine object. Each server reaps only its own instance's objects, so a
 * test run or a second lab sharing the engine is never swept away by this one.
 */
export const INSTANCE_LABEL = `${LAB_LABEL_PREFIX}instance`;
/** Marks volumes the lab created without a learner-given name, as the docker CLI calls them anonymous. */
export const ANONYMOUS_LABEL = `${LAB_LABEL_PREFIX}anonymous`;
/**
 * On an anonymous volume mount the lab asks for where docker would have taken the path from the
 * container's Config.Volumes (an image's `VOLUME`, a `-v /path`), with that path as docker keys it:
 * the lab asks for a labelled mount instead, so the volume is the session's, and inspect shows it as
 * docker would have made it.
 */
export const DECLARED_VOLUME_LABEL = `${LAB_LABEL_PREFIX}declared-volume`;
/** Marks containers started with `-d`: only their deaths are news (a foreground run shows its own end). */
export const DETACHED_LABEL = `${LAB_LABEL_PREFIX}detached`;
/** Marks a foreground `--rm` container the lab removes itself (see container-run.ts); inspect shows AutoRemove. */
export const REMOVE_LABEL = `${LAB_LABEL_PREFIX}rm`;
/** Marks a check's helper container, with the session it reads for, so a reaper can find one a crash left behind. */
export const CHECKER_LABEL = `${LAB_LABEL_PREFIX}checker`;

/**
 * On every image the lab builds from Debian packages, which containers inherit: so these keys stay
 * outside the prefix above, whose labels the lab hides from learners and reaps by.
 */
export const BUILT_FROM_LABEL = 'org.volume-lab.built-from';
/** The hash of the recipe an image was built from: a different one means the image is rebuilt. */
export const RECIPE_LABEL = 'org.volume-lab.recipe';

/** True for label keys learners may not set or filter on. */
export function isLabLabel(key: string): boolean {
  return key.toLowerCase().startsWith(LAB_LABEL_PREFIX);
}
