/**
 * The lab's engine calls as the picture hears of them: which calls, once they returned, make a
 * session's next read wait for their events, and which leave it alone.
 */
import { describe, expect, it } from 'vitest';
import type { ContainerEngine, CreateRequest } from '../../server/docker/containers.ts';
import type { Engine, EngineVolume } from '../../server/docker/engine.ts';
import type { EnginePicture } from '../../server/docker/engine-picture.ts';
import type { Expectation } from '../../server/docker/picture-expectations.ts';
import { recordedContainers, recordedEngine } from '../../server/docker/picture-recorder.ts';
import { INSTANCE_LABEL, SESSION_LABEL } from '../../server/labels.ts';

const SESSION = 'a1a1a1a1a1a1';
const ID = 'c'.repeat(64);

function fakePicture() {
  const expected: [string, Expectation][] = [];
  const unsure: string[] = [];
  const created: string[] = [];
  const picture = {
    eventNumber: 7,
    expect: (session: string, expectation: Expectation) => expected.push([session, expectation]),
    unsure: (session: string) => unsure.push(session),
    sessionOfContainer: (id: string) => (id === ID ? SESSION : undefined),
    sessionOfVolume: (name: string) => (name.startsWith(`vl-${SESSION}-`) ? SESSION : undefined),
    containerCreated: (id: string) => created.push(id),
    volumeCreating: () => 7,
    volumeCreated: () => {},
    volumeCreateEnded: () => {},
  } as unknown as EnginePicture;
  return { picture, expected, unsure, created };
}

const ok = async () => {};
const containers = {
  create: async () => ID,
  start: ok,
  stop: ok,
  restart: ok,
  kill: ok,
  remove: ok,
  wait: async () => 0,
} as unknown as ContainerEngine;

const request = (instance: string) =>
  ({ Labels: { [SESSION_LABEL]: SESSION, [INSTANCE_LABEL]: instance } }) as unknown as CreateRequest;

describe('the containers the lab creates, starts and removes', () => {
  it('expect their events: created, started after the call began, stopped, removed', async () => {
    const { picture, expected, created } = fakePicture();
    const recorded = recordedContainers(containers, picture, 'lab');
    await recorded.create('vl-a1a1a1a1a1a1-web', request('lab'));
    await recorded.start(ID);
    await recorded.restart(ID);
    await recorded.stop(ID);
    await recorded.wait(ID);
    await recorded.wait(ID, { condition: 'removed' });
    await recorded.remove(ID, { force: true, volumes: true });
    expect(created).toEqual([ID]);
    expect(expected).toEqual([
      [SESSION, { kind: 'container-created', id: ID }],
      [SESSION, { kind: 'container-started', id: ID, after: 7 }],
      [SESSION, { kind: 'container-started', id: ID, after: 7 }],
      [SESSION, { kind: 'container-stopped', id: ID }],
      [SESSION, { kind: 'container-stopped', id: ID }],
      [SESSION, { kind: 'container-removed', id: ID }],
      [SESSION, { kind: 'container-removed', id: ID }],
    ]);
  });

  it('expect a stop after a kill only for the signals that end a container at once', async () => {
    const { picture, expected } = fakePicture();
    const recorded = recordedContainers(containers, picture, 'lab');
    await recorded.kill(ID, 'SIGHUP');
    await recorded.kill(ID, 'usr1');
    expect(expected).toEqual([]);
    await recorded.kill(ID);
    await recorded.kill(ID, 'KILL');
    await recorded.kill(ID, '9');
    expect(expected).toHaveLength(3);
  });

  it('expect nothing of another lab’s containers, or of a call that failed, which leaves the session unsure', async () => {
    const { picture, expected, unsure } = fakePicture();
    const failing = {
      ...containers,
      create: async () => {
        throw new Error('no room');
      },
      start: async () => {
        throw new Error('no such container');
      },
    } as ContainerEngine;
    const recorded = recordedContainers(failing, picture, 'lab');
    await recordedContainers(containers, picture, 'lab').create('other', request('another-lab'));
    await expect(recorded.create('vl-a1a1a1a1a1a1-web', request('lab'))).rejects.toThrow('no room');
    await expect(recorded.start(ID)).rejects.toThrow('no such container');
    expect(expected).toEqual([]);
    expect(unsure).toEqual([SESSION]);
  });
});

describe('the volumes the lab creates and removes', () => {
  it('tells the picture a created volume at once, and expects a removed one’s destroy', async () => {
    const { picture, expected } = fakePicture();
    const told: EngineVolume[] = [];
    picture.volumeCreated = (volume) => told.push(volume);
    const volume: EngineVolume = {
      Name: `vl-${SESSION}-data`,
      Driver: 'local',
      Labels: { [SESSION_LABEL]: SESSION },
      Mountpoint: '/var/lib/docker/volumes/data/_data',
      Options: null,
      Scope: 'local',
    };
    const engine = {
      createVolume: async () => volume,
      removeVolume: ok,
    } as unknown as Engine;
    const recorded = recordedEngine(engine, picture);
    await recorded.createVolume(volume.Name, {});
    await recorded.removeVolume(volume.Name, true);
    await recorded.removeVolume('vl-storage-probe-0123', true);
    expect(told).toEqual([volume]);
    expect(expected).toEqual([[SESSION, { kind: 'volume-removed', name: volume.Name, after: 7 }]]);
  });
});
