/**
 * SECURITY: the session's containers, and what a learner's reference (name, ID or ID prefix) means
 * among them only. Another session's container is "No such container", even by a prefix of its ID.
 */
import type { ContainerEngine, EngineContainerSummary } from '../docker/containers.ts';
import type { Namespace } from '../sandbox/namespace.ts';

export interface OwnContainer {
  id: string;
  /** The name the learner sees (no slash, no prefix). */
  name: string;
  engineName: string;
  summary: EngineContainerSummary;
}

export async function listOwnContainers(
  containers: ContainerEngine,
  ns: Namespace,
  options: { all: boolean; size?: boolean; filters?: Record<string, string[]> } = { all: true },
): Promise<OwnContainer[]> {
  const filters = { ...(options.filters ?? {}), label: [...(options.filters?.label ?? []), ns.labelFilter] };
  const list = await containers.list(filters, { all: options.all, size: options.size ?? false });
  const own: OwnContainer[] = [];
  for (const summary of list) {
    if (summary.Labels?.[Object.keys(ns.labels)[0] ?? ''] !== ns.sessionId) continue;
    const engineName = (summary.Names?.[0] ?? '').replace(/^\//, '');
    const name = ns.fromEngine(engineName);
    if (name === undefined) continue;
    own.push({ id: summary.Id, name, engineName, summary });
  }
  return own;
}

/** Docker's lookup order: full ID, exact name, then a unique ID prefix. */
export function findContainer<C extends { id: string; name: string }>(
  own: readonly C[],
  reference: string,
): C | string {
  const ref = reference.replace(/^\//, '');
  const byId = own.find((container) => container.id === ref);
  if (byId) return byId;
  const byName = own.find((container) => container.name === ref);
  if (byName) return byName;
  if (/^[0-9a-f]+$/.test(ref)) {
    const matches = own.filter((container) => container.id.startsWith(ref));
    if (matches.length === 1 && matches[0]) return matches[0];
    if (matches.length > 1) return `multiple IDs found with provided prefix: ${ref}`;
  }
  return `No such container: ${reference}`;
}
