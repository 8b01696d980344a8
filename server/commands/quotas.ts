/**
 * SECURITY: the per-session quotas, in the words a learner sees. Callers check and create under the
 * session's lock (`context.locks`), so terminals of one session cannot pass a check together.
 */
import type { QuotaRule } from '../observability/refusal-rule.ts';
import type { CommandContext } from './context.ts';
import type { OwnContainer } from './own-containers.ts';

const MIB = 1024 * 1024;

/** A quota the session would go over: the rule it is counted under, and what the learner is told. */
export interface QuotaProblem {
  readonly rule: QuotaRule;
  readonly message: string;
}

/** Says why the session may not start one more container, or nothing. */
export async function startProblem(
  context: CommandContext,
  own: readonly OwnContainer[],
): Promise<QuotaProblem | undefined> {
  const { limits } = context;
  if (context.quota.usage(context.ns.sessionId) > limits.dataBytes) await context.quota.remeasure();
  const held = context.quota.usage(context.ns.sessionId);
  if (held > limits.dataBytes) {
    return {
      rule: 'quota-data',
      message: `your sandbox holds ${Math.round(held / MIB)} MiB, more than the ${Math.round(limits.dataBytes / MIB)} MiB it may keep; remove some data (docker volume rm, docker rm) first`,
    };
  }
  const running = own.filter((container) => container.summary.State === 'running').length;
  if (running >= limits.maxRunning) {
    return {
      rule: 'quota-running',
      message: `${running} of your containers are running, the most this sandbox allows at once; stop one with docker stop`,
    };
  }
  return undefined;
}

/** Says why the session may not have one more container, or nothing. */
export function containerProblem(
  context: CommandContext,
  own: readonly OwnContainer[],
): QuotaProblem | undefined {
  if (own.length >= context.limits.maxContainers) {
    return {
      rule: 'quota-containers',
      message: `you have ${own.length} containers, the most this sandbox allows; remove some with docker rm (docker container prune removes every stopped one)`,
    };
  }
  return undefined;
}

/** Says why the session may not have `adding` more volumes (beyond the named ones it already has), or nothing. */
export async function volumeProblem(
  context: CommandContext,
  named: readonly string[],
  anonymous: number,
): Promise<QuotaProblem | undefined> {
  const volumes = await context.engine.listVolumes({ label: [context.ns.labelFilter] });
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
 * Puts something a command made under the session's storage quota (see storage/session-storage.ts),
 * or says why it could not: then nothing may write into it, and the caller removes or refuses it.
 */
export async function storageProblem(
  context: CommandContext,
  adopt: () => Promise<void>,
): Promise<string | undefined> {
  try {
    await adopt();
    return undefined;
  } catch (error) {
    context.observer?.engineError({
      engine: context.engineName ?? 'engine',
      operation: 'storage',
      message: (error as Error).message,
    });
    return "the lab could not hold it to your sandbox's storage quota, so it was not used; try again in a moment";
  }
}
