/**
 * The data quota's one owner, both ways an engine can hold its sessions to it, with the filesystem and
 * the engine played by fakes: what each decides (who is full, who is told, what is stopped, what a new
 * container meets) and the words the learner reads.
 */
import { describe, expect, it, vi } from 'vitest';
import type { EngineContainer, EngineContainerSummary } from '../../server/docker/containers.ts';
import { SESSION_LABEL } from '../../server/labels.ts';
import { startSessionQuota, unenforcedStorage } from '../../server/storage/engine-storage.ts';
import { type QuotaGroups, SandboxFull } from '../../server/storage/quota-groups.ts';
import {
  fullNotice,
  fullRefusal,
  overNotice,
  overRefusal,
  UNHELD_MESSAGE,
} from '../../server/storage/quota-messages.ts';
import type { SessionQuota, SessionQuotaOptions } from '../../server/storage/session-quota.ts';

const MIB = 1024 * 1024;
const INTERVAL_MS = 5000;
const LIMIT = 256 * MIB;
const ALICE = 'a1a1a1a1a1a1';
const BOB = 'b2b2b2b2b2b2';
/** Another lab server's session on the same engine: never this lab's to police. */
const STRANGER = 'c3c3c3c3c3c3';

/** What a fake engine was asked to do, and what the sessions were told. */
interface Seen {
  told: [string, string][];
  killed: string[];
  inspected: string[];
  /** How often the daemon was asked to size everything. */
  sized: number;
}

function options(record: Seen, engine: Partial<{ running: string[]; df: object }> = {}): SessionQuotaOptions {
  const running = (engine.running ?? []).map(
    (session) =>
      ({ Id: `box-${session}`, Labels: { [SESSION_LABEL]: session } }) as unknown as EngineContainerSummary,
  );
  return {
    // The fake answers df with what the test says the daemon measured.
    engine: {
      docker: {
        df: async () => {
          record.sized++;
          return engine.df ?? {};
        },
      },
    } as unknown as SessionQuotaOptions['engine'],
    containers: {
      list: async () => running,
      kill: async (id) => {
        record.killed.push(id);
      },
      inspect: async (id) => {
        record.inspected.push(id);
        return { Id: id } as EngineContainer;
      },
    },
    limitBytes: LIMIT,
    intervalMs: INTERVAL_MS,
    notify: (session, message) => record.told.push([session, message]),
    owns: (session) => session !== STRANGER,
  };
}

const fresh = (): Seen => ({ told: [], killed: [], inspected: [], sized: 0 });

/** Quota groups whose sessions hold what the test sets; adoption fails as the test says. */
function fakeGroups(held: Map<string, number>, adopt: () => Promise<void> = async () => {}) {
  const calls = { reclaimed: 0, released: [] as string[], adopted: [] as string[] };
  const groups: QuotaGroups = {
    rootDir: '/var/lib/docker',
    adoptContainer: async (sessionId, container) => {
      calls.adopted.push(`${sessionId}:${container.Id}`);
      await adopt();
    },
    usage: async () => new Map(held),
    reclaimed: async () => {
      calls.reclaimed++;
    },
    release: async (sessionId) => {
      calls.released.push(sessionId);
    },
  };
  return { groups, calls };
}

function enforced(held: Map<string, number>, record: Seen, adopt?: () => Promise<void>) {
  const { groups, calls } = fakeGroups(held, adopt);
  const storage = { enforced: true as const, description: 'test', groups };
  return { quota: startSessionQuota(storage, options(record)), calls };
}

async function using<T>(quota: SessionQuota, test: () => Promise<T>): Promise<T> {
  try {
    return await test();
  } finally {
    quota.stop();
  }
}

describe('the learner’s words for a full sandbox', () => {
  it('says where the filesystem refused, and where the lab stopped containers', () => {
    expect(fullNotice(LIMIT, LIMIT)).toBe(
      'volume-lab: your sandbox\'s storage is full: it holds 256 MiB of the 256 MiB it may keep, so writes fail with "Disk quota exceeded". Delete files, or remove volumes or containers (docker volume rm, docker rm), to make room.',
    );
    expect(fullRefusal(255.6 * MIB, LIMIT)).toBe(
      "your sandbox's storage is full: it holds 256 MiB of the 256 MiB it may keep, so no new container can start; remove volumes or containers (docker volume rm, docker rm) to make room",
    );
    expect(overNotice(300 * MIB, 8 * MIB)).toBe(
      'volume-lab: your sandbox holds 300 MiB, more than the 8 MiB it may keep, so its containers were stopped. Remove some data (docker volume rm, docker rm) to go on.',
    );
    expect(overRefusal(9 * MIB, 8 * MIB)).toBe(
      'your sandbox holds 9 MiB, more than the 8 MiB it may keep; remove some data (docker volume rm, docker rm) first',
    );
    expect(UNHELD_MESSAGE).toBe(
      "the lab could not hold it to your sandbox's storage quota, so it was not used; try again in a moment",
    );
  });
});

describe('the data quota enforced by the filesystem', () => {
  it('tells a session once when it fills up, again only after it had room, and never another lab’s', async () => {
    const record = fresh();
    const held = new Map([
      [ALICE, LIMIT - MIB],
      [BOB, 10 * MIB],
      [STRANGER, LIMIT],
    ]);
    const { quota } = enforced(held, record);
    await using(quota, async () => {
      await quota.remeasure();
      await quota.remeasure();
      expect(record.told).toEqual([[ALICE, fullNotice(LIMIT - MIB, LIMIT)]]);
      held.set(ALICE, 100 * MIB);
      await quota.remeasure();
      held.set(ALICE, LIMIT);
      await quota.remeasure();
      expect(record.told.map(([session]) => session)).toEqual([ALICE, ALICE]);
      // Enforced: nothing is stopped, the kernel already refused the writes.
      expect(record.killed).toEqual([]);
    });
  });

  it('counts a session within a few MiB of its quota as full: a new container has no room for its mounts', async () => {
    const record = fresh();
    const held = new Map([
      [ALICE, LIMIT - 3 * MIB],
      [BOB, LIMIT - 5 * MIB],
    ]);
    const { quota } = enforced(held, record);
    await using(quota, async () => {
      await quota.remeasure();
      expect(await quota.roomProblem(ALICE)).toBe(fullRefusal(LIMIT - 3 * MIB, LIMIT));
      expect(await quota.roomProblem(BOB)).toBeUndefined();
    });
  });

  it('measures a full session again, after btrfs has handed back what was removed, before it refuses', async () => {
    const record = fresh();
    const held = new Map([[ALICE, LIMIT]]);
    const { quota, calls } = enforced(held, record);
    await using(quota, async () => {
      await quota.remeasure();
      held.set(ALICE, 10 * MIB);
      expect(await quota.roomProblem(ALICE)).toBeUndefined();
      expect(calls.reclaimed).toBe(1);
      expect(await quota.roomProblem(ALICE)).toBeUndefined();
      expect(calls.reclaimed).toBe(1);
    });
  });

  it('holds a container by adopting it into its session’s group', async () => {
    const record = fresh();
    const { quota, calls } = enforced(new Map(), record);
    await using(quota, async () => {
      expect(await quota.holdContainer(ALICE, 'c1')).toBeUndefined();
      expect(calls.adopted).toEqual([`${ALICE}:c1`]);
    });
  });

  it('says the sandbox is full when there is no room even to adopt, and that the lab failed otherwise', async () => {
    const held = new Map([[ALICE, LIMIT]]);
    const full = enforced(held, fresh(), async () => {
      throw new SandboxFull();
    });
    await using(full.quota, async () => {
      expect(await full.quota.holdContainer(ALICE, 'c1')).toEqual({
        kind: 'full',
        message: fullRefusal(LIMIT, LIMIT),
      });
    });
    const broken = enforced(new Map(), fresh(), async () => {
      throw new Error('btrfs subvolume create: Read-only file system');
    });
    await using(broken.quota, async () => {
      expect(await broken.quota.holdContainer(ALICE, 'c1')).toEqual({
        kind: 'failed',
        message: UNHELD_MESSAGE,
        reason: 'btrfs subvolume create: Read-only file system',
      });
    });
  });

  it('releases an ended session’s group', async () => {
    const { quota, calls } = enforced(new Map(), fresh());
    await using(quota, () => quota.release(ALICE));
    expect(calls.released).toEqual([ALICE]);
  });
});

describe('the data quota sampled where the engine cannot enforce it', () => {
  const df = (sizes: Record<string, number>) => ({
    Volumes: Object.entries(sizes).map(([session, bytes]) => ({
      Labels: { [SESSION_LABEL]: session },
      UsageData: { Size: bytes / 2 },
    })),
    Containers: Object.entries(sizes).map(([session, bytes]) => ({
      Labels: { [SESSION_LABEL]: session },
      SizeRw: bytes / 2,
    })),
  });
  const sampled = (record: Seen, engine: { running: string[]; df: object }) =>
    startSessionQuota(unenforcedStorage('a test'), options(record, engine));

  it('sizes nothing on its rounds while no container runs, but does when asked after a command', async () => {
    vi.useFakeTimers();
    const record = fresh();
    const quota = sampled(record, { running: [], df: df({ [ALICE]: 2 * LIMIT }) });
    try {
      await using(quota, async () => {
        await vi.advanceTimersByTimeAsync(3 * INTERVAL_MS);
        expect(record.sized).toBe(0);
        expect(await quota.roomProblem(ALICE)).toBeUndefined();
        await quota.remeasure();
        expect(record.sized).toBe(1);
        expect(await quota.roomProblem(ALICE)).toBe(overRefusal(2 * LIMIT, LIMIT));
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops the containers of a session past its quota, volumes and layers together, and tells it once', async () => {
    const record = fresh();
    const quota = sampled(record, {
      running: [ALICE, ALICE, BOB, STRANGER],
      df: df({ [ALICE]: LIMIT + 2, [BOB]: LIMIT, [STRANGER]: 2 * LIMIT }),
    });
    await using(quota, async () => {
      await quota.remeasure();
      expect(record.killed).toEqual([`box-${ALICE}`, `box-${ALICE}`]);
      expect(record.told).toEqual([[ALICE, overNotice(LIMIT + 2, LIMIT)]]);
      expect(await quota.roomProblem(ALICE)).toBe(overRefusal(LIMIT + 2, LIMIT));
      expect(await quota.roomProblem(BOB)).toBeUndefined();
    });
  });

  it('learns which containers run from the engine’s events when it can, and lists them only when it cannot', async () => {
    const record = fresh();
    let listed = 0;
    let fromEvents: { id: string; session: string }[] | undefined = [{ id: 'box-events', session: ALICE }];
    const base = options(record, { running: [ALICE], df: df({ [ALICE]: 2 * LIMIT }) });
    const quota = startSessionQuota(unenforcedStorage('a test'), {
      ...base,
      containers: {
        ...base.containers,
        list: async (...args) => {
          listed++;
          return base.containers.list(...args);
        },
      },
      running: () => fromEvents,
    });
    await using(quota, async () => {
      await quota.remeasure();
      expect(listed).toBe(0);
      expect(record.killed).toEqual(['box-events']);
      // The stream is down: the events cannot tell, the engine is asked.
      fromEvents = undefined;
      await quota.remeasure();
      expect(listed).toBe(1);
      expect(record.killed).toEqual(['box-events', `box-${ALICE}`]);
    });
  });

  it('holds nothing and keeps nothing to release: the measurements are the only guard', async () => {
    const record = fresh();
    const quota = sampled(record, { running: [], df: {} });
    await using(quota, async () => {
      expect(await quota.holdContainer(ALICE, 'c1')).toBeUndefined();
      await quota.release(ALICE);
      expect(record.inspected).toEqual([]);
    });
  });
});
