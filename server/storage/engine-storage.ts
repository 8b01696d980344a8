/**
 * SECURITY: how each engine holds its sessions to their data quota, chosen once per engine when the
 * lab starts: by the filesystem where this server can reach the engine's btrfs data root
 * (quota-groups.ts), sampled by the lab everywhere else. The operator is told which, and why.
 */
import type { Engine } from '../docker/engine.ts';
import { startEnforcedQuota } from './enforced-quota.ts';
import { openQuotaGroups, type QuotaGroups } from './quota-groups.ts';
import { startSampledQuota } from './sampled-quota.ts';
import type { SessionQuota, SessionQuotaOptions } from './session-quota.ts';

export type EngineStorage =
  | { readonly enforced: true; readonly description: string; readonly groups: QuotaGroups }
  | { readonly enforced: false; readonly description: string };

export function unenforcedStorage(reason: string): EngineStorage {
  return { enforced: false, description: `cannot enforce the data quota: ${reason}` };
}

/** An engine's storage; the unenforced one, saying why, when the engine cannot be asked now. */
export async function openEngineStorage(engine: Engine, limitBytes: number): Promise<EngineStorage> {
  try {
    const opened = await openQuotaGroups(engine, limitBytes);
    if (!opened.ok) return unenforcedStorage(opened.reason);
    return {
      enforced: true,
      description: `enforces the data quota with btrfs simple quotas under ${opened.groups.rootDir}`,
      groups: opened.groups,
    };
  } catch (error) {
    return unenforcedStorage(
      `the engine could not be asked when the lab started (${(error as Error).message})`,
    );
  }
}

/** Starts holding an engine's sessions to their data quota, the way its storage allows. */
export function startSessionQuota(storage: EngineStorage, options: SessionQuotaOptions): SessionQuota {
  return storage.enforced ? startEnforcedQuota(storage.groups, options) : startSampledQuota(options);
}
