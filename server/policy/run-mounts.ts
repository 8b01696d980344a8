/**
 * SECURITY: what a `docker run` container may mount. Named volumes of the session (under their engine
 * names), anonymous volumes labelled the session's, tmpfs capped at the lab's size, and the volumes of
 * the session's own containers; never a host path, a volume driver or its options. Pure.
 */

import { apiOlderThan, type EngineInfo } from '../cli/command-spec.ts';
import {
  type MountFlagSpec,
  parseMountFlag,
  parseRamBytes,
  parseTmpfsFlag,
  parseVolumeFlag,
} from '../cli/opts/mount-syntax.ts';
import type { MountSpec } from '../docker/containers.ts';
import { anonymousVolumeLabels, ENGINE_ANONYMOUS_LABEL_SINCE } from '../sandbox/anonymous-volume.ts';
import type { SandboxLimits } from '../sandbox/limits.ts';
import type { Namespace } from '../sandbox/namespace.ts';
import { labelsFrom } from './labels.ts';
import { volumeNameError } from './names.ts';
import { cliRefusal, daemonRefusal, isRefusal, labRefusal, type Refusal, refuse } from './refusal.ts';

/** A named volume the container mounts: the learner's name, and the labels to give it if it is new. */
export interface PlannedVolume {
  name: string;
  labels: Record<string, string>;
}

/** The mount flags' values, as typed. */
export interface MountFlags {
  volume: readonly string[];
  mount: readonly string[];
  tmpfs: readonly string[];
}

/** What the mount flags put in the request, and the named volumes to make before it is sent. */
export interface RunMounts {
  binds: string[];
  mounts: MountSpec[];
  tmpfs: Record<string, string>;
  volumes: PlannedVolume[];
}

/** Takes a mount point, or says why not: each is absolute and used once across all mount flags. */
type ClaimTarget = (target: string) => Refusal | undefined;

function mountPoints(): ClaimTarget {
  const taken = new Set<string>();
  return (target) => {
    if (!target.startsWith('/')) {
      return daemonRefusal(`invalid mount path: '${target}' mount path must be absolute`);
    }
    if (taken.has(target)) return daemonRefusal(`Duplicate mount point: ${target}`);
    taken.add(target);
    return undefined;
  };
}

/** `-v`, `--mount` and `--tmpfs`, in that order, each value in the order typed. */
export function planMounts(
  flags: MountFlags,
  ns: Namespace,
  limits: SandboxLimits,
  engine: EngineInfo,
): RunMounts | Refusal {
  const engineLabels = !apiOlderThan(engine, ENGINE_ANONYMOUS_LABEL_SINCE);
  const planned: RunMounts = { binds: [], mounts: [], tmpfs: {}, volumes: [] };
  const claim = mountPoints();
  for (const raw of flags.volume) {
    const share = volumeFlag(raw, ns, claim, engineLabels);
    if (isRefusal(share)) return share;
    if ('bind' in share) planned.binds.push(share.bind);
    else planned.mounts.push(share.mount);
    if (share.volume) planned.volumes.push(share.volume);
  }
  for (const raw of flags.mount) {
    const share = mountFlag(raw, ns, limits, claim, engine);
    if (isRefusal(share)) return share;
    planned.mounts.push(share.mount);
    if (share.volume) planned.volumes.push(share.volume);
  }
  for (const raw of flags.tmpfs) {
    const share = tmpfsFlag(raw, limits, claim);
    if (isRefusal(share)) return share;
    planned.tmpfs[share.target] = share.options;
  }
  return planned;
}

function isHostPath(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.') || source.startsWith('~') || source.includes('/');
}

/** A mount flag's share of the request, with the named volume it needs made, if any. */
type MountShare = ({ bind: string } | { mount: MountSpec }) & { volume?: PlannedVolume };

/** One `-v`: an anonymous volume is a mount, a named one a bind of its engine name. */
function volumeFlag(
  raw: string,
  ns: Namespace,
  claim: ClaimTarget,
  engineLabels: boolean,
): MountShare | Refusal {
  const spec = parseVolumeFlag(raw);
  if (typeof spec === 'string') {
    return spec.startsWith('invalid spec') ? cliRefusal(spec) : daemonRefusal(spec);
  }
  if (spec.source !== '' && isHostPath(spec.source)) {
    return labRefusal(
      'host-path',
      `-v ${raw}`,
      `host paths (bind mounts) reach outside your sandbox; mount a named volume instead, like -v mydata:${spec.target}`,
    );
  }
  // The daemon reads `/data:ro` as a path with a mode, which only a volume with a source may have.
  if (spec.source === '' && spec.modes.length > 0) {
    return daemonRefusal(`invalid volume specification: '${raw}'`);
  }
  const badMode = spec.modes.find((mode) => !['ro', 'rw', 'nocopy', 'z', 'Z'].includes(mode));
  if (badMode !== undefined) return daemonRefusal(`invalid mode: ${badMode}`);
  const taken = claim(spec.target);
  if (taken) return taken;
  if (spec.source === '') {
    // Docker keys it in Config.Volumes as typed; the label keeps that key for inspect.
    return {
      mount: {
        Type: 'volume',
        Target: spec.target,
        VolumeOptions: {
          Labels: anonymousVolumeLabels(ns, { kind: 'volume-flag', declaredAs: raw }, engineLabels),
        },
      },
    };
  }
  const nameError = volumeNameError(spec.source);
  if (nameError) return daemonRefusal(nameError);
  const modes = spec.modes.length > 0 ? [spec.modes.join(',')] : [];
  return {
    bind: [ns.toEngine(spec.source), spec.target, ...modes].join(':'),
    volume: { name: spec.source, labels: {} },
  };
}

/** One `--mount`: a volume or a tmpfs, with none of the options that reach the host. */
function mountFlag(
  raw: string,
  ns: Namespace,
  limits: SandboxLimits,
  claim: ClaimTarget,
  engine: EngineInfo,
): { mount: MountSpec; volume?: PlannedVolume } | Refusal {
  const spec = parseMountFlag(raw);
  if (typeof spec === 'string') {
    // The CLI rejects these while parsing flags; reached only if a caller skipped that.
    return refuse(`invalid argument "${raw}" for "--mount" flag: ${spec}`);
  }
  const refused =
    refusedMountType(spec.type) ?? refusedMountOption(spec.options, engine) ?? claim(spec.target);
  if (refused) return refused;
  return spec.type === 'tmpfs' ? tmpfsMount(spec, limits) : volumeMount(spec, ns, engine);
}

/** Anything but `volume` and `tmpfs` is refused, in the lab's words or, for an unknown type, the daemon's. */
function refusedMountType(type: string): Refusal | undefined {
  if (type === 'bind' || type === 'npipe') {
    return labRefusal(
      'host-path',
      `--mount type=${type}`,
      `host paths (bind mounts) reach outside your sandbox; use type=volume with a named volume instead`,
    );
  }
  if (type === 'volume' || type === 'tmpfs') return undefined;
  return type === 'image' || type === 'cluster'
    ? labRefusal('mount-type', `--mount type=${type}`, 'this lab mounts volumes and tmpfs only')
    : daemonRefusal(`invalid mount config for type "${type}": mount type unknown`);
}

/**
 * SECURITY: where a volume's sub-path may lead is the engine's to decide, and from API 1.45 it decides
 * it safely: moby resolves the sub-path inside the volume (an absolute path or `..` is refused, a
 * symlink that leads out is refused when the container starts, not when it is created), and
 * test/integration/subpath.test.ts proves it on the real engine. Before 1.45 the engine ignores the
 * option and mounts the whole volume, so the lab refuses it there.
 */
const SUBPATH_API = '1.45';

function refusedMountOption(options: ReadonlyMap<string, string>, engine: EngineInfo): Refusal | undefined {
  for (const key of options.keys()) {
    if (key === 'volume-opt' || key === 'volume-driver') {
      return labRefusal(
        'mount-option',
        `--mount ${key}`,
        'volume drivers and their options mount host paths and devices as root',
      );
    }
    if (key.startsWith('bind-') || key === 'consistency') {
      return labRefusal(
        'mount-option',
        `--mount ${key}`,
        'bind options apply to host bind mounts, which this sandbox does not allow',
      );
    }
    if (key === 'volume-subpath' && apiOlderThan(engine, SUBPATH_API)) {
      return labRefusal(
        'mount-option',
        `--mount ${key}`,
        `this engine (API ${engine.apiVersion}) does not support sub-paths of volumes: it would mount the whole volume (sub-paths need API ${SUBPATH_API}, Docker Engine 26)`,
      );
    }
    if (key === 'image-subpath') {
      return labRefusal('mount-option', `--mount ${key}`, 'this lab mounts volumes and tmpfs only');
    }
  }
  return undefined;
}

function tmpfsMount(spec: MountFlagSpec, limits: SandboxLimits): { mount: MountSpec } | Refusal {
  if (spec.source !== '') {
    return daemonRefusal('invalid mount config for type "tmpfs": field Source must not be specified');
  }
  return {
    mount: {
      Type: 'tmpfs',
      Target: spec.target,
      ReadOnly: spec.readOnly,
      TmpfsOptions: {
        // 0 is no limit to the engine, so it gets the cap like an absent size.
        SizeBytes: spec.tmpfsSizeBytes ? Math.min(spec.tmpfsSizeBytes, limits.tmpfsBytes) : limits.tmpfsBytes,
        ...(spec.tmpfsMode !== undefined ? { Mode: spec.tmpfsMode } : {}),
      },
    },
  };
}

function volumeMount(
  spec: MountFlagSpec,
  ns: Namespace,
  engine: EngineInfo,
): { mount: MountSpec; volume?: PlannedVolume } | Refusal {
  const volumeLabels = labelsFrom(
    spec.options.has('volume-label') ? [spec.options.get('volume-label') ?? ''] : [],
    '--mount volume-label=',
  );
  if (isRefusal(volumeLabels)) return volumeLabels;
  const noCopy = spec.options.get('volume-nocopy');
  const subpath = spec.options.get('volume-subpath') ?? '';
  const volumeOptions = {
    NoCopy: noCopy !== undefined && noCopy !== 'false' && noCopy !== '0',
    ...(subpath !== '' ? { Subpath: subpath } : {}),
  };
  const engineLabels = !apiOlderThan(engine, ENGINE_ANONYMOUS_LABEL_SINCE);
  if (spec.source === '') {
    return {
      mount: {
        Type: 'volume',
        Target: spec.target,
        ReadOnly: spec.readOnly,
        VolumeOptions: {
          ...volumeOptions,
          Labels: { ...volumeLabels, ...anonymousVolumeLabels(ns, { kind: 'mount-flag' }, engineLabels) },
        },
      },
    };
  }
  if (isHostPath(spec.source)) {
    return labRefusal(
      'host-path',
      `--mount source=${spec.source}`,
      'a volume source is a volume name; host paths reach outside your sandbox',
    );
  }
  const nameError = volumeNameError(spec.source);
  if (nameError) return daemonRefusal(nameError);
  return {
    mount: {
      Type: 'volume',
      Source: ns.toEngine(spec.source),
      Target: spec.target,
      ReadOnly: spec.readOnly,
      VolumeOptions: volumeOptions,
    },
    volume: { name: spec.source, labels: volumeLabels },
  };
}

const TMPFS_OPTIONS = /^(ro|rw|noexec|exec|nosuid|suid|nodev|dev|mode=[0-7]{3,4}|uid=\d+|gid=\d+|size=.+)$/;

/** One `--tmpfs TARGET[:OPTIONS]`, its size clamped to the lab's cap. */
function tmpfsFlag(
  raw: string,
  limits: SandboxLimits,
  claim: ClaimTarget,
): { target: string; options: string } | Refusal {
  const { target, options } = parseTmpfsFlag(raw);
  const taken = claim(target);
  if (taken) return taken;
  const kept: string[] = [];
  let size = limits.tmpfsBytes;
  for (const option of options) {
    if (!TMPFS_OPTIONS.test(option)) return daemonRefusal(`invalid tmpfs option ["${option}"]`);
    if (option.startsWith('size=')) {
      const bytes = parseRamBytes(option.slice(5));
      if (bytes === undefined) return daemonRefusal(`invalid tmpfs option ["${option}"]`);
      // Clamped, not refused: tmpfs lives in memory, so its size is the lab's to cap. size=0 means no limit.
      size = bytes > 0 ? Math.min(bytes, limits.tmpfsBytes) : limits.tmpfsBytes;
    } else kept.push(option);
  }
  return { target, options: [...kept, `size=${size}`].join(',') };
}

/** `--volumes-from CONTAINER[:ro|rw]`, resolved among the session's own containers to engine ids. */
export function planVolumesFrom(
  values: readonly string[],
  own: ReadonlyMap<string, string>,
): string[] | Refusal {
  const volumesFrom: string[] = [];
  for (const raw of values) {
    const [reference = '', mode, ...extra] = raw.split(':');
    if (extra.length > 0 || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) {
      return daemonRefusal(`invalid mode: ${mode ?? ''}`);
    }
    const engineId = own.get(reference);
    if (engineId === undefined) return daemonRefusal(`No such container: ${reference}`);
    volumesFrom.push(mode ? `${engineId}:${mode}` : engineId);
  }
  return volumesFrom;
}
