/** The LabObserver the server hands to commands, shells and checks: each event to the metrics and the log. */
import type { LabObserver } from '../commands/context.ts';
import type { LabLog } from './command-log.ts';
import { COMMAND_NAMES, OTHER } from './command-name.ts';
import type { LabMetrics } from './metrics.ts';
import { ruleLabel } from './refusal-rule.ts';

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
