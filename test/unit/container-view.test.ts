/**
 * What `docker inspect` shows of a session's container. The engine answers below are the parts that
 * matter of what Engine 20.10 answered for the lab's `docker run -d redis` and
 * `docker run -v /anon/ --mount type=volume,dst=/m busybox`; the expected views are what it answered
 * for the same lines typed to the docker CLI.
 */
import { describe, expect, it } from 'vitest';
import { containerView } from '../../server/commands/container-view.ts';
import type { EngineContainer } from '../../server/docker/containers.ts';
import { DECLARED_VOLUME_LABEL, INSTANCE_LABEL, REMOVE_LABEL, SESSION_LABEL } from '../../server/labels.ts';
import { createNamespace } from '../../server/sandbox/namespace.ts';

const ns = createNamespace('a1b2c3d4e5f6');
const LAB = { [SESSION_LABEL]: ns.sessionId, [INSTANCE_LABEL]: 'lab' };
const ANON = 'b0a27890335a96204ebe3031f9b55b3cad338ce8820ddce45f7b97503ae27b72';
const SOURCE = `/var/lib/docker/volumes/${ANON}/_data`;

function engineInspect(parts: Record<string, unknown>): EngineContainer {
  return {
    Id: 'c8b8a51d3bd8d4b10465db0134bf9c2074d7b555f003d7d20ec8bef5889ccfaf',
    Name: `/${ns.toEngine('web')}`,
    Created: '2026-12-05T00:05:07.361202388Z',
    State: { Status: 'running', Running: true, ExitCode: 0, StartedAt: '', FinishedAt: '' },
    ...parts,
  } as unknown as EngineContainer;
}

const volumePoint = (destination: string, mode: string) => ({
  Type: 'volume',
  Name: ANON,
  Source: SOURCE,
  Destination: destination,
  Driver: 'local',
  Mode: mode,
  RW: true,
  Propagation: '',
});

describe('containerView', () => {
  it("shows an image VOLUME's labelled mount as docker makes it: in Config.Volumes only, with no mode", () => {
    const view = containerView(
      engineInspect({
        Config: { Image: 'redis', Labels: { ...LAB }, Volumes: { '/data': {} } },
        HostConfig: {
          AutoRemove: false,
          Mounts: [
            {
              Type: 'volume',
              Target: '/data',
              VolumeOptions: { Labels: { ...LAB, [DECLARED_VOLUME_LABEL]: '/data' } },
            },
          ],
        },
        Mounts: [volumePoint('/data', 'z')],
      }),
      ns,
    ) as unknown as Record<string, Record<string, unknown>>;
    expect(view.Config).toEqual({ Image: 'redis', Labels: {}, Volumes: { '/data': {} } });
    expect(view.HostConfig).toEqual({ AutoRemove: false, Mounts: null });
    expect(view.Mounts).toEqual([volumePoint('/data', '')]);
  });

  it('shows an anonymous -v in Config.Volumes as typed, and a --mount one as the learner gave it', () => {
    const view = containerView(
      engineInspect({
        Config: { Image: 'busybox', Labels: { ...LAB, [REMOVE_LABEL]: 'true' }, Volumes: null },
        HostConfig: {
          AutoRemove: false,
          Mounts: [
            {
              Type: 'volume',
              Target: '/anon/',
              VolumeOptions: { Labels: { ...LAB, [DECLARED_VOLUME_LABEL]: '/anon/' } },
            },
            { Type: 'volume', Target: '/m', VolumeOptions: { Labels: { ...LAB } } },
            {
              Type: 'volume',
              Target: '/n',
              VolumeOptions: { NoCopy: true, Labels: { team: 'blue', ...LAB } },
            },
          ],
        },
        Mounts: [volumePoint('/m', 'z'), volumePoint('/anon', 'z'), volumePoint('/n', 'z')],
      }),
      ns,
    ) as unknown as Record<string, Record<string, unknown>>;
    expect(view.Config).toEqual({ Image: 'busybox', Labels: {}, Volumes: { '/anon/': {} } });
    expect(view.HostConfig).toEqual({
      AutoRemove: true,
      Mounts: [
        { Type: 'volume', Target: '/m' },
        { Type: 'volume', Target: '/n', VolumeOptions: { NoCopy: true, Labels: { team: 'blue' } } },
      ],
    });
    expect(view.Mounts).toEqual([volumePoint('/m', 'z'), volumePoint('/anon', ''), volumePoint('/n', 'z')]);
  });

  it('leaves a container the lab asked nothing of as the engine answered, in the learner’s names', () => {
    const raw = engineInspect({
      Config: { Image: 'busybox', Labels: null, Volumes: null },
      HostConfig: { AutoRemove: true, Binds: [`${ns.toEngine('data')}:/data`] },
      Mounts: [],
    });
    const view = containerView(raw, ns) as unknown as Record<string, Record<string, unknown>>;
    expect(view.Name).toBe('/web');
    expect(view.Config).toEqual({ Image: 'busybox', Labels: {}, Volumes: null });
    expect(view.HostConfig).toEqual({ AutoRemove: true, Binds: ['data:/data'] });
  });
});
