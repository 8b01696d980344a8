/**
 * The container creates, starts and removes one engine does at once, bounded and shared fairly among
 * sessions. A busy engine given every request at the same moment thrashes (issue 14): a few at a time,
 * taken in turn, finish sooner in all and never starve anyone.
 *
 * Each session is a lane with its own FIFO. The next free slot goes to the lane whose turn it is:
 * round-robin, kept as start-time fair queueing with unit cost, so a lane whose task ran at once a
 * moment ago counts as served and a newcomer's one task goes before that lane's next. The lab's own
 * work (the reaper) is a lane taken only when no session waits. Nothing is dropped and nothing times
 * out here: a task leaves the queue when it runs, or when its signal aborts before its turn.
 */

/** The bound when none is configured; server/config.ts (LAB_ENGINE_CONCURRENCY) says where it comes from. */
export const DEFAULT_ENGINE_CONCURRENCY = 8;

/** The lab's own work: it runs only when no session has anything waiting. */
export const LAB_LANE: unique symbol = Symbol('lab');

/** A session's id, or the lab's own lane. */
export type Lane = string | typeof LAB_LANE;

export interface TurnOptions {
  /** Aborted before the turn comes: the task leaves the queue unrun and `run` rejects with the reason. */
  signal?: AbortSignal | undefined;
  /** How many tasks will run before this one: told when it has to wait, and again whenever that changes. */
  onAhead?: ((ahead: number) => void) | undefined;
}

export interface EngineQueueOptions {
  /** Tasks that may run at once. */
  limit: number;
  /** Told each time a task's turn comes, with how long it waited (0 when a slot was free). */
  onTurn?: (waitedMs: number) => void;
  /** Told whenever the number of waiting tasks changes. */
  onWaiting?: (waiting: number) => void;
}

export interface EngineQueue {
  readonly limit: number;
  /** Tasks waiting for their turn. */
  readonly waiting: number;
  /** Tasks holding a slot. */
  readonly running: number;
  /** Runs `task` in its lane's turn, once a slot is free; settles as the task does. */
  run<T>(lane: Lane, task: () => Promise<T>, options?: TurnOptions): Promise<T>;
}

interface Entry {
  readonly lane: Lane;
  readonly onAhead: ((ahead: number) => void) | undefined;
  ahead: number;
  /** Takes the slot: runs the task and settles the caller's promise. */
  go(): void;
}

/** A session lane with tasks waiting; `start` is its first task's tag, the next ones follow by one. */
interface Backlog {
  entries: Entry[];
  start: number;
}

export function createEngineQueue(options: EngineQueueOptions): EngineQueue {
  const { limit } = options;
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`an engine queue needs a limit of 1 or more, not ${limit}`);
  /** Session lanes with waiting tasks, in the order they came: it breaks ties between equal tags. */
  const backlogs = new Map<string, Backlog>();
  const background: Entry[] = [];
  /**
   * Each lane's tag after its last task that ran; kept only while it is ahead of `virtualTime`, since
   * a lane that has been idle since then starts again at `virtualTime` anyway.
   */
  const finish = new Map<string, number>();
  /** The tag of the task that took the last slot: where a lane that has been idle starts. */
  let virtualTime = 0;
  let running = 0;
  let waiting = 0;

  const countWaiting = (change: number) => {
    waiting += change;
    options.onWaiting?.(waiting);
  };

  /** The waiting session lane with the smallest head tag, the earliest of equals. */
  const nextLane = (): [string, Backlog] | undefined => {
    let best: [string, Backlog] | undefined;
    for (const pair of backlogs) if (!best || pair[1].start < best[1].start) best = pair;
    return best;
  };

  const take = (): Entry | undefined => {
    const next = nextLane();
    if (!next) return background.shift();
    const [lane, backlog] = next;
    const entry = backlog.entries.shift() as Entry;
    virtualTime = backlog.start;
    finish.set(lane, backlog.start + 1);
    backlog.start += 1;
    if (backlog.entries.length === 0) backlogs.delete(lane);
    for (const [idle, tag] of finish) if (tag <= virtualTime && !backlogs.has(idle)) finish.delete(idle);
    return entry;
  };

  /**
   * Tasks ahead of each waiting one: in its own lane those before it; in another lane those with a
   * smaller tag, or an equal one in a lane that came earlier; every session's before the lab's own.
   */
  const reportPositions = () => {
    const lanes = [...backlogs.values()];
    lanes.forEach((backlog, position) => {
      backlog.entries.forEach((entry, index) => {
        const tag = backlog.start + index;
        let ahead = index;
        lanes.forEach((other, otherPosition) => {
          if (other === backlog) return;
          const before = tag - other.start + (otherPosition < position ? 1 : 0);
          ahead += Math.min(Math.max(before, 0), other.entries.length);
        });
        tell(entry, ahead);
      });
    });
    const sessionsWaiting = waiting - background.length;
    background.forEach((entry, index) => {
      tell(entry, sessionsWaiting + index);
    });
  };

  const tell = (entry: Entry, ahead: number) => {
    if (entry.ahead === ahead) return;
    entry.ahead = ahead;
    entry.onAhead?.(ahead);
  };

  const pump = () => {
    while (running < limit) {
      const entry = take();
      if (!entry) break;
      countWaiting(-1);
      entry.go();
    }
    reportPositions();
  };

  const enqueue = (entry: Entry) => {
    countWaiting(1);
    if (entry.lane === LAB_LANE) {
      background.push(entry);
      return;
    }
    const backlog = backlogs.get(entry.lane);
    if (backlog) backlog.entries.push(entry);
    else {
      const start = Math.max(virtualTime, finish.get(entry.lane) ?? 0);
      backlogs.set(entry.lane, { entries: [entry], start });
    }
  };

  /** Takes a task that has not had its turn out of the queue; false when it is not waiting. */
  const withdraw = (entry: Entry): boolean => {
    if (entry.lane === LAB_LANE) {
      const index = background.indexOf(entry);
      if (index === -1) return false;
      background.splice(index, 1);
    } else {
      const backlog = backlogs.get(entry.lane);
      const index = backlog?.entries.indexOf(entry) ?? -1;
      if (!backlog || index === -1) return false;
      // The lane keeps its head tag: the next task takes the place of the one that left.
      backlog.entries.splice(index, 1);
      if (backlog.entries.length === 0) backlogs.delete(entry.lane);
    }
    countWaiting(-1);
    reportPositions();
    return true;
  };

  return {
    limit,
    get waiting() {
      return waiting;
    },
    get running() {
      return running;
    },
    run<T>(lane: Lane, task: () => Promise<T>, turn: TurnOptions = {}): Promise<T> {
      const { signal } = turn;
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<T>((resolve, reject) => {
        const since = performance.now();
        const cancel = () => {
          if (withdraw(entry)) reject(signal?.reason);
        };
        const entry: Entry = {
          lane,
          onAhead: turn.onAhead,
          ahead: -1,
          go() {
            signal?.removeEventListener('abort', cancel);
            running++;
            options.onTurn?.(performance.now() - since);
            // Begun after the queue's own bookkeeping, never inside it: a task may queue another.
            Promise.resolve()
              .then(task)
              .then(resolve, reject)
              .finally(() => {
                running--;
                pump();
              });
          },
        };
        signal?.addEventListener('abort', cancel, { once: true });
        enqueue(entry);
        pump();
      });
    },
  };
}
