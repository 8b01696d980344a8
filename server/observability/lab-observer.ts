/** The LabObserver the server hands to commands, shells and checks: each event to the metrics and the log. */
import type { LabLog } from './command-log.ts';
import { COMMAND_NAMES, OTHER } from './command-name.ts';
import type { LabMetrics } from './metrics.ts';
import { ruleLabel } from './refusal-rule.ts';

/**
 * What the lab reports about itself. Events carry names and numbers only: never command arguments
 * beyond the command's name, never file contents.
 */
export interface LabObserver {
  /** A command line finished; `command` is the docker command's name, e.g. `volume create`. */
  commandFinished(event: { sessionId: string; command: string; exitCode: number; ms: number }): void;
  /** The sandbox refused a request; `rule` names what was refused, e.g. `--privileged`. */
  policyRefused(event: { sessionId: string; rule: string }): void;
  /** A lesson step's check passed for a session for the first time. */
  checkPassed(event: { sessionId: string; lesson: string; step: string }): void;
  /** An engine call failed for a reason other than the learner's input. */
  engineError(event: { engine: string; operation: string; message: string }): void;
  /** The number of container tasks waiting for their turn on an engine changed. */
  engineQueue(event: { engine: string; waiting: number }): void;
  /** A container task's turn came on an engine after `waitedMs` (0 when a slot was free). */
  engineTurn(event: { engine: string; waitedMs: number }): void;
  /** A session ended and its objects were removed; `unknown` is one the reaper found orphaned. */
  sessionEnded(event: { sessionId: string; reason: 'idle' | 'lifetime' | 'workshop' | 'unknown' }): void;
  /** A newcomer was turned away: the lab was full, the client too fast, or no engine answered. */
  admissionRefused(event: { reason: 'full' | 'rate' | 'engine' | 'address' }): void;
}

/**
 * Reporting must never fail the command it reports on (a closed stdout, a bug here): a lost log
 * line is better than a learner's command ending in an internal error.
 */
function quietly<A extends unknown[]>(report: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      report(...args);
    } catch {
      // Nothing to tell: the log may be what failed.
    }
  };
}

export function createLabObserver(options: { metrics: LabMetrics; log: LabLog }): LabObserver {
  const { metrics, log } = options;
  return {
    commandFinished: quietly(({ sessionId, command, exitCode, ms }) => {
      // A caller that passed the raw line by mistake must not put the learner's arguments in the log.
      const name = COMMAND_NAMES.has(command) ? command : OTHER;
      metrics.commandFinished(name, exitCode, ms);
      log.command({ sessionId, command: name, exitCode, ms });
    }),
    policyRefused: quietly(({ sessionId, rule }) => {
      metrics.policyRefused(rule);
      log.log('info', 'policy-refused', { session: sessionId, rule: ruleLabel(rule) });
    }),
    checkPassed: quietly(({ sessionId, lesson, step }) => {
      metrics.checkPassed(lesson);
      log.log('info', 'check-passed', { session: sessionId, lesson, step });
    }),
    engineError: quietly(({ engine, operation, message }) => {
      metrics.engineError(engine, operation);
      log.log('error', 'engine-error', { engine, operation, message });
    }),
    // Several times per container command in a busy room: metrics only, no log line.
    engineQueue: quietly(({ engine, waiting }) => metrics.engineQueue(engine, waiting)),
    engineTurn: quietly(({ engine, waitedMs }) => metrics.engineTurn(engine, waitedMs)),
    sessionEnded: quietly(({ sessionId, reason }) => {
      metrics.sessionReaped(reason);
      log.log('info', 'session-ended', { session: sessionId, reason });
    }),
    admissionRefused: quietly(({ reason }) => {
      metrics.admissionRefused(reason);
      log.log('warn', 'admission-refused', { reason });
    }),
  };
}
