/**
 * SECURITY: the per-session quotas, in the words a learner sees. Callers check and create under the
 * session's lock (`context.locks`), so terminals of one session cannot pass a check together.
 */
import type { QuotaRule } from '../observability/refusal-rule.ts';
import { SandboxFull } from '../storage/session-storage.ts';
import type { CommandContext } from './context.ts';
import type { OwnContainer } from './own-containers.ts';

const MIB = 1024 * 1024;

/** What a session with no room left is told when it asks for a container. */
function fullMessage(context: CommandContext): string {
  const held = Math.round(context.quota.usage(context.ns.sessionId) / MIB);
  const limit = Math.round(context.limits.dataBytes / MIB);
  return context.quota.enforced
    ? `your sandbox's storage is full: it holds ${held} MiB of the ${limit} MiB it may keep, so no new container can start; remove volumes or containers (docker volume rm, docker rm) to make room`
    : `your sandbox holds ${held} MiB, more than the ${limit} MiB it may keep; remove some data (docker volume rm, docker rm) first`;
}

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
  // What the last command wrote is being measured: its answer decides.
  await context.quota.settled();
  // A session that was full may have made room since: measured again, once btrfs has handed back
  // what it removed, before it is refused.
  if (context.quota.full(context.ns.sessionId)) await context.quota.reclaim();
  if (context.quota.full(context.ns.sessionId)) return { rule: 'quota-data', message: fullMessage(context) };
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
 * Puts a container under the session's storage quota (see storage/session-storage.ts), or says why it
 * could not: then nothing may write into it, and the caller removes or refuses it.
 */
export async function storageProblem(
  context: CommandContext,
  containerId: string,
): Promise<string | undefined> {
  try {
    await context.storage.adoptContainer(context.ns.sessionId, await context.containers.inspect(containerId));
    return undefined;
  } catch (error) {
    if (error instanceof SandboxFull) {
      context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: 'quota-data' });
      await context.quota.remeasure();
      return fullMessage(context);
    }
    context.observer?.engineError({
      engine: context.engineName ?? 'engine',
      operation: 'storage',
      message: (error as Error).message,
    });
    return "the lab could not hold it to your sandbox's storage quota, so it was not used; try again in a moment";
  }
}
