/**
 * The lab's own engine calls, told to the engine's picture (engine-picture.ts). Commands, checks and
 * resets reach the engine through these wrappers, so every call that changes a session's containers or
 * volumes becomes, once it has returned, something that session's next read waits to see in the
 * events: that is what makes a check right after a command see the command's effects.
 */

import { INSTANCE_LABEL, SESSION_LABEL } from '../labels.ts';
import type { ContainerEngine } from './containers.ts';
import type { Engine } from './engine.ts';
import { type EnginePicture, sessionOfName } from './engine-picture.ts';
import type { Expectation } from './picture-expectations.ts';

/** Signals that end a container at once: the engine answers only once it has stopped. */
const KILLING = new Set([undefined, '', '9', 'KILL', 'SIGKILL']);

export function recordedEngine(engine: Engine, picture: EnginePicture): Engine {
  return {
    ...engine,
    async createVolume(name, labels) {
      const session = sessionOfName(name);
      if (session === undefined) return engine.createVolume(name, labels);
      const since = picture.volumeCreating(name);
      try {
        const volume = await engine.createVolume(name, labels);
        picture.volumeCreated(volume, since);
        return volume;
      } catch (error) {
        picture.unsure(session);
        throw error;
      } finally {
        picture.volumeCreateEnded(name);
      }
    },
    async removeVolume(name, force) {
      const session = picture.sessionOfVolume(name);
      const after = picture.eventNumber;
      await engine.removeVolume(name, force);
      if (session !== undefined) picture.expect(session, { kind: 'volume-removed', name, after });
    },
  };
}

export function recordedContainers(
  containers: ContainerEngine,
  picture: EnginePicture,
  instance: string,
): ContainerEngine {
  /** Runs a call on a container and, if it returned, tells the picture what to expect of it. */
  const changing = async <T>(
    id: string,
    call: () => Promise<T>,
    expectation: (after: number, result: T) => Expectation | undefined,
  ): Promise<T> => {
    const after = picture.eventNumber;
    const result = await call();
    const session = picture.sessionOfContainer(id);
    const expected = expectation(after, result);
    if (session !== undefined && expected) picture.expect(session, expected);
    return result;
  };
  return {
    ...containers,
    async create(name, request) {
      const labels = request.Labels;
      const session = labels[INSTANCE_LABEL] === instance ? labels[SESSION_LABEL] : undefined;
      if (session === undefined) return containers.create(name, request);
      try {
        const id = await containers.create(name, request);
        picture.containerCreated(id, session);
        picture.expect(session, { kind: 'container-created', id });
        return id;
      } catch (error) {
        // A create that failed may have made anonymous volumes before it did.
        picture.unsure(session);
        throw error;
      }
    },
    start: (id) =>
      changing(
        id,
        () => containers.start(id),
        (after) => ({ kind: 'container-started', id, after }),
      ),
    restart: (id, seconds) =>
      changing(
        id,
        () => containers.restart(id, seconds),
        (after) => ({ kind: 'container-started', id, after }),
      ),
    stop: (id, seconds) =>
      changing(
        id,
        () => containers.stop(id, seconds),
        () => ({ kind: 'container-stopped', id }),
      ),
    kill: (id, signal) =>
      changing(
        id,
        () => containers.kill(id, signal),
        () => (KILLING.has(signal?.toUpperCase()) ? { kind: 'container-stopped', id } : undefined),
      ),
    remove: (id, options) =>
      changing(
        id,
        () => containers.remove(id, options),
        () => ({ kind: 'container-removed', id }),
      ),
    wait: (id, options) =>
      changing(
        id,
        () => containers.wait(id, options),
        () =>
          options?.condition === 'removed'
            ? { kind: 'container-removed', id }
            : { kind: 'container-stopped', id },
      ),
  };
}
