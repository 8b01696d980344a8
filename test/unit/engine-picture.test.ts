/**
 * The engine picture fed with real event lines recorded from Engine 20.10 (fixtures/, recorded by
 * fixtures/record-engine-events.sh) and an engine played by a fake that answers with the inspects
 * recorded alongside: what it learns from events, what it asks the engine, how a read waits for the
 * events the lab's calls lead it to expect, and how it falls back to a listing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineContainer, EngineContainerSummary } from '../../server/docker/containers.ts';
import type { EngineVolume } from '../../server/docker/engine.ts';
import { EngineError } from '../../server/docker/engine-error.ts';
import { createEnginePicture, type EnginePicture } from '../../server/docker/engine-picture.ts';
import { type EngineEvent, engineEventSchema } from '../../server/docker/engine-watch.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const SESSION = 'abcdef012345';
const events: EngineEvent[] = readFileSync(join(FIXTURES, 'engine-events-20.10.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => engineEventSchema.parse(JSON.parse(line)));
const recorded = JSON.parse(readFileSync(join(FIXTURES, 'engine-inspects-20.10.json'), 'utf8')) as {
  containers: Record<string, EngineContainer>;
  volumes: Record<string, EngineVolume>;
};
const idOf = (name: string) =>
  events.find(
    (event) => event.Action === 'create' && event.Actor.Attributes?.name === `vl-${SESSION}-${name}`,
  )?.Actor.ID ?? '';
const WRITER = idOf('writer');
const READER = idOf('reader');
const SLEEPER = idOf('sleeper');
/** The first destroy: everything before it is the session at its fullest. */
const FIRST_DESTROY = events.findIndex((event) => event.Action === 'destroy');

interface FakeEngine {
  picture: EnginePicture;
  /** Every engine call the picture made, as `method target`. */
  calls: string[];
  /** What listings answer. */
  listing: { volumes: EngineVolume[]; containers: EngineContainerSummary[] };
  /** Holds listings until released, to play events arriving during one. */
  holdListings(): () => void;
}

function fakeEngine(waitMs = 1000): FakeEngine {
  const calls: string[] = [];
  const listing: FakeEngine['listing'] = { volumes: [], containers: [] };
  let held: Promise<void> | undefined;
  const notFound = () => new EngineError(404, 'no such object');
  const picture = createEnginePicture({
    instance: 'fixture',
    waitMs,
    engine: {
      async listVolumes(filters) {
        calls.push(`listVolumes ${filters.label?.join(',')}`);
        await held;
        return listing.volumes;
      },
      async inspectVolume(name) {
        calls.push(`inspectVolume ${name}`);
        const found = recorded.volumes[name];
        if (!found) throw notFound();
        return found;
      },
    },
    containers: {
      async list(filters) {
        calls.push(`list ${filters.label?.join(',')}`);
        await held;
        return listing.containers;
      },
      async inspect(id) {
        calls.push(`inspect ${id.slice(0, 12)}`);
        const found = recorded.containers[id];
        if (!found) throw notFound();
        return found;
      },
    },
  });
  return {
    picture,
    calls,
    listing,
    holdListings() {
      let release = () => {};
      held = new Promise((resolve) => {
        release = () => {
          held = undefined;
          resolve();
        };
      });
      return release;
    },
  };
}

/** A picture whose stream opened on an empty engine, and which has read the events up to `end`. */
async function replayed(end = events.length, waitMs?: number): Promise<FakeEngine> {
  const fake = fakeEngine(waitMs);
  fake.picture.streamOpened();
  await fake.picture.session(SESSION);
  for (const event of events.slice(0, end)) fake.picture.apply(event);
  return fake;
}

const names = (objects: { containers: readonly { name: string; state: string }[] }) =>
  objects.containers
    .map((container) => `${container.name.replace(`vl-${SESSION}-`, '')}:${container.state}`)
    .sort();

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the picture kept from recorded events', () => {
  it("holds the session's containers with their state, mounts and --volumes-from, and its labelled volumes", async () => {
    const { picture } = await replayed(FIRST_DESTROY);
    const objects = await picture.session(SESSION);
    expect(names(objects)).toEqual(['reader:exited', 'sleeper:exited', 'strayuser:created', 'writer:exited']);
    const writer = objects.containers.find((container) => container.id === WRITER);
    expect(writer?.image).toBe('busybox');
    expect(writer?.mounts.map((mount) => [mount.Destination, mount.Name, mount.RW])).toEqual([
      ['/data', `vl-${SESSION}-data`, true],
      ['/cache', expect.stringMatching(/^[0-9a-f]{64}$/), true],
    ]);
    expect(objects.containers.find((container) => container.id === READER)?.volumesFrom).toEqual([WRITER]);
    // The stray volume the engine made bare for a session's name carries no labels: not the session's.
    expect(objects.volumes.map((volume) => volume.Name).sort()).toEqual(
      [`vl-${SESSION}-data`, writer?.mounts[1]?.Name].sort(),
    );
    expect(objects.volumes.find((volume) => volume.Name === `vl-${SESSION}-data`)?.Labels).toEqual({
      'volume-lab.instance': 'fixture',
      'volume-lab.session': SESSION,
    });
  });

  it('ignores containers of another lab instance and containers that are not the lab’s', async () => {
    const { picture, calls } = await replayed(FIRST_DESTROY);
    await picture.session(SESSION);
    expect(picture.running()).toEqual([]);
    expect(calls.filter((call) => call.startsWith('inspect '))).toHaveLength(4);
    expect(calls.join('\n')).not.toContain(
      events.find((e) => e.Actor.Attributes?.name === 'other-instance')?.Actor.ID.slice(0, 12),
    );
  });

  it('asks the engine only what the events cannot tell: each new container once, each unknown volume once', async () => {
    const { picture, calls } = await replayed();
    expect(await picture.session(SESSION)).toEqual({ volumes: [], containers: [] });
    // The anonymous volume is learnt from its container's inspect, which comes after every event
    // here was read: the container was gone by then, and so was the need to ask.
    expect(calls.sort()).toEqual(
      [
        'listVolumes volume-lab.instance=fixture',
        'list volume-lab.instance=fixture',
        `inspect ${WRITER.slice(0, 12)}`,
        `inspect ${READER.slice(0, 12)}`,
        `inspect ${SLEEPER.slice(0, 12)}`,
        `inspect ${idOf('strayuser').slice(0, 12)}`,
        'inspectVolume vl-4a6a1a4dc051-db',
        `inspectVolume vl-${SESSION}-data`,
        `inspectVolume vl-${SESSION}-stray`,
      ].sort(),
    );
    expect(picture.stats().calls).toBe(calls.length);
  });

  it('knows which containers run as the events go, for the sampled data quota', async () => {
    const fake = await replayed(events.findIndex((event) => event.Action === 'kill'));
    await fake.picture.session(SESSION);
    // The writer has ended by then, and the reader too; the sleeper runs until it is killed.
    expect(fake.picture.running()).toEqual([{ id: SLEEPER, session: SESSION }]);
    fake.picture.streamLost();
    expect(fake.picture.running()).toBeUndefined();
  });
});

describe('a read right after the lab’s calls', () => {
  it('waits until the events of a call that returned are in', async () => {
    const { picture } = await replayed(FIRST_DESTROY);
    await picture.session(SESSION);
    const before = picture.stats();
    picture.expect(SESSION, { kind: 'container-removed', id: SLEEPER });
    let read: Awaited<ReturnType<EnginePicture['session']>> | undefined;
    void picture.session(SESSION).then((objects) => {
      read = objects;
    });
    await settle();
    expect(read).toBeUndefined();
    picture.apply(events[FIRST_DESTROY] as EngineEvent);
    await settle();
    expect(read && names(read)).toEqual(['reader:exited', 'strayuser:created', 'writer:exited']);
    expect(picture.stats()).toMatchObject({ waited: before.waited + 1, fallbacks: 0 });
  });

  it('does not wait for what already shows: a start the engine answered 304 for, a stop of a stopped container', async () => {
    const { picture } = await replayed(events.findIndex((event) => event.Action === 'kill'));
    await picture.session(SESSION);
    const before = picture.stats();
    picture.expect(SESSION, { kind: 'container-started', id: SLEEPER, after: picture.eventNumber });
    picture.expect(SESSION, { kind: 'container-stopped', id: READER });
    await picture.session(SESSION);
    expect(picture.stats()).toMatchObject({ waited: before.waited, fallbacks: 0 });
  });

  it('waits for a new container’s inspect, started by the create call before its event came', async () => {
    const fake = fakeEngine();
    fake.picture.streamOpened();
    await fake.picture.session(SESSION);
    fake.picture.containerCreated(WRITER, SESSION);
    fake.picture.expect(SESSION, { kind: 'container-created', id: WRITER });
    const read = fake.picture.session(SESSION);
    for (const event of events.slice(0, events.findIndex((e) => e.Actor.ID === WRITER) + 1))
      fake.picture.apply(event);
    const objects = await read;
    expect(objects.containers.map((container) => container.mounts.length)).toEqual([2]);
    // One inspect, shared with whoever else asks (the data quota's adoption).
    await fake.picture.inspectContainer(WRITER);
    expect(fake.calls.filter((call) => call === `inspect ${WRITER.slice(0, 12)}`)).toHaveLength(1);
  });

  it('lists the session when the events do not come in time, and goes on from the listing', async () => {
    const fake = await replayed(FIRST_DESTROY, 20);
    await fake.picture.session(SESSION);
    fake.picture.expect(SESSION, {
      kind: 'volume-removed',
      name: `vl-${SESSION}-data`,
      after: fake.picture.eventNumber,
    });
    const objects = await fake.picture.session(SESSION);
    expect(objects).toEqual({ volumes: [], containers: [] });
    expect(fake.picture.stats()).toMatchObject({ fallbacks: 1, timedOut: 1 });
    expect(fake.calls.at(-1)).toBe(`list volume-lab.instance=fixture,volume-lab.session=${SESSION}`);
    // What the listing showed is the picture now: no second listing for the same call.
    await fake.picture.session(SESSION);
    expect(fake.picture.stats()).toMatchObject({ fallbacks: 1 });
  });

  it('does not bring back a volume whose destroy came before the create call’s answer', async () => {
    const { picture } = await replayed(0);
    const volume = recorded.volumes[`vl-${SESSION}-data`] as EngineVolume;
    const since = picture.volumeCreating(volume.Name);
    picture.apply({
      Type: 'volume',
      Action: 'create',
      Actor: { ID: volume.Name, Attributes: { driver: 'local' } },
    });
    picture.apply({
      Type: 'volume',
      Action: 'destroy',
      Actor: { ID: volume.Name, Attributes: { driver: 'local' } },
    });
    picture.volumeCreated(volume, since);
    picture.volumeCreateEnded(volume.Name);
    expect((await picture.session(SESSION)).volumes).toEqual([]);
  });
});

describe('a stream that drops', () => {
  it('is not trusted until it opens again and the picture is rebuilt from a listing', async () => {
    const fake = await replayed(FIRST_DESTROY);
    await fake.picture.session(SESSION);
    fake.picture.streamLost();
    // Missed while the stream was down: the sleeper went; what the engine lists now is the truth.
    const sleeper = recorded.containers[SLEEPER] as EngineContainer;
    fake.listing.containers = [
      {
        Id: SLEEPER,
        Names: [sleeper.Name],
        Image: 'busybox',
        State: 'running',
        Labels: sleeper.Config.Labels,
        Mounts: [],
      } as unknown as EngineContainerSummary,
    ];
    expect(names(await fake.picture.session(SESSION))).toEqual(['sleeper:running']);
    expect(fake.picture.stats()).toMatchObject({ fallbacks: 1, streamDown: 1, rebuilds: 1 });

    // Reopened; an event arrives while the rebuild's listing is under way: applied on top of it.
    const release = fake.holdListings();
    fake.picture.streamOpened();
    const read = fake.picture.session(SESSION);
    fake.picture.apply(events.find((e) => e.Action === 'die' && e.Actor.ID === SLEEPER) as EngineEvent);
    release();
    expect(names(await read)).toEqual(['sleeper:exited']);
    expect(fake.picture.stats()).toMatchObject({ fallbacks: 1, rebuilds: 2 });
  });
});
