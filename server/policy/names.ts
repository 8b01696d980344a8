/**
 * Names as the daemon checks them. The lab checks them itself because the session's prefix hides the
 * learner's name from the daemon, and answers in the daemon's words.
 */

/** A name the local volume driver accepts; an engine name, prefix included, must match it too. */
export const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const VALID_CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** The daemon's answer to a bad local volume name, or undefined. */
export function volumeNameError(name: string): string | undefined {
  if (name.length < 2) {
    return `create ${name}: volume name is too short, names should be at least two alphanumeric characters`;
  }
  if (!VALID_NAME.test(name)) {
    return `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`;
  }
  return undefined;
}

/** The daemon's answer to a bad container name, or undefined (an empty name is the daemon's to pick). */
export function containerNameError(name: string): string | undefined {
  if (name === '' || VALID_CONTAINER_NAME.test(name)) return undefined;
  return `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`;
}
