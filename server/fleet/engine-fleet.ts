/**
 * The Docker engines a lab server runs sessions on (server/fleet/fleet-member.ts is one of them). Each
 * session is placed on one engine when it starts and stays there, since its volumes live there:
 * placement prefers healthy engines with the fewest sessions. An engine that stops answering takes
 * only its own sessions out of service.
 */
import type { EngineMember } from '../docker/engine-pool.ts';
import type { EngineQueue } from '../docker/engine-queue.ts';
import type { EngineStorage } from '../storage/engine-storage.ts';
import { type FleetMember, type FleetMemberOptions, openFleetMember } from './fleet-member.ts';

export interface EngineFleetOptions extends Omit<FleetMemberOptions, 'member' | 'storage' | 'queue'> {
  /** The engines, the first of them preferred when loads are equal. */
  members: readonly EngineMember[];
  /** Each engine's storage by engine name, when the caller has opened it; the others are opened here. */
  storages?: ReadonlyMap<string, EngineStorage>;
  /** Each engine's queue by engine name, when the caller made it (a test that holds it); the others are made here. */
  queues?: ReadonlyMap<string, EngineQueue>;
}

export interface EngineFleet {
  readonly members: readonly FleetMember[];
  member(name: string): FleetMember | undefined;
  /** The healthy engine with the least load, or undefined when none answers. */
  place(load: (engine: string) => number): FleetMember | undefined;
  stop(): void;
}

export async function openEngineFleet(options: EngineFleetOptions): Promise<EngineFleet> {
  const { members: engines, storages, queues, ...shared } = options;
  if (engines.length === 0) throw new Error('a lab needs at least one engine');
  const members: FleetMember[] = [];
  for (const member of engines) {
    members.push(
      await openFleetMember({
        ...shared,
        member,
        storage: storages?.get(member.name),
        queue: queues?.get(member.name),
      }),
    );
  }
  return {
    members,
    member: (name) => members.find((member) => member.name === name),
    place(load) {
      let best: FleetMember | undefined;
      let bestLoad = Number.POSITIVE_INFINITY;
      for (const member of members) {
        if (!member.healthy) continue;
        const current = load(member.name);
        if (current < bestLoad) {
          best = member;
          bestLoad = current;
        }
      }
      return best;
    },
    stop() {
      for (const member of members) member.stop();
    },
  };
}
