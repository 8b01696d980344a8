/**
 * A container engine whose creates, starts, restarts and removes wait for their turn in the engine's
 * queue (engine-queue.ts). Everything else goes straight through: lists, inspects, logs and execs
 * never wait behind container starts, and a stop or a kill, which may wait ten seconds for a process,
 * holds no slot.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ContainerEngine } from './containers.ts';
import type { EngineQueue, Lane } from './engine-queue.ts';

/**
 * Runs a task in one turn of the queue. `cleanup` marks the lab's own tidying up after a command
 * (removing a `--rm` container once it exited): a Ctrl-C does not cancel it.
 */
export type TakeTurn = <T>(task: () => Promise<T>, cleanup: boolean) => Promise<T>;

/** Runs several container steps in one turn; see `QueuedContainers.turn`. */
export type EngineTurn = <T>(task: () => Promise<T>, options?: { cleanup?: boolean }) => Promise<T>;

export interface QueuedContainers {
  readonly containers: ContainerEngine;
  /**
   * Holds one turn for several steps, e.g. the create, attach and start of one `docker run`, so that
   * an interrupted wait leaves nothing half made. The container calls made inside it go straight to
   * the engine instead of queueing behind the turn they are part of.
   */
  readonly turn: EngineTurn;
}

/** Which queued engine's turn the running code is inside, through its awaits. */
const inside = new AsyncLocalStorage<object>();

export function queueContainers(direct: ContainerEngine, take: TakeTurn): QueuedContainers {
  const token = {};
  const turn: EngineTurn = (task, options) => {
    if (inside.getStore() === token) return task();
    return take(() => inside.run(token, task), options?.cleanup ?? false);
  };
  return {
    turn,
    containers: {
      ...direct,
      create: (name, request) => turn(() => direct.create(name, request)),
      start: (id) => turn(() => direct.start(id)),
      restart: (id, seconds) => turn(() => direct.restart(id, seconds)),
      remove: (id, options) => turn(() => direct.remove(id, options)),
    },
  };
}

/** The containers as the lab's own work in one lane sees them: a reset, a check, a removal; nothing cancels it. */
export function laneContainers(direct: ContainerEngine, queue: EngineQueue, lane: Lane): ContainerEngine {
  return queueContainers(direct, (task) => queue.run(lane, task)).containers;
}
