/**
 * The names sandbox refusals are counted under. A refusal's message quotes what the learner typed
 * (a host path, an image, a label), so the rule is a fixed word or a flag name the CLI defines:
 * a bounded set, safe as a metric label.
 */
import { ROOT_ENTRIES } from '../cli/docker-root.ts';

/** Refusals that are not one flag: what each word stands for is in docs/observability.md. */
export const NAMED_RULES = [
  'host-path',
  'image',
  'mount-type',
  'mount-option',
  'lab-label',
  'lab-label-filter',
  'global-option',
  'unavailable-command',
  'shell-syntax',
  'quota-data',
  'quota-running',
  'quota-containers',
  'quota-volumes',
  'internal-check',
] as const;

export type NamedRule = (typeof NAMED_RULES)[number];

function cliFlags(): Set<string> {
  const flags = new Set<string>();
  for (const entry of ROOT_ENTRIES.values()) {
    const specs = entry.kind === 'command' ? [entry.command] : entry.group.commands;
    for (const spec of specs) for (const flag of spec.flags) flags.add(`--${flag.name}`);
  }
  return flags;
}

const KNOWN_RULES: ReadonlySet<string> = new Set([...NAMED_RULES, ...cliFlags()]);

/** The rule as a label: itself when it is a named rule or a flag the CLI defines, else `other`. */
export function ruleLabel(rule: string): string {
  return KNOWN_RULES.has(rule) ? rule : 'other';
}

const LAB_REFUSAL = /^volume-lab: (.+?) is not available in this sandbox/;

/**
 * The rule behind a refusal from the run policy (`planRun`), read from its message because the
 * policy returns words for the learner only. Undefined for the daemon-worded errors it also
 * returns (a bad mode, a duplicate mount point): those are mistakes, not refusals.
 */
export function refusalRule(message: string): string | undefined {
  if (message.startsWith('volume-lab: internal policy check failed')) return 'internal-check';
  const subject = LAB_REFUSAL.exec(message)?.[1];
  if (subject === undefined) return undefined;
  if (/^-v /.test(subject) || /^--mount (type=(bind|npipe)|source=)/.test(subject)) return 'host-path';
  if (subject.startsWith('--mount type=')) return 'mount-type';
  if (subject.startsWith('--mount volume-label=')) return 'lab-label';
  if (subject.startsWith('--mount ')) return 'mount-option';
  if (subject.startsWith('--label ')) return 'lab-label';
  if (subject.startsWith('the image ')) return 'image';
  return ruleLabel(subject);
}

/** The quota a quota problem (server/commands/quotas.ts) names. */
export function quotaRule(problem: string): NamedRule {
  if (/ MiB\b/.test(problem)) return 'quota-data';
  if (/\bare running\b/.test(problem)) return 'quota-running';
  if (/\bvolumes, the most\b/.test(problem)) return 'quota-volumes';
  return 'quota-containers';
}
