/**
 * SECURITY-RELEVANT: one engine of the fleet, with what belongs to it alone: whether it answers, how
 * it holds its sessions to their data quota, the watch on its events, the notices they produce and
 * the picture of its sessions' objects they keep, the queue its container creates, starts and
 * removes wait their turn in, and the removal of its sessions' objects. Anything more an engine needs
 * of its own belongs here. Its `engine` and `containers` tell the picture about every change the lab
 * makes through them (picture-recorder.ts).
 */
import { createEnginePicture, type EnginePicture } from '../docker/engine-picture.ts';
import type { EngineMember } from '../docker/engine-pool.ts';
import { createEngineQueue, type EngineQueue, LAB_LANE, type Lane } from '../docker/engine-queue.ts';
import {
  type EngineWatch,
  type EngineWatchEvent,
  type EngineWatchOptions,
  watchEngine,
} from '../docker/engine-watch.ts';
import { recordedContainers, recordedEngine } from '../docker/picture-recorder.ts';
import { laneContainers } from '../docker/queued-containers.ts';
import type { LabObserver } from '../observability/lab-observer.ts';
import { type EngineStorage, openEngineStorage, startSessionQuota } from '../storage/engine-storage.ts';
import type { SessionQuota } from '../storage/session-quota.ts';
import { containerNotice, ENGINE_DOWN_NOTICE, ENGINE_UP_NOTICE } from './engine-notices.ts';
import { type ReapResult, type Removal, reap, removeSessions } from './reaper.ts';

/** What an engine asks of the lab's sessions: which are its own, what they call things, how to tell them. */
export interface FleetSessions {
  /** The engine a session of this lab is on; undefined for a session this lab does not know. */
  engineOf(sessionId: string): string | undefined;
  /** The learner's name for a container of the session, from its engine name; undefined if not theirs. */
  containerName(sessionId: string, engineName: string): string | undefined;
  /** A line in every terminal of one session. */
  notify(sessionId: string, message: string): void;
  /** A line in every terminal of every session on an engine. */
  notifyOn(engine: string, message: string): void;
}

export interface FleetMemberOptions {
  member: EngineMember;
  /** This server's instance name: its watch and its removals see only objects carrying it. */
  instance: string;
  /** The data quota, in bytes. */
  dataBytes: number;
  /** Each container's memory limit, in bytes, as an out-of-memory notice says it. */
  memoryBytes: number;
  /** The engine's storage when the caller has opened it; opened here otherwise. */
  storage?: EngineStorage;
  /** Milliseconds between data quota measurements. */
  quotaIntervalMs: number;
  /** Milliseconds between health pings; the watch's own default when absent. */
  pingMs?: number;
  /** Container creates, starts and removes the engine is given at once (LAB_ENGINE_CONCURRENCY). */
  concurrency: number;
  /** The engine's queue when the caller made it (a test that holds it); made here otherwise. */
  queue?: EngineQueue;
  observer?: Pick<LabObserver, 'engineError' | 'engineQueue' | 'engineTurn'>;
  sessions: FleetSessions;
  /** Watches the engine: its event stream and health pings, unless a test plays them. */
  watch?: (options: EngineWatchOptions) => EngineWatch;
}

export interface FleetMember extends EngineMember {
  /** How the engine's sessions are held to their data quota, chosen when the lab started. */
  readonly quota: SessionQuota;
  /** False from the moment the engine stops answering until it answers again. */
  readonly healthy: boolean;
  /** Where the engine's container creates, starts and removes wait their turn, a lane per session. */
  readonly queue: EngineQueue;
  /** Its sessions' volumes, containers and mounts, kept from its events. */
  readonly picture: EnginePicture;
  /**
   * The engine's data root on this host, when the lab proved it is this host's (its storage holds the
   * data quota there): file checks read volumes there instead of through a helper container.
   */
  readonly dataRoot: string | undefined;
  /** Removes one session's containers (check helpers too) and volumes; see reaper.ts. */
  removeSession(sessionId: string): Promise<Removal>;
  /** Removes the objects of every session `keep` rejects; see reaper.ts. */
  reap(keep: (sessionId: string) => boolean): Promise<ReapResult>;
  /** Stops its watch and its measurements. */
  stop(): void;
}

export async function openFleetMember(options: FleetMemberOptions): Promise<FleetMember> {
  const { member, instance, sessions, observer } = options;
  const storage = options.storage ?? (await openEngineStorage(member.engine, options.dataBytes));
  const picture = createEnginePicture({ engine: member.engine, containers: member.containers, instance });
  const recorded: EngineMember = {
    ...member,
    engine: recordedEngine(member.engine, picture),
    containers: recordedContainers(member.containers, picture, instance),
  };
  const quota = startSessionQuota(storage, {
    engine: member.engine,
    // The inspect the picture made of a new container serves its adoption into the quota too.
    containers: { ...recorded.containers, inspect: picture.inspectContainer },
    running: picture.running,
    limitBytes: options.dataBytes,
    intervalMs: options.quotaIntervalMs,
    notify: (sessionId, message) => sessions.notify(sessionId, message),
    owns: (sessionId) => sessions.engineOf(sessionId) === member.name,
  });
  let healthy = true;
  const queue =
    options.queue ??
    createEngineQueue({
      limit: options.concurrency,
      onWaiting: (waiting) => observer?.engineQueue({ engine: member.name, waiting }),
      onTurn: (waitedMs) => observer?.engineTurn({ engine: member.name, waitedMs }),
    });
  // The reaper's removals are the lab's own work, in the lowest lane; a session's are in its own.
  const inLane = (lane: Lane) => ({
    engine: recorded.engine,
    containers: laneContainers(recorded.containers, queue, lane),
  });

  const onEvent = (event: EngineWatchEvent) => {
    switch (event.kind) {
      case 'down':
        healthy = false;
        observer?.engineError({ engine: member.name, operation: 'ping', message: event.message });
        sessions.notifyOn(member.name, ENGINE_DOWN_NOTICE);
        break;
      case 'up':
        healthy = true;
        sessions.notifyOn(member.name, ENGINE_UP_NOTICE);
        break;
      case 'died':
      case 'oom': {
        const name = sessions.containerName(event.session, event.container.replace(/^\//, ''));
        if (name !== undefined)
          sessions.notify(event.session, containerNotice(event, name, options.memoryBytes));
        break;
      }
    }
  };
  const watch = (options.watch ?? watchEngine)({
    member,
    instance,
    onEvent,
    onEngineEvent: picture.apply,
    onStream: (state) => (state === 'open' ? picture.streamOpened() : picture.streamLost()),
    pingMs: options.pingMs,
  });

  return {
    ...recorded,
    quota,
    picture,
    dataRoot: storage.enforced ? storage.groups.rootDir : undefined,
    get healthy() {
      return healthy;
    },
    queue,
    removeSession: (sessionId) => removeSessions(inLane(sessionId), instance, new Set([sessionId])),
    reap: (keep) => reap(inLane(LAB_LANE), instance, keep),
    stop() {
      watch.stop();
      quota.stop();
    },
  };
}
