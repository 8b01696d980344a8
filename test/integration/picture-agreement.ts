/**
 * Whether a session's picture (kept from the engine's events) says what a full listing of the engine
 * says, field by field as checks and the diagram read them.
 */
import type { LabFixture } from '../../harness/lab-fixture.ts';
import type { LabServices } from '../../server/commands/context.ts';
import { listSessionObjects } from '../../server/commands/session-objects.ts';
import type { SessionObjects } from '../../server/docker/engine-picture.ts';
import { createNamespace } from '../../server/sandbox/namespace.ts';

/** A session's objects in one comparable shape: sorted, with the fields checks and the diagram read. */
export function comparable(objects: SessionObjects) {
  return {
    volumes: objects.volumes
      .map((volume) => ({
        name: volume.Name,
        driver: volume.Driver,
        labels: volume.Labels ?? {},
        mountpoint: volume.Mountpoint,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    containers: objects.containers
      .map((container) => ({
        id: container.id,
        name: container.name,
        image: container.image,
        state: container.state,
        mounts: [...container.mounts]
          .map((mount) => ({ type: mount.Type, name: mount.Name, target: mount.Destination, rw: mount.RW }))
          .sort((a, b) => a.target.localeCompare(b.target)),
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}

export interface Agreement {
  picture: ReturnType<typeof comparable>;
  listing: ReturnType<typeof comparable>;
  /** Whether the first look agreed; a container that ends by itself may need a second one. */
  atOnce: boolean;
}

/**
 * Reads the picture and lists the engine until they agree (a detached container may end between the
 * two), for at most `ms`; returns the last pair.
 */
export async function pictureAgainstListing(
  lab: LabFixture,
  sessionId: string,
  ms = 5000,
  /** The session's engine; the fixture's own by default. */
  engine: Pick<LabServices, 'engine' | 'containers'> = lab.services,
): Promise<Agreement> {
  const ns = createNamespace(sessionId, 'test');
  const deadline = Date.now() + ms;
  let atOnce = true;
  for (;;) {
    const state = await lab.lab.manager.engineState(sessionId);
    if (!state) throw new Error(`the lab does not know session ${sessionId}`);
    const picture = comparable(state.objects);
    const listing = comparable(await listSessionObjects(engine, ns));
    if (JSON.stringify(picture) === JSON.stringify(listing) || Date.now() > deadline) {
      return { picture, listing, atOnce };
    }
    atOnce = false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
