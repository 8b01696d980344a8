/**
 * SECURITY: whether a lab may open on its engines. Learners on an engine that cannot enforce the data
 * quota can fill its disk; that is the operator's risk to take in a trusted room, never by default
 * for a lab other machines can reach.
 */
import type { EngineStorage } from './engine-storage.ts';

/** How exposed the lab is, as the configuration says (config.ts reads it from the environment). */
export interface Exposure {
  /** People on other machines can use the lab (HOST, LAB_TRUSTED_PROXIES or LAB_ORIGINS say so). */
  readonly reachable: boolean;
  /** The operator accepts learners filling an engine's disk (LAB_ALLOW_UNENFORCED_STORAGE). */
  readonly unenforcedAllowed: boolean;
}

/** Why the lab must not start, in one paragraph for the operator; undefined when it may. */
export function storageRefusal(
  exposure: Exposure,
  storages: ReadonlyMap<string, Pick<EngineStorage, 'enforced'>>,
): string | undefined {
  const unenforced = [...storages].filter(([, storage]) => !storage.enforced).map(([name]) => `"${name}"`);
  if (unenforced.length === 0 || !exposure.reachable || exposure.unenforcedAllowed) return undefined;
  return (
    `the lab would be reachable from other machines (HOST, LAB_TRUSTED_PROXIES or LAB_ORIGINS say so), but engine ${unenforced.join(', ')} ` +
    'cannot hold learners to LAB_DATA_MB: any of them could fill its disk. Run its data on the btrfs store ' +
    '(`npm run setup`, or docs/deploy.md for a production disk), or listen on 127.0.0.1, or set ' +
    'LAB_ALLOW_UNENFORCED_STORAGE=true to accept the risk.'
  );
}
