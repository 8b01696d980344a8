/**
 * A learner's progress per lesson: the ids of the steps that have passed, kept in this browser's
 * localStorage under `volume-lab.progress.<lesson>`. Steps stay passed once passed: a later step may
 * well undo an earlier one's state (remove the volume step 1 created), and that is not a regression.
 */

const PREFIX = 'volume-lab.progress.';

export const progressKey = (lesson: string): string => `${PREFIX}${lesson}`;

/** The lesson a storage key belongs to, or null when it is not a progress key. */
export function lessonOfKey(key: string | null): string | null {
  return key?.startsWith(PREFIX) ? key.slice(PREFIX.length) : null;
}

interface Stored {
  v: 1;
  passed: string[];
}

function isStored(value: unknown): value is Stored {
  if (typeof value !== 'object' || value === null) return false;
  const { v, passed } = value as { v?: unknown; passed?: unknown };
  return v === 1 && Array.isArray(passed) && passed.every((id) => typeof id === 'string');
}

// Storage can be unavailable (blocked cookies, some private modes): progress then lasts for the
// page view only, which is the most we can do.
function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // See read().
  }
}

/** The steps of `lesson` that have passed, restricted to `stepIds` when given (renamed steps drop out). */
export function loadPassed(lesson: string, stepIds?: readonly string[]): Set<string> {
  const raw = read(progressKey(lesson));
  if (!raw) return new Set();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return new Set();
  }
  if (!isStored(parsed)) return new Set();
  const known = stepIds ? new Set(stepIds) : null;
  return new Set(parsed.passed.filter((id) => !known || known.has(id)));
}

export function savePassed(lesson: string, passed: Iterable<string>): void {
  const stored: Stored = { v: 1, passed: [...new Set(passed)] };
  write(progressKey(lesson), JSON.stringify(stored));
}

export function clearProgress(lesson: string): void {
  write(progressKey(lesson), null);
}
