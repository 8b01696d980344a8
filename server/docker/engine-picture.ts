/**
 * SECURITY-RELEVANT: what one engine holds for this lab's sessions (their volumes, their containers
 * and what each mounts), kept from the engine's event stream instead of listing it for every check.
 * Checks, the page's diagram, lesson reset and the sampled data quota read it, and so do commands that
 * decide from a session's objects without printing them (server/commands/session-objects.ts); a
 * command whose output is the objects (`docker ps`, `docker inspect`) still asks the engine, since
 * that output must be the engine's own.
 *
 * What events tell, and what they do not (seen on Engine 20.10; the same in moby's later sources):
 * - container events carry the container's labels, name and image: a session's container is known by
 *   its session and instance labels. Its mounts and `--volumes-from` are not in any event, so each
 *   container is inspected once, when it is created.
 * - volume events carry the name and driver only: a named volume is known by its session's name
 *   prefix and its labels come from the lab's own create call (or one inspect when something else
 *   made it); an anonymous one (64 hex) is learnt from the inspect of the container that made it.
 * - a container's anonymous volumes are destroyed before the container (`removeMountPoints` runs before
 *   the `destroy` event in `cleanupContainer`), so a container's `destroy` means its `rm -v` is
 *   complete; a failed start leaves no event and the container `created`.
 *
 * Consistency: a check after a command must see that command's effects, but events come on another
 * socket. The lab's own engine calls are recorded (picture-recorder.ts) as expectations of the
 * session they touch ("container X exists and is inspected", "X no longer runs", "volume V was
 * destroyed"); `session()` waits, briefly, until the picture shows each of them, and otherwise lists
 * that session from the engine and goes on from the listing (the fallback, counted in `stats()`).
 * When the stream drops, nothing is trusted until it is open again and the whole picture has been
 * rebuilt from a listing; events that arrive during a listing are applied on top of it again, which
 * is harmless since each event sets state rather than adding to it.
 */

import { INSTANCE_LABEL, SESSION_LABEL } from '../labels.ts';
import type { ContainerEngine, EngineContainer } from './containers.ts';
import type { Engine, EngineVolume } from './engine.ts';
import { EngineError } from './engine-error.ts';
import type { EngineEvent } from './engine-watch.ts';
import { type Expectation, Expectations } from './picture-expectations.ts';

/** A session's engine names start `vl-<session id>-` (sandbox/namespace.ts). */
const SESSION_NAME = /^vl-([0-9a-f]{12})-/;
/** The names the engine gives the volumes it makes without a name. */
const ANONYMOUS_NAME = /^[0-9a-f]{64}$/;
/** How many destroyed ids and names are remembered, for expectations that arrive after their event. */
const REMEMBERED = 10_000;

/** One mount of a container, with what checks and the diagram read of it (as a listing's `Mounts`). */
export interface PictureMount {
  readonly Type?: string | undefined;
  readonly Name?: string | undefined;
  readonly Destination: string;
  readonly RW: boolean;
}

function mountOf(mount: PictureMount): PictureMount {
  return { Type: mount.Type, Name: mount.Name, Destination: mount.Destination, RW: mount.RW };
}

function volumesFromOf(info: EngineContainer): string[] {
  return [...((info.HostConfig as { VolumesFrom?: string[] | null }).VolumesFrom ?? [])];
}

/** A session's container as the picture holds it: what a listing would say of it, and --volumes-from. */
export interface PictureContainer {
  readonly id: string;
  /** The engine's name, without the leading slash. */
  readonly name: string;
  readonly session: string;
  /** The image as the container was created with it, as `docker ps` shows it. */
  readonly image: string;
  /** As a listing's `State`: created, running, exited, ... */
  readonly state: string;
  readonly mounts: readonly PictureMount[];
  /** Entries of `--volumes-from` (`id[:mode]`); undefined until an inspect said (see `volumesFrom`). */
  readonly volumesFrom: readonly string[] | undefined;
}

/** One session's objects on the engine. */
export interface SessionObjects {
  readonly volumes: readonly EngineVolume[];
  readonly containers: readonly PictureContainer[];
}

export interface PictureStats {
  /** Reads of a session's objects. */
  readonly reads: number;
  /** Reads that waited for events the lab's calls led it to expect. */
  readonly waited: number;
  /** Reads that listed the session instead, for one of the three reasons below. */
  readonly fallbacks: number;
  /** ...the expected events did not come within the wait. */
  readonly timedOut: number;
  /** ...the stream was down, and no rebuild under way. */
  readonly streamDown: number;
  /** ...a call for the session failed, or an inspect did, so the picture could not tell. */
  readonly unsure: number;
  /** Whole pictures built from a listing: once when the stream opens, again after each drop. */
  readonly rebuilds: number;
  /** Engine calls the picture made: listings, and inspects of new containers and unknown volumes. */
  readonly calls: number;
}

export interface EnginePictureOptions {
  engine: Pick<Engine, 'listVolumes' | 'inspectVolume'>;
  containers: Pick<ContainerEngine, 'list' | 'inspect'>;
  /** Only objects carrying this instance label are this lab's. */
  instance: string;
  /** How long a read waits for expected events before it lists the session instead. Default 1500. */
  waitMs?: number;
}

interface Container {
  id: string;
  name: string;
  session: string;
  image: string;
  state: string;
  mounts: PictureMount[];
  volumesFrom: string[] | undefined;
  /** False until the inspect made when it was created has been applied. */
  inspected: boolean;
  /** The event number of its last `start`. */
  startedAt: number;
}

interface Volume {
  session: string;
  volume: EngineVolume;
}

interface Listing {
  session: string | undefined;
  events: EngineEvent[];
}

export interface EnginePicture {
  /** One event of the stream, in order. */
  apply(event: EngineEvent): void;
  /** The stream is open: the picture is rebuilt from a listing and trusted again. */
  streamOpened(): void;
  /** The stream dropped: until it opens again, reads list the engine. */
  streamLost(): void;
  /** The session's objects, with the effects of every call the lab made for it that has returned. */
  session(sessionId: string): Promise<SessionObjects>;
  /** The containers running now, by what the events said; undefined while the stream is down. */
  running(): { id: string; session: string }[] | undefined;
  /** A container's --volumes-from entries, inspecting it once if the picture came from a listing. */
  volumesFrom(id: string): Promise<readonly string[]>;
  /**
   * The inspect of a container the lab just created, made once for the picture and for whoever else
   * needs one (the data quota's adoption); another inspect for a container it does not hold.
   */
  inspectContainer(id: string): Promise<EngineContainer>;
  /** The session a container of this lab belongs to, if the picture or the lab's create call knows it. */
  sessionOfContainer(id: string): string | undefined;
  /** The session a volume belongs to: the picture's, or its name's. */
  sessionOfVolume(name: string): string | undefined;
  /** The lab created a container for a session: inspected now, before its event arrives. */
  containerCreated(id: string, session: string): void;
  /** The lab is creating a named volume: its create event needs no inspect of its own. */
  volumeCreating(name: string): number;
  /** The lab created (or found) a named volume, with the answer's labels; `since` from `volumeCreating`. */
  volumeCreated(volume: EngineVolume, since: number): void;
  /** A volume create call ended, well or not. */
  volumeCreateEnded(name: string): void;
  /** The number of the last event applied: what an expectation's `after` is measured against. */
  readonly eventNumber: number;
  /** A call the lab made for a session has returned: reads of that session wait for its events. */
  expect(session: string, expectation: Expectation): void;
  /** A call for the session failed in a way that may have changed the engine: its next read lists it. */
  unsure(session: string): void;
  stats(): PictureStats;
}

export function sessionOfName(engineName: string): string | undefined {
  return SESSION_NAME.exec(engineName)?.[1];
}

function remember<K>(map: Map<K, number>, key: K, value: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > REMEMBERED) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof EngineError && error.statusCode === 404;
}

export function createEnginePicture(options: EnginePictureOptions): EnginePicture {
  const { instance } = options;
  const waitMs = options.waitMs ?? 1500;
  const containers = new Map<string, Container>();
  const volumes = new Map<string, Volume>();
  /** Containers destroyed, by id, with the event number: expectations may come after the event. */
  const destroyedContainers = new Map<string, number>();
  /** Volumes destroyed, by name, with the event number of the last destroy. */
  const destroyedVolumes = new Map<string, number>();
  /** Volumes with a session's name that are not this lab's (bare, or another instance's), by name. */
  const others = new Map<string, number>();
  /** Volumes being inspected now: a second create event for one needs no second inspect. */
  const learning = new Set<string>();
  /** Named volumes the lab is creating: their create events need no inspect. */
  const creating = new Map<string, number>();
  /** Containers the lab created, by id, before their create event: their sessions. */
  const createdBy = new Map<string, string>();
  /** The inspect of each container the lab created, shared by the picture and the data quota. */
  const inspects = new Map<string, Promise<EngineContainer | undefined>>();
  /** Inspects and listings under way, per session: reads wait for them. */
  const pending = new Map<string, number>();
  /** Sessions whose picture may be wrong (an inspect failed): their next read lists them. */
  const dirty = new Set<string>();
  const expectations = new Expectations({
    container: (id) => containers.get(id),
    containerDestroyed: (id) => destroyedContainers.has(id),
    volumeDestroyedAt: (name) => destroyedVolumes.get(name) ?? -1,
  });
  const listings = new Set<Listing>();
  let eventNumber = 0;
  /** Whether reads may trust the picture: the stream is open and a rebuild since it opened is done. */
  let live = false;
  let open = false;
  /** Until the stream first opens (or fails to): reads wait for it rather than list. */
  let starting = true;
  /** Times the stream was lost: a rebuild during which it was lost again proves nothing. */
  let losses = 0;
  let rebuilding = false;
  let again = false;
  let waiters: (() => void)[] = [];
  const stats = {
    reads: 0,
    waited: 0,
    fallbacks: 0,
    timedOut: 0,
    streamDown: 0,
    unsure: 0,
    rebuilds: 0,
    calls: 0,
  };

  const changed = () => {
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
  };
  const busy = (session: string, delta: number) => {
    const now = (pending.get(session) ?? 0) + delta;
    if (now <= 0) pending.delete(session);
    else pending.set(session, now);
    if (delta < 0) changed();
  };

  const ours = (labels: Record<string, string> | null | undefined): string | undefined =>
    labels?.[INSTANCE_LABEL] === instance ? labels?.[SESSION_LABEL] : undefined;

  const applyInspect = (record: Container, info: EngineContainer) => {
    record.mounts = (info.Mounts ?? []).map(mountOf);
    record.volumesFrom = volumesFromOf(info);
    record.inspected = true;
    // An anonymous volume the container made is learnt here: its create event names it only.
    for (const mount of record.mounts) {
      if (
        mount.Type === 'volume' &&
        mount.Name &&
        ANONYMOUS_NAME.test(mount.Name) &&
        !volumes.has(mount.Name)
      ) {
        learnVolume(mount.Name, record.session);
      }
    }
  };

  /** Inspects a container of the lab once; the answer is kept while the container exists. */
  const inspectOnce = (id: string, session: string): Promise<EngineContainer | undefined> => {
    let inspect = inspects.get(id);
    if (!inspect) {
      stats.calls++;
      busy(session, 1);
      inspect = options.containers.inspect(id).then(
        (info) => info,
        (error: unknown) => {
          // Gone already: its destroy event follows. Anything else leaves the picture unsure.
          if (!isNotFound(error)) dirty.add(session);
          inspects.delete(id);
          return undefined;
        },
      );
      inspects.set(id, inspect);
      void inspect.finally(() => busy(session, -1));
    }
    return inspect;
  };

  /** Fills a new record from its container's inspect, whichever of the two came first. */
  const describe = (record: Container) => {
    busy(record.session, 1);
    void inspectOnce(record.id, record.session).then((info) => {
      if (info && containers.get(record.id) === record) applyInspect(record, info);
      busy(record.session, -1);
    });
  };

  /** Inspects a volume the events named but did not describe; kept if this lab's session owns it. */
  const learnVolume = (name: string, session: string) => {
    if (learning.has(name)) return;
    learning.add(name);
    stats.calls++;
    busy(session, 1);
    const since = eventNumber;
    void options.engine
      .inspectVolume(name)
      .then(
        (volume) => {
          if ((destroyedVolumes.get(name) ?? -1) > since) return;
          const owner = ours(volume.Labels);
          if (owner !== undefined) volumes.set(name, { session: owner, volume });
          else remember(others, name, eventNumber);
        },
        (error: unknown) => {
          if (!isNotFound(error)) dirty.add(session);
        },
      )
      .finally(() => {
        learning.delete(name);
        busy(session, -1);
      });
  };

  const addContainer = (id: string, name: string, session: string, image: string) => {
    const record: Container = {
      id,
      name,
      session,
      image,
      state: 'created',
      mounts: [],
      volumesFrom: undefined,
      inspected: false,
      startedAt: -1,
    };
    containers.set(id, record);
    describe(record);
  };

  const applyContainer = (event: EngineEvent) => {
    const attributes = event.Actor.Attributes ?? {};
    const id = event.Actor.ID;
    const record = containers.get(id);
    switch (event.Action) {
      case 'create': {
        const session = ours(attributes);
        if (session === undefined || record) return;
        addContainer(id, attributes.name ?? '', session, attributes.image ?? '');
        return;
      }
      case 'start':
        if (!record) return;
        record.state = 'running';
        record.startedAt = eventNumber;
        return;
      case 'die':
        if (record) record.state = 'exited';
        return;
      case 'destroy':
        if (!containers.has(id) && !createdBy.has(id)) return;
        containers.delete(id);
        createdBy.delete(id);
        inspects.delete(id);
        remember(destroyedContainers, id, eventNumber);
        return;
    }
  };

  const applyVolume = (event: EngineEvent) => {
    const name = event.Actor.ID;
    if (event.Action === 'destroy') {
      volumes.delete(name);
      others.delete(name);
      remember(destroyedVolumes, name, eventNumber);
      return;
    }
    // A create event also comes each time a container mounts a volume that exists: nothing new then.
    if (event.Action !== 'create' || volumes.has(name) || creating.has(name)) return;
    // The lab makes its sessions' named volumes itself and tells the picture (volumeCreated); one made
    // otherwise (bare, by the engine, for a name a container mounts; or another lab's) is asked about
    // once, and remembered as not this lab's until it is destroyed.
    const session = sessionOfName(name);
    if (session !== undefined && !others.has(name)) learnVolume(name, session);
  };

  const applyOne = (event: EngineEvent) => {
    if (event.Type === 'container') applyContainer(event);
    else if (event.Type === 'volume') applyVolume(event);
  };

  /** Lists the engine (one session, or every session of this instance) and takes the listing as the truth. */
  const list = async (session: string | undefined) => {
    const labels = [`${INSTANCE_LABEL}=${instance}`];
    if (session !== undefined) labels.push(`${SESSION_LABEL}=${session}`);
    const listing: Listing = { session, events: [] };
    listings.add(listing);
    if (session !== undefined) busy(session, 1);
    const since = eventNumber;
    try {
      stats.calls += 2;
      const [listedVolumes, listedContainers] = await Promise.all([
        options.engine.listVolumes({ label: labels }),
        options.containers.list({ label: labels }, { all: true }),
      ]);
      const inScope = (owner: string) => session === undefined || owner === session;
      for (const [name, volume] of volumes) if (inScope(volume.session)) volumes.delete(name);
      for (const volume of listedVolumes) {
        const owner = ours(volume.Labels);
        if (owner !== undefined && inScope(owner)) volumes.set(volume.Name, { session: owner, volume });
      }
      const known = new Map(containers);
      const listedIds = new Set(listedContainers.map((summary) => summary.Id));
      for (const [id, record] of containers) {
        if (!inScope(record.session)) continue;
        containers.delete(id);
        if (!listedIds.has(id)) {
          // Destroyed while nobody was listening: as good as its event.
          createdBy.delete(id);
          inspects.delete(id);
          remember(destroyedContainers, id, eventNumber);
        }
      }
      for (const summary of listedContainers) {
        const owner = ours(summary.Labels);
        if (owner === undefined || !inScope(owner)) continue;
        const before = known.get(summary.Id);
        containers.set(summary.Id, {
          id: summary.Id,
          name: (summary.Names?.[0] ?? '').replace(/^\//, ''),
          session: owner,
          image: summary.Image,
          state: summary.State,
          mounts: (summary.Mounts ?? []).map(mountOf),
          volumesFrom: before?.volumesFrom,
          inspected: true,
          startedAt: before?.startedAt ?? -1,
        });
      }
      // Events that came while the engine answered: applied again on top of what it said.
      listings.delete(listing);
      for (const event of listing.events) applyOne(event);
      // What the lab's calls before the listing did, the listing shows: nothing left to wait for.
      expectations.listed(inScope, since);
      if (session === undefined) dirty.clear();
      else dirty.delete(session);
    } finally {
      listings.delete(listing);
      if (session !== undefined) busy(session, -1);
      changed();
    }
  };

  /** True once the session's expected events and its inspects are all in. */
  const caughtUp = (session: string): boolean => !pending.has(session) && expectations.metFor(session);

  /**
   * Whether waiting can help: the stream is open (being rebuilt, perhaps) or opening for the first
   * time, and the session is not in doubt.
   */
  const worthWaiting = (session: string) => (live || rebuilding || starting) && !dirty.has(session);

  const waitFor = (session: string): Promise<boolean> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiters = waiters.filter((wake) => wake !== check);
        resolve(false);
      }, waitMs);
      const check = () => {
        if (!worthWaiting(session)) {
          clearTimeout(timer);
          resolve(false);
        } else if (live && caughtUp(session)) {
          clearTimeout(timer);
          resolve(true);
        } else waiters.push(check);
      };
      check();
    });

  const snapshot = (session: string): SessionObjects => ({
    volumes: [...volumes.values()]
      .filter((volume) => volume.session === session)
      .map((volume) => volume.volume),
    containers: [...containers.values()]
      .filter((record) => record.session === session)
      .map((record) => ({
        id: record.id,
        name: record.name,
        session: record.session,
        image: record.image,
        state: record.state,
        mounts: record.mounts,
        volumesFrom: record.volumesFrom,
      })),
  });

  /** Builds the whole picture from a listing, and trusts it if the stream stayed open meanwhile. */
  const rebuild = () => {
    if (rebuilding) {
      again = true;
      return;
    }
    rebuilding = true;
    again = false;
    const lossesBefore = losses;
    void list(undefined)
      .then(
        () => {
          if (!open || losses !== lossesBefore) return;
          stats.rebuilds++;
          live = true;
        },
        () => {
          // The engine did not answer: try again shortly, unless the stream goes first.
          setTimeout(() => {
            if (open && !live) rebuild();
          }, 1000).unref();
        },
      )
      .finally(() => {
        rebuilding = false;
        if (again && open) rebuild();
        changed();
      });
  };

  return {
    apply(event) {
      eventNumber++;
      for (const listing of listings) {
        const attributes = event.Actor.Attributes ?? {};
        const session =
          event.Type === 'container'
            ? attributes[SESSION_LABEL]
            : (sessionOfName(event.Actor.ID) ??
              (ANONYMOUS_NAME.test(event.Actor.ID) ? listing.session : undefined));
        if (listing.session === undefined || session === listing.session) listing.events.push(event);
      }
      applyOne(event);
      changed();
    },
    streamOpened() {
      open = true;
      starting = false;
      rebuild();
    },
    streamLost() {
      open = false;
      starting = false;
      live = false;
      losses++;
      changed();
    },
    async session(sessionId) {
      stats.reads++;
      if (live && !dirty.has(sessionId) && caughtUp(sessionId)) return snapshot(sessionId);
      let waited = false;
      if (worthWaiting(sessionId)) {
        stats.waited++;
        if (await waitFor(sessionId)) return snapshot(sessionId);
        waited = worthWaiting(sessionId);
      }
      stats.fallbacks++;
      if (dirty.has(sessionId)) stats.unsure++;
      else if (waited) stats.timedOut++;
      else stats.streamDown++;
      await list(sessionId);
      return snapshot(sessionId);
    },
    running() {
      if (!live) return undefined;
      return [...containers.values()]
        .filter((record) => record.state === 'running')
        .map((record) => ({ id: record.id, session: record.session }));
    },
    async volumesFrom(id) {
      const record = containers.get(id);
      if (record?.volumesFrom !== undefined) return record.volumesFrom;
      stats.calls++;
      const entries = volumesFromOf(await options.containers.inspect(id));
      const now = containers.get(id);
      if (now) now.volumesFrom = entries;
      return entries;
    },
    async inspectContainer(id) {
      const shared = inspects.get(id);
      const info = shared ? await shared : undefined;
      if (info) return info;
      stats.calls++;
      return options.containers.inspect(id);
    },
    sessionOfContainer(id) {
      return containers.get(id)?.session ?? createdBy.get(id);
    },
    sessionOfVolume(name) {
      return volumes.get(name)?.session ?? sessionOfName(name);
    },
    containerCreated(id, session) {
      if (destroyedContainers.has(id)) return;
      createdBy.set(id, session);
      if (createdBy.size > REMEMBERED) {
        const oldest = createdBy.keys().next();
        if (!oldest.done) createdBy.delete(oldest.value);
      }
      void inspectOnce(id, session);
    },
    volumeCreating(name) {
      creating.set(name, (creating.get(name) ?? 0) + 1);
      return eventNumber;
    },
    volumeCreated(volume, since) {
      if ((destroyedVolumes.get(volume.Name) ?? -1) > since) return;
      const owner = ours(volume.Labels);
      if (owner !== undefined) volumes.set(volume.Name, { session: owner, volume });
      changed();
    },
    volumeCreateEnded(name) {
      const left = (creating.get(name) ?? 1) - 1;
      if (left <= 0) creating.delete(name);
      else creating.set(name, left);
    },
    get eventNumber() {
      return eventNumber;
    },
    expect(session, expectation) {
      expectations.add(session, expectation, eventNumber);
    },
    unsure(session) {
      dirty.add(session);
      changed();
    },
    stats: () => ({ ...stats }),
  };
}
