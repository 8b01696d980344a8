/**
 * SECURITY: a session never keeps more than its data quota across its volumes and its containers'
 * writable layers. This is what the lab asks of that quota, however an engine holds its sessions to
 * it; engine-storage.ts chooses the way once per engine, when the lab starts:
 * - enforced (enforced-quota.ts): the kernel refuses the write that would pass a session's quota
 *   group (quota-groups.ts);
 * - sampled (sampled-quota.ts): on an engine that cannot do that, the lab measures what each session
 *   keeps while its containers run and stops them once it holds more.
 * What a learner is told about it is in quota-messages.ts.
 */
import type { ContainerEngine } from '../docker/containers.ts';
import type { Engine } from '../docker/engine.ts';

/** Why a container could not be held to its session's quota, in the learner's words. */
export type HoldProblem =
  | { readonly kind: 'full'; readonly message: string }
  /** The lab failed (`reason` is for the operator); the container must not be used. */
  | { readonly kind: 'failed'; readonly message: string; readonly reason: string };

export interface SessionQuota {
  /**
   * Why the session may not start a container for want of room, in the learner's words, or nothing.
   * What the last command wrote decides (a measurement under way is waited for), and a session that
   * was full is measured again, once the space it freed is back, before it is refused.
   */
  roomProblem(sessionId: string): Promise<string | undefined>;
  /**
   * Puts a container's writable layer, and every volume it mounts, under its session's quota: done
   * before the container first starts, and doing it again changes nothing. Says why it could not;
   * then nothing may write into the container.
   */
  holdContainer(sessionId: string, containerId: string): Promise<HoldProblem | undefined>;
  /** Measures now, even with nothing running: a command may just have filled the sandbox, or freed it. */
  remeasure(): Promise<void>;
  /** Gives up what held an ended session to its quota, once its objects are gone. */
  release(sessionId: string): Promise<void>;
  /** Stops measuring. */
  stop(): void;
}

export interface SessionQuotaOptions {
  engine: Pick<Engine, 'docker'>;
  containers: Pick<ContainerEngine, 'inspect' | 'list' | 'kill'>;
  /**
   * The containers running now with their sessions, as the engine's events tell them, or undefined
   * when they cannot be told (the stream is down): the engine is then listed.
   */
  running?: () => { id: string; session: string }[] | undefined;
  limitBytes: number;
  /** Milliseconds between measurements. */
  intervalMs: number;
  /** Tells a session's terminals what happened. */
  notify(sessionId: string, message: string): void;
  /**
   * Whether a session is this server's to police: another lab server on the same engine (another
   * workshop, a test) may hold its sessions to other limits.
   */
  owns(sessionId: string): boolean;
}

/** Measurements taken one at a time: on a timer, and on demand. */
export interface Measurements {
  /** Measures now, or joins the measurement under way; `always` measures even with nothing running. */
  check(always: boolean): Promise<void>;
  /** Resolves once a measurement under way is done; at once if none is. */
  settled(): Promise<void>;
  stop(): void;
}

/** Runs `measure` every `intervalMs` and on demand, never two at once; a failed one waits for the next. */
export function measureInTurn(measure: (always: boolean) => Promise<void>, intervalMs: number): Measurements {
  let running: Promise<void> | undefined;
  const check = (always: boolean) => {
    running ??= measure(always)
      .catch(() => {})
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void check(false), intervalMs);
  timer.unref();
  return {
    check,
    settled: () => running ?? Promise.resolve(),
    stop: () => clearInterval(timer),
  };
}
