/**
 * SECURITY: the per-session quotas as commands meet them, in the words a learner sees (the data
 * quota's own words are in storage/quota-messages.ts). Callers check and create under the session's
 * lock (`context.locks`), so terminals of one session cannot pass a check together.
 */
import type { QuotaRule } from '../observability/refusal-rule.ts';
import type { CommandContext } from './context.ts';

/** A quota the session would go over: the rule it is counted under, and what the learner is told. */
export interface QuotaProblem {
  readonly rule: QuotaRule;
  readonly message: string;
}

/** Says why the session may not start one more container, or nothing. */
export async function startProblem(
  context: CommandContext,
  own: readonly { state: string }[],
): Promise<QuotaProblem | undefined> {
  const { limits } = context;
  const room = await context.quota.roomProblem(context.ns.sessionId);
  if (room !== undefined) return { rule: 'quota-data', message: room };
  const running = own.filter((container) => container.state === 'running').length;
  if (running >= limits.maxRunning) {
    return {
      rule: 'quota-running',
      message: `${running} of your containers are running, the most this sandbox allows at once; stop one with docker stop`,
    };
  }
  return undefined;
}

/** Says why the session may not have one more container, or nothing. */
export function containerProblem(context: CommandContext, own: readonly unknown[]): QuotaProblem | undefined {
  if (own.length >= context.limits.maxContainers) {
    return {
      rule: 'quota-containers',
      message: `you have ${own.length} containers, the most this sandbox allows; remove some with docker rm (docker container prune removes every stopped one)`,
    };
  }
  return undefined;
}

/**
 * Says why the session, holding `volumes`, may not have the `named` ones it lacks and `anonymous` more,
 * or nothing.
 */
export function volumeProblem(
  context: CommandContext,
  volumes: readonly { Name: string }[],
  named: readonly string[],
  anonymous: number,
): QuotaProblem | undefined {
  const existing = new Set(volumes.map((volume) => volume.Name));
  const fresh = new Set(named.map((name) => context.ns.toEngine(name)).filter((name) => !existing.has(name)));
  if (existing.size + fresh.size + anonymous > context.limits.maxVolumes) {
    return {
      rule: 'quota-volumes',
      message: `this would give you more than ${context.limits.maxVolumes} volumes, the most this sandbox allows; remove some with docker volume rm`,
    };
  }
  return undefined;
}

/**
 * Puts a container under the session's data quota (see storage/session-quota.ts) before it first
 * starts, or says why it could not: then nothing may write into it, and the caller removes or refuses it.
 */
export async function holdContainer(
  context: CommandContext,
  containerId: string,
): Promise<string | undefined> {
  const { sessionId } = context.ns;
  const problem = await context.quota.holdContainer(sessionId, containerId);
  if (problem?.kind === 'full') context.observer?.policyRefused({ sessionId, rule: 'quota-data' });
  if (problem?.kind === 'failed') {
    context.observer?.engineError({
      engine: context.engineName ?? 'engine',
      operation: 'storage',
      message: problem.reason,
    });
  }
  return problem?.message;
}
