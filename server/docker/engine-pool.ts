/**
 * The Docker engines a lab server runs sessions on. Each session is placed on one engine when it
 * starts and stays there (its volumes live there); placement prefers healthy engines with the fewest
 * sessions. An engine that stops answering takes only its own sessions out of service.
 */
import type { ContainerEngine } from './containers.ts';
import type { Engine } from './engine.ts';

export interface EngineMember {
  /** The name sessions record; stable across restarts (from config). */
  readonly name: string;
  readonly engine: Engine;
  readonly containers: ContainerEngine;
}

export class EnginePool {
  readonly members: readonly EngineMember[];
  private readonly health = new Map<string, boolean>();

  constructor(members: readonly EngineMember[]) {
    if (members.length === 0) throw new Error('an engine pool needs at least one engine');
    this.members = members;
    for (const member of members) this.health.set(member.name, true);
  }

  get(name: string): EngineMember | undefined {
    return this.members.find((member) => member.name === name);
  }

  healthy(name: string): boolean {
    return this.health.get(name) === true;
  }

  setHealthy(name: string, healthy: boolean): void {
    this.health.set(name, healthy);
  }

  /** The healthy engine with the least load, or undefined when none answers. */
  place(load: (name: string) => number): EngineMember | undefined {
    let best: EngineMember | undefined;
    let bestLoad = Number.POSITIVE_INFINITY;
    for (const member of this.members) {
      if (!this.healthy(member.name)) continue;
      const current = load(member.name);
      if (current < bestLoad) {
        best = member;
        bestLoad = current;
      }
    }
    return best;
  }
}
