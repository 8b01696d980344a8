/**
 * The engine's queue of container creates, starts and removes: never more at once than its bound,
 * sessions served in turn, each session's own in order, a cancelled wait gone without a trace, a
 * failing task's slot given back, and every waiting task told truly how many run before it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContainerEngine } from '../../server/docker/containers.ts';
import {
  createEngineQueue,
  type EngineQueue,
  LAB_LANE,
  type Lane,
} from '../../server/docker/engine-queue.ts';
import { queueContainers } from '../../server/docker/queued-containers.ts';
import { followWait, WAITING_LINE_DELAY_MS, waitingText } from '../../server/shell/waiting-line.ts';

/** Lets every settled promise's callbacks run, so the queue has taken whatever it will take. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A task the test ends by hand. */
interface Held {
  readonly name: string;
  result: Promise<string>;
  /** The latest number of tasks ahead the queue told it; undefined if it never had to wait. */
  ahead: number | undefined;
  release(): void;
}

/** A queue whose tasks record the order they began in and the most that ran at once. */
function harness(limit: number) {
  const started: string[] = [];
  let running = 0;
  let most = 0;
  const queue = createEngineQueue({ limit });
  const submit = (lane: Lane, name: string, signal?: AbortSignal): Held => {
    const held: Held = { name, result: Promise.resolve(name), ahead: undefined, release() {} };
    const task = () =>
      new Promise<string>((resolve) => {
        started.push(name);
        running++;
        most = Math.max(most, running);
        held.release = () => {
          running--;
          resolve(name);
        };
      });
    held.result = queue.run(lane, task, { signal, onAhead: (ahead) => (held.ahead = ahead) });
    held.result.catch(() => {});
    return held;
  };
  return { queue, started, submit, most: () => most };
}

describe('the bound', () => {
  it('never runs more tasks at once than its limit, and uses all of it', async () => {
    const { queue, submit, most, started } = harness(3);
    const tasks = new Map<string, Held>();
    for (let i = 0; i < 20; i++) {
      const task = submit(`lane-${i % 4}`, `t${i}`);
      tasks.set(task.name, task);
    }
    await settle();
    expect(queue.running).toBe(3);
    expect(queue.waiting).toBe(17);
    // The latest started finishes first: an order unlike the one they started in.
    const finished = new Set<string>();
    while (finished.size < 20) {
      const latest = started.findLast((name) => !finished.has(name)) ?? '';
      finished.add(latest);
      tasks.get(latest)?.release();
      await settle();
    }
    expect(most()).toBe(3);
    expect(started).toHaveLength(20);
    expect(queue.running + queue.waiting).toBe(0);
  });
});

describe('turns', () => {
  /** Room for one, taken; then three tasks of session a, two of b and one of c, in that order. */
  async function threeSessionsBehindABlocker() {
    const { started, submit } = harness(1);
    const blocker = submit('x', 'blocker');
    const tasks = [
      ...['a0', 'a1', 'a2'].map((name) => submit('a', name)),
      ...['b0', 'b1'].map((name) => submit('b', name)),
      submit('c', 'c0'),
    ];
    await settle();
    return { started, blocker, tasks };
  }

  it('gives the next turn to a session with one task over one with twenty', async () => {
    const { started, submit } = harness(1);
    const busy = Array.from({ length: 20 }, (_, i) => submit('busy', `busy-${i}`));
    const other = submit('other', 'other-0');
    await settle();
    // The busy session's first took the free slot; its next nineteen wait behind the other's one.
    expect(started).toEqual(['busy-0']);
    expect(other.ahead).toBe(0);
    busy[0]?.release();
    await settle();
    expect(started).toEqual(['busy-0', 'other-0']);
  });

  it('takes sessions in turn and each session’s tasks in the order they came', async () => {
    const { started, blocker, tasks } = await threeSessionsBehindABlocker();
    blocker.release();
    for (let i = 0; i < tasks.length; i++) {
      await settle();
      tasks.find((task) => task.name === started.at(-1))?.release();
    }
    await settle();
    expect(started).toEqual(['blocker', 'a0', 'b0', 'c0', 'a1', 'b1', 'a2']);
  });

  it('tells each waiting task how many run before it, and tells it again as they go', async () => {
    const { started, blocker, tasks } = await threeSessionsBehindABlocker();
    expect(blocker.ahead).toBeUndefined();
    const aheadOf = () => Object.fromEntries(tasks.map((task) => [task.name, task.ahead]));
    expect(aheadOf()).toEqual({ a0: 0, b0: 1, c0: 2, a1: 3, b1: 4, a2: 5 });
    blocker.release();
    await settle();
    tasks[0]?.release();
    await settle();
    // a0 is done and b0 runs: the four left are each two places nearer.
    expect(started.at(-1)).toBe('b0');
    expect(aheadOf()).toMatchObject({ c0: 0, a1: 1, b1: 2, a2: 3 });
  });

  it('serves the lab’s own work only when no session waits, and counts every session’s before it', async () => {
    const { started, submit } = harness(1);
    const blocker = submit('x', 'blocker');
    const reap = submit(LAB_LANE, 'reap');
    const a = submit('a', 'a0');
    const b = submit('b', 'b0');
    await settle();
    expect(reap.ahead).toBe(2);
    blocker.release();
    await settle();
    a.release();
    await settle();
    b.release();
    await settle();
    expect(started).toEqual(['blocker', 'a0', 'b0', 'reap']);
  });
});

describe('cancelling a wait', () => {
  it('takes the task out unrun, frees no slot it did not hold, and moves those behind it up', async () => {
    const { queue, started, submit } = harness(1);
    const blocker = submit('x', 'blocker');
    const interrupt = new AbortController();
    const cancelled = submit('a', 'a0', interrupt.signal);
    const behind = submit('b', 'b0');
    await settle();
    expect(behind.ahead).toBe(1);
    interrupt.abort(new Error('interrupted'));
    await expect(cancelled.result).rejects.toThrow('interrupted');
    await settle();
    expect(queue.running).toBe(1);
    expect(queue.waiting).toBe(1);
    expect(started).toEqual(['blocker']);
    expect(behind.ahead).toBe(0);
    blocker.release();
    await settle();
    expect(started).toEqual(['blocker', 'b0']);
  });

  it('keeps a session’s place when its first waiting task is cancelled', async () => {
    const { submit } = harness(1);
    submit('x', 'blocker');
    const interrupt = new AbortController();
    submit('a', 'a0', interrupt.signal);
    const a1 = submit('a', 'a1');
    const b0 = submit('b', 'b0');
    await settle();
    expect([a1.ahead, b0.ahead]).toEqual([2, 1]);
    interrupt.abort();
    await settle();
    expect([a1.ahead, b0.ahead]).toEqual([0, 1]);
  });

  it('never queues a task whose signal was aborted before it asked', async () => {
    const { queue, started, submit } = harness(1);
    const interrupt = new AbortController();
    interrupt.abort(new Error('too late'));
    await expect(submit('a', 'a0', interrupt.signal).result).rejects.toThrow('too late');
    expect(queue.waiting).toBe(0);
    expect(started).toEqual([]);
  });

  it('does not stop a task whose turn has come', async () => {
    const { submit } = harness(1);
    const interrupt = new AbortController();
    const task = submit('a', 'a0', interrupt.signal);
    await settle();
    interrupt.abort();
    task.release();
    await expect(task.result).resolves.toBe('a0');
  });
});

describe('a task that fails', () => {
  it('gives its slot to the next, whether it throws at once or later', async () => {
    const queue = createEngineQueue({ limit: 1 });
    const thrown = queue.run('a', () => {
      throw new Error('at once');
    });
    const rejected = queue.run('a', () => Promise.reject(new Error('later')));
    const next = queue.run('b', async () => 'ran');
    await expect(thrown).rejects.toThrow('at once');
    await expect(rejected).rejects.toThrow('later');
    await expect(next).resolves.toBe('ran');
    expect(queue.running).toBe(0);
  });
});

describe('what the queue reports', () => {
  it('tells each turn’s wait and every change in the number waiting', async () => {
    const turns: number[] = [];
    const waiting: number[] = [];
    const queue = createEngineQueue({
      limit: 1,
      onTurn: (ms) => turns.push(ms),
      onWaiting: (count) => waiting.push(count),
    });
    let release = () => {};
    const first = queue.run('a', () => new Promise<void>((resolve) => (release = resolve)));
    const second = queue.run('b', async () => {});
    await settle();
    expect(turns).toHaveLength(1);
    release();
    await Promise.all([first, second]);
    expect(turns).toHaveLength(2);
    expect(waiting).toEqual([1, 0, 1, 0]);
  });

  it('refuses a bound below one', () => {
    expect(() => createEngineQueue({ limit: 0 })).toThrow(/limit of 1 or more/);
  });
});

describe('containers through the queue', () => {
  const calls: string[] = [];
  const direct = {
    create: async () => {
      calls.push('create');
      return 'id';
    },
    start: async () => void calls.push('start'),
    restart: async () => void calls.push('restart'),
    remove: async () => void calls.push('remove'),
    stop: async () => void calls.push('stop'),
    kill: async () => void calls.push('kill'),
    list: async () => [],
  } as unknown as ContainerEngine;

  afterEach(() => {
    calls.length = 0;
  });

  function queued(queue: EngineQueue) {
    const turns: boolean[] = [];
    const wrapped = queueContainers(direct, (task, cleanup) => {
      turns.push(cleanup);
      return queue.run('a', task);
    });
    return { ...wrapped, turns };
  }

  it('queues creates, starts, restarts and removes, and nothing else', async () => {
    const { containers, turns } = queued(createEngineQueue({ limit: 1 }));
    await containers.create('n', {} as never);
    await containers.start('id');
    await containers.restart('id');
    await containers.remove('id', { force: true, volumes: true });
    expect(turns).toHaveLength(4);
    await containers.stop('id');
    await containers.kill('id');
    await containers.list({}, { all: true });
    expect(turns).toHaveLength(4);
    expect(calls).toEqual(['create', 'start', 'restart', 'remove', 'stop', 'kill']);
  });

  it('runs the container calls of one held turn without queueing them again', async () => {
    const queue = createEngineQueue({ limit: 1 });
    const { containers, turn, turns } = queued(queue);
    // With a bound of one, a call that queued behind its own turn would wait forever.
    await turn(async () => {
      await containers.create('n', {} as never);
      await containers.start('id');
    });
    await turn(() => containers.remove('id', { force: true, volumes: true }), { cleanup: true });
    expect(turns).toEqual([false, true]);
    expect(calls).toEqual(['create', 'start', 'remove']);
  });

  it('queues a call made beside a held turn, not inside it', async () => {
    const queue = createEngineQueue({ limit: 1 });
    const { containers, turn } = queued(queue);
    let release = () => {};
    const held = turn(() => new Promise<void>((resolve) => (release = resolve)));
    const beside = containers.start('id');
    await settle();
    expect(calls).toEqual([]);
    expect(queue.waiting).toBe(1);
    release();
    await Promise.all([held, beside]);
    expect(calls).toEqual(['start']);
  });
});

describe('the waiting line', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function shown() {
    const lines: (string | null)[] = [];
    return { lines, status: { show: (text: string) => lines.push(text), hide: () => lines.push(null) } };
  }

  it('shows nothing for a short wait', () => {
    vi.useFakeTimers();
    const { lines, status } = shown();
    const wait = followWait(status);
    wait.ahead(3);
    vi.advanceTimersByTime(WAITING_LINE_DELAY_MS - 1);
    wait.end();
    vi.advanceTimersByTime(WAITING_LINE_DELAY_MS);
    expect(lines).toEqual([]);
  });

  it('shows how many are ahead after the delay, follows the count, and goes when the turn comes', () => {
    vi.useFakeTimers();
    const { lines, status } = shown();
    const wait = followWait(status);
    wait.ahead(4);
    wait.ahead(3);
    vi.advanceTimersByTime(WAITING_LINE_DELAY_MS);
    wait.ahead(0);
    wait.end();
    wait.ahead(2);
    expect(lines).toEqual([waitingText(3), waitingText(0), null]);
    expect(lines.slice(0, 2)).toEqual([
      'waiting for the engine: 3 ahead of you',
      'waiting for the engine: you are next',
    ]);
  });
});
