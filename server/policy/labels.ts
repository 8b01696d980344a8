/** Labels a learner gives a container (`--label`) or a new volume (`--mount volume-label=`). */

import { isLabLabel } from '../labels.ts';
import { type Refusal, refuse } from './refusal.ts';

/** `KEY=VALUE` (or a bare `KEY`, an empty value) by key; the lab's own labels are refused. */
export function labelsFrom(values: readonly string[], flag: string): Record<string, string> | Refusal {
  const labels: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    const key = at === -1 ? value : value.slice(0, at);
    if (isLabLabel(key)) return labelRefusal(flag, key);
    labels[key] = at === -1 ? '' : value.slice(at + 1);
  }
  return labels;
}

function labelRefusal(flag: string, key: string): Refusal {
  return refuse(
    `volume-lab: ${flag}${flag.endsWith('=') ? '' : ' '}${key} is not available in this sandbox: labels starting with volume-lab. belong to the lab itself`,
    'lab-label',
  );
}
