/**
 * The data quota in the words a learner reads: every message about a sandbox whose storage is full,
 * once. Where the filesystem enforces the quota, writes past it failed ("Disk quota exceeded"); where
 * the lab samples it, the session went past it and the lab stopped its containers.
 */

const MIB = 1024 * 1024;
const mib = (bytes: number) => Math.round(bytes / MIB);

/** A session at its enforced quota. */
const storageFull = (heldBytes: number, limitBytes: number) =>
  `your sandbox's storage is full: it holds ${mib(heldBytes)} MiB of the ${mib(limitBytes)} MiB it may keep`;

/** A session past its sampled quota. */
const holdsTooMuch = (heldBytes: number, limitBytes: number) =>
  `your sandbox holds ${mib(heldBytes)} MiB, more than the ${mib(limitBytes)} MiB it may keep`;

/** Told once when a session's enforced quota is reached: its writes have started to fail. */
export function fullNotice(heldBytes: number, limitBytes: number): string {
  return `volume-lab: ${storageFull(heldBytes, limitBytes)}, so writes fail with "Disk quota exceeded". Delete files, or remove volumes or containers (docker volume rm, docker rm), to make room.`;
}

/** Why a container does not start in a session at its enforced quota. */
export function fullRefusal(heldBytes: number, limitBytes: number): string {
  return `${storageFull(heldBytes, limitBytes)}, so no new container can start; remove volumes or containers (docker volume rm, docker rm) to make room`;
}

/** Told once per measurement when the lab stops a session's containers for holding too much. */
export function overNotice(heldBytes: number, limitBytes: number): string {
  return `volume-lab: ${holdsTooMuch(heldBytes, limitBytes)}, so its containers were stopped. Remove some data (docker volume rm, docker rm) to go on.`;
}

/** Why a container does not start in a session past its sampled quota. */
export function overRefusal(heldBytes: number, limitBytes: number): string {
  return `${holdsTooMuch(heldBytes, limitBytes)}; remove some data (docker volume rm, docker rm) first`;
}

/** Why a container was not used when the lab could not put it under the quota. */
export const UNHELD_MESSAGE =
  "the lab could not hold it to your sandbox's storage quota, so it was not used; try again in a moment";
