/**
 * The names sandbox refusals are counted under. The code that refuses names the rule itself (the run
 * policy, the quotas, the command handlers), never a message: a refusal's message quotes what the
 * learner typed (a host path, an image, a label), and rewording it must not change a metric. A rule
 * is a fixed word or a flag name the CLI defines: a bounded set, safe as a metric label.
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

/** What a refusal is counted under: a named rule, or the flag refused (`ruleLabel` bounds the flags). */
export type RefusalRule = NamedRule | `--${string}`;

/** The rules of the per-session quotas (server/commands/quotas.ts). */
export type QuotaRule = Extract<NamedRule, `quota-${string}`>;

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
