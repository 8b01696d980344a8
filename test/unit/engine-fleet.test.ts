/**
 * The engine fleet with its engines played by fakes: where newcomers are placed, what an engine's
 * health does to placement, and who is told what when an engine's events come in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ContainerEngine } from '../../server/docker/containers.ts';
import type { Engine } from '../../server/docker/engine.ts';
import type { EngineWatchEvent, EngineWatchOptions } from '../../server/docker/engine-watch.ts';
import { type EngineFleet, openEngineFleet } from '../../server/fleet/engine-fleet.ts';
import { ENGINE_DOWN_NOTICE, ENGINE_UP_NOTICE } from '../../server/fleet/engine-notices.ts';
import type { FleetSessions } from '../../server/fleet/fleet-member.ts';
import { unenforcedStorage } from '../../server/storage/engine-storage.ts';

const MIB = 1024 * 1024;
const ALICE = 'a1a1a1a1a1a1';
const BOB = 'b2b2b2b2b2b2';

/** Sessions by id, with the engine each is on; every terminal line they are told. */
function fakeSessions(placed: Record<string, string>) {
  const told: [string, string][] = [];
  const sessions: FleetSessions = {
    engineOf: (sessionId) => placed[sessionId],
    containerName: (sessionId, engineName) =>
      engineName.startsWith(`vl-${sessionId}-`) ? engineName.slice(`vl-${sessionId}-`.length) : undefined,
    notify: (sessionId, message) => told.push([sessionId, message]),
    notifyOn: (engine, message) => {
      for (const [sessionId, on] of Object.entries(placed))
        if (on === engine) told.push([sessionId, message]);
    },
  };
  return { sessions, told };
}

interface Harness {
  fleet: EngineFleet;
  told: [string, string][];
  /** Plays an event on an engine's watch. */
  emit(event: EngineWatchEvent): void;
  stopped: string[];
  errors: { engine: string; operation: string }[];
}

let opened: EngineFleet[] = [];
afterEach(() => {
  for (const fleet of opened) fleet.stop();
  opened = [];
});

async function fleetOf(names: string[], placed: Record<string, string> = {}): Promise<Harness> {
  const { sessions, told } = fakeSessions(placed);
  const watches = new Map<string, (event: EngineWatchEvent) => void>();
  const stopped: string[] = [];
  const errors: Harness['errors'] = [];
  const engine = { docker: {} } as unknown as Engine;
  const containers = { list: async () => [] } as unknown as ContainerEngine;
  const fleet = await openEngineFleet({
    members: names.map((name) => ({ name, engine, containers })),
    storages: new Map(names.map((name) => [name, unenforcedStorage('a test')])),
    instance: 'test',
    dataBytes: 256 * MIB,
    memoryBytes: 128 * MIB,
    quotaIntervalMs: 3_600_000,
    concurrency: 1,
    observer: {
      engineError: ({ engine, operation }) => errors.push({ engine, operation }),
      engineQueue() {},
      engineTurn() {},
    },
    sessions,
    watch: (options: EngineWatchOptions) => {
      watches.set(options.member.name, options.onEvent);
      return { stop: () => stopped.push(options.member.name) };
    },
  });
  opened.push(fleet);
  const emit = (event: EngineWatchEvent) => watches.get(event.engine)?.(event);
  return { fleet, told, emit, stopped, errors };
}

describe('placing sessions on the fleet', () => {
  it('places a newcomer on the healthy engine with the fewest sessions, the first on a tie', async () => {
    const { fleet } = await fleetOf(['local', 'second', 'third']);
    const load: Record<string, number> = { local: 2, second: 1, third: 1 };
    expect(fleet.place((engine) => load[engine] ?? 0)?.name).toBe('second');
    expect(fleet.place(() => 0)?.name).toBe('local');
  });

  it('places nobody on an engine that stopped answering, until it answers again', async () => {
    const { fleet, emit } = await fleetOf(['local', 'second']);
    emit({ kind: 'down', engine: 'local', message: 'connect ECONNREFUSED' });
    expect(fleet.member('local')?.healthy).toBe(false);
    expect(fleet.place(() => 0)?.name).toBe('second');
    emit({ kind: 'down', engine: 'second', message: 'connect ECONNREFUSED' });
    expect(fleet.place(() => 0)).toBeUndefined();
    emit({ kind: 'up', engine: 'local' });
    expect(fleet.member('local')?.healthy).toBe(true);
    expect(fleet.place(() => 0)?.name).toBe('local');
  });

  it('needs at least one engine', async () => {
    await expect(fleetOf([])).rejects.toThrow('a lab needs at least one engine');
  });
});

describe('what an engine’s events tell its sessions', () => {
  it('tells only the sessions on an engine that goes away and comes back, and reports it', async () => {
    const { told, emit, errors } = await fleetOf(['local', 'second'], { [ALICE]: 'second', [BOB]: 'local' });
    emit({ kind: 'down', engine: 'second', message: 'connect ECONNREFUSED' });
    emit({ kind: 'up', engine: 'second' });
    expect(told).toEqual([
      [ALICE, ENGINE_DOWN_NOTICE],
      [ALICE, ENGINE_UP_NOTICE],
    ]);
    expect(errors).toEqual([{ engine: 'second', operation: 'ping' }]);
  });

  it('names a container that died or ran out of memory as its session knows it', async () => {
    const { told, emit } = await fleetOf(['local'], { [ALICE]: 'local' });
    emit({ kind: 'died', engine: 'local', session: ALICE, container: `/vl-${ALICE}-web`, exitCode: 3 });
    emit({ kind: 'oom', engine: 'local', session: ALICE, container: `vl-${ALICE}-hog` });
    // A container that is not the session's own (a check's helper) is nobody's news.
    emit({ kind: 'died', engine: 'local', session: ALICE, container: 'helper', exitCode: 1 });
    expect(told).toEqual([
      [ALICE, 'volume-lab: container web exited with code 3.'],
      [
        ALICE,
        'volume-lab: container hog ran out of memory (each container may use 128 MiB) and was stopped.',
      ],
    ]);
  });

  it('stops every engine’s watch when the fleet stops', async () => {
    const { fleet, stopped } = await fleetOf(['local', 'second']);
    fleet.stop();
    expect(stopped).toEqual(['local', 'second']);
  });
});
