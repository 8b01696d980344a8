/**
 * What `docker inspect` shows of a session's container: the engine's answer in the learner's names,
 * without the lab's labels, and without the traces of how the lab asked for what docker would have
 * made itself. Pure.
 */
import { posix } from 'node:path';
import type { EngineContainer, EngineMountPoint, MountSpec } from '../docker/containers.ts';
import { DECLARED_VOLUME_LABEL, REMOVE_LABEL } from '../labels.ts';
import { type Namespace, visibleLabels } from '../sandbox/namespace.ts';

/** Replaces every string in a JSON value with what `hide` makes of it, keeping the structure. */
function hideDeep<T>(value: T, hide: (text: string) => string): T {
  if (typeof value === 'string') return hide(value) as T;
  if (Array.isArray(value)) return value.map((item) => hideDeep(item, hide)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [hide(key), hideDeep(item, hide)]),
    ) as T;
  }
  return value;
}

function cleanPath(path: string): string {
  const clean = posix.normalize(path);
  return clean.length > 1 ? clean.replace(/\/+$/, '') : clean;
}

/** A `--mount` as docker keeps it, without the lab's labels (and without options left empty). */
function visibleMount(mount: MountSpec): MountSpec {
  const { VolumeOptions: options, ...rest } = mount;
  if (options?.Labels === undefined) return mount;
  const { Labels: labels, ...others } = options;
  const visible = visibleLabels(labels, null);
  const kept = visible ? { ...others, Labels: visible } : others;
  return Object.keys(kept).length > 0 ? { ...rest, VolumeOptions: kept } : rest;
}

/** The parts of an engine inspect the view changes; the rest passes through as it is. */
interface InspectParts {
  Config: { Labels: Record<string, string> | null; Volumes?: Record<string, object> | null };
  HostConfig: { AutoRemove: boolean; Mounts?: MountSpec[] | null };
  Mounts: EngineMountPoint[];
}

/** Mount points docker would have keyed in Config.Volumes, by cleaned path, with the key docker uses. */
function declaredVolumes(mounts: readonly MountSpec[]): Map<string, string> {
  const declared = new Map<string, string>();
  for (const mount of mounts) {
    const key = mount.VolumeOptions?.Labels?.[DECLARED_VOLUME_LABEL];
    if (mount.Type === 'volume' && key !== undefined) declared.set(cleanPath(mount.Target), key);
  }
  return declared;
}

/**
 * The engine's inspect of a session's container as the learner sees it. An anonymous volume the lab
 * asked for as a labelled mount where docker takes it from Config.Volumes (an image's `VOLUME`, a
 * `-v /path`) is shown as docker makes those: keyed in Config.Volumes, not in HostConfig.Mounts, with
 * no mode.
 */
export function containerView(raw: EngineContainer, ns: Namespace): EngineContainer {
  const { Config: config, HostConfig: host, Mounts: points } = raw as unknown as InspectParts;
  const declared = declaredVolumes(host.Mounts ?? []);
  const isDeclared = (type: string | undefined, path: string) =>
    type === 'volume' && declared.has(cleanPath(path));
  const mounts = (host.Mounts ?? [])
    .filter((mount) => !isDeclared(mount.Type, mount.Target))
    .map(visibleMount);
  const volumes = { ...config.Volumes };
  const keyed = new Set(Object.keys(volumes).map(cleanPath));
  for (const [path, key] of declared) if (!keyed.has(path)) volumes[key] = {};
  const view: InspectParts = {
    Config: {
      ...config,
      Labels: visibleLabels(config.Labels, {}),
      Volumes: Object.keys(volumes).length > 0 ? volumes : (config.Volumes ?? null),
    },
    HostConfig: {
      ...host,
      // A foreground --rm container is removed by the lab, not the engine: it was asked for with AutoRemove.
      AutoRemove: host.AutoRemove || config.Labels?.[REMOVE_LABEL] !== undefined,
      ...(host.Mounts ? { Mounts: mounts.length > 0 ? mounts : null } : {}),
    },
    Mounts: points.map((point) =>
      isDeclared(point.Type, point.Destination) ? { ...point, Mode: '' } : point,
    ),
  };
  return hideDeep({ ...raw, ...view } as unknown as EngineContainer, ns.hide);
}
