/**
 * What the lab expects to see in an engine's events once one of its calls has returned (see
 * picture-recorder.ts), per session, and whether the picture shows it yet: the barrier a check after
 * a command waits at (engine-picture.ts).
 */

/** What one call that returned leads the lab to expect of the events. */
export type Expectation =
  | { readonly kind: 'container-created'; readonly id: string }
  | { readonly kind: 'container-started'; readonly id: string; readonly after: number }
  | { readonly kind: 'container-stopped'; readonly id: string }
  | { readonly kind: 'container-removed'; readonly id: string }
  | { readonly kind: 'volume-removed'; readonly name: string; readonly after: number };

/** What the picture can tell of the objects an expectation names. */
export interface PictureFacts {
  /** A container the picture holds: whether its inspect is in, its last start's event number, its state. */
  container(id: string): { inspected: boolean; startedAt: number; state: string } | undefined;
  containerDestroyed(id: string): boolean;
  /** The event number of the volume's last destroy; -1 when none was seen. */
  volumeDestroyedAt(name: string): number;
}

export function isMet(facts: PictureFacts, expectation: Expectation): boolean {
  switch (expectation.kind) {
    case 'container-created': {
      const container = facts.container(expectation.id);
      return container ? container.inspected : facts.containerDestroyed(expectation.id);
    }
    case 'container-started': {
      const container = facts.container(expectation.id);
      if (!container) return facts.containerDestroyed(expectation.id);
      // Started by this call, or already running (the engine then answers 304 and says nothing).
      return container.startedAt > expectation.after || container.state === 'running';
    }
    case 'container-stopped': {
      const container = facts.container(expectation.id);
      return container ? container.state !== 'running' : true;
    }
    case 'container-removed':
      return facts.containerDestroyed(expectation.id);
    case 'volume-removed':
      return facts.volumeDestroyedAt(expectation.name) > expectation.after;
  }
}

/** The expectations not met yet, per session, each with the event number it was made at. */
export class Expectations {
  private readonly bySession = new Map<string, { expectation: Expectation; at: number }[]>();
  private readonly facts: PictureFacts;

  constructor(facts: PictureFacts) {
    this.facts = facts;
  }

  add(session: string, expectation: Expectation, at: number): void {
    if (isMet(this.facts, expectation)) return;
    const list = this.bySession.get(session) ?? [];
    list.push({ expectation, at });
    this.bySession.set(session, list);
  }

  /** Whether the picture shows everything expected of the session; what it shows is forgotten. */
  metFor(session: string): boolean {
    const list = this.bySession.get(session);
    if (!list) return true;
    const left = list.filter((entry) => !isMet(this.facts, entry.expectation));
    if (left.length === 0) this.bySession.delete(session);
    else this.bySession.set(session, left);
    return left.length === 0;
  }

  /** A listing begun after event `since` shows what was expected before it, for the sessions it covers. */
  listed(covers: (session: string) => boolean, since: number): void {
    for (const [session, list] of this.bySession) {
      if (!covers(session)) continue;
      const later = list.filter((entry) => entry.at > since);
      if (later.length === 0) this.bySession.delete(session);
      else this.bySession.set(session, later);
    }
  }
}
