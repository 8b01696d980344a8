/** How the sandbox policy says no: in the lab's own words, or as the daemon or the CLI would. */
import { daemonFailure, withRunHelp } from '../docker/daemon-error.ts';
import type { RefusalRule } from '../observability/refusal-rule.ts';

/** A refusal: `message` is printed as is, `exitCode` is what `docker run` exits with. */
export interface Refusal {
  refused: true;
  message: string;
  exitCode: number;
  /**
   * What the sandbox refused, as metrics count it; absent for the daemon-worded mistakes the policy
   * also returns (a bad mode, a duplicate mount point), which are not refusals.
   */
  rule?: RefusalRule;
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as { refused?: unknown }).refused === true;
}

/** One line, and exit 125 as `docker run` exits for what stops it before the container runs. */
export function refuse(line: string, rule?: RefusalRule): Refusal {
  return { refused: true, message: `${line}\n`, exitCode: 125, ...(rule ? { rule } : {}) };
}

/** A refusal worded as the lab's own: `subject` is what the learner asked for, `rule` what it breaks. */
export function labRefusal(rule: RefusalRule, subject: string, reason: string): Refusal {
  return refuse(`volume-lab: ${subject} is not available in this sandbox: ${reason}`, rule);
}

/** A mistake worded as the daemon answers `docker run`, with the exit code the CLI gives that answer. */
export function daemonRefusal(text: string): Refusal {
  const failure = daemonFailure(text, 'run');
  return { refused: true, message: failure.stderr, exitCode: failure.exitCode };
}

/** A mistake the CLI itself reports before asking the daemon. */
export function cliRefusal(text: string): Refusal {
  return { refused: true, message: withRunHelp(text), exitCode: 125 };
}
