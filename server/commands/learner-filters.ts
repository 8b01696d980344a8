import { isLabLabel } from '../labels.ts';
/**
 * SECURITY: reading a learner's `--filter key=value` values. The lab's own labels can never be
 * filtered on (that would let a learner probe other sessions), and `name=` patterns are matched
 * here against the learner's names, because the engine would match its prefixed names.
 */

export interface LearnerFilter {
  /** Trimmed and lower-cased, as the CLI sends it. */
  key: string;
  value: string;
}

/** Splits filter values as the CLI does; a refusal when one names the lab's own labels. */
export function readFilters(values: readonly string[]): LearnerFilter[] | string {
  const filters: LearnerFilter[] = [];
  for (const raw of values) {
    const at = raw.indexOf('=');
    const key = (at === -1 ? raw : raw.slice(0, at)).trim().toLowerCase();
    const value = at === -1 ? '' : raw.slice(at + 1);
    if ((key === 'label' || key === 'label!') && isLabLabel(value)) {
      return `volume-lab: filters on the lab's own labels (${value.split('=')[0]}) are not available in this sandbox`;
    }
    filters.push({ key, value });
  }
  return filters;
}

/** A `name=` filter as Go's regexp.MatchString applies it: an invalid pattern matches nothing. */
export function namePattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch {
    return /$^/;
  }
}
