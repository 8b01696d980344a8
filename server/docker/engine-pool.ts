/**
 * An engine a lab server runs sessions on, as configured; the fleet (server/fleet/engine-fleet.ts)
 * places sessions on them and watches each.
 */
import type { ContainerEngine } from './containers.ts';
import type { Engine } from './engine.ts';

export interface EngineMember {
  /** The name sessions record; stable across restarts (from config). */
  readonly name: string;
  readonly engine: Engine;
  readonly containers: ContainerEngine;
}
