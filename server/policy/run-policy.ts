/**
 * SECURITY: the sandbox policy for containers. Deny by default: a container create request is built
 * only from the allow-listed flags below, each parsed and validated; every other flag is refused with
 * a one-line reason. The limits are always set, and `checkCreateRequest` re-checks the finished
 * request before it is sent, so a bug in the building cannot open a way out.
 * Pure: flags and resolved references in, a request or a refusal out.
 */
import { parseMountFlag, parseRamBytes, parseTmpfsFlag, parseVolumeFlag } from '../cli/opts/mount-syntax.ts';
import type { SandboxLimits } from '../config.ts';
import type { CreateRequest, MountSpec } from '../docker/containers.ts';
import { daemonFailure, withRunHelp } from '../docker/daemon-error.ts';
import type { RefusalRule } from '../observability/refusal-rule.ts';
import { isLabLabel, type Namespace } from '../session/namespace.ts';

/** What the policy reads of parsed flags (server/cli's ParsedFlags). */
export interface FlagReader {
  changedNames(): readonly string[];
  bool(name: string): boolean;
  string(name: string): string;
  stringArray(name: string): readonly string[];
}

/** A refusal: `message` is printed as is, `exitCode` is what `docker run` exits with. */
export interface Refusal {
  refused: true;
  message: string;
  exitCode: number;
  /**
   * What the sandbox refused, as metrics count it; absent for the daemon-worded mistakes the policy
   * also returns (a bad mode, a duplicate mount point), which are not refusals.
   */
  rule?: RefusalRule;
}

export interface RunPlan {
  request: CreateRequest;
  /** Named volumes the container mounts (learner names, with labels to give them if new). */
  volumes: { name: string; labels: Record<string, string> }[];
  detach: boolean;
  interactive: boolean;
  tty: boolean;
}

export interface RunInput {
  flags: FlagReader;
  image: string;
  command: readonly string[];
  ns: Namespace;
  limits: SandboxLimits;
  /** `--volumes-from` references, resolved among the session's own containers to engine ids. */
  volumesFrom: ReadonlyMap<string, string>;
}

/** Flags a learner may use with `docker run`; everything else is refused. */
export const RUN_ALLOWED_FLAGS = [
  'detach',
  'interactive',
  'tty',
  'rm',
  'name',
  'volume',
  'mount',
  'tmpfs',
  'volumes-from',
  'workdir',
  'env',
  'entrypoint',
  'label',
  'hostname',
  'user',
  'read-only',
  'init',
] as const;

const NO_NETWORK = 'this sandbox has no network';
const NAMESPACES = "host or other containers' namespaces let a container see and signal what is not its own";
const LIMITS = 'resource limits are set by the lab so one learner cannot starve the others';
const SERVER_FILES = "it reads or writes files on the lab's server, not in your sandbox";

/** Why each known-dangerous flag is refused, in one line a learner can act on. */
export const RUN_REFUSALS: Readonly<Record<string, string>> = {
  privileged: 'it gives a container control of the host',
  'cap-add': 'extra capabilities let root in the container act on the host',
  device: "devices give a container the host's hardware",
  'device-cgroup-rule': "devices give a container the host's hardware",
  'device-read-bps': "devices give a container the host's hardware",
  'device-write-bps': "devices give a container the host's hardware",
  'device-read-iops': "devices give a container the host's hardware",
  'device-write-iops': "devices give a container the host's hardware",
  gpus: "devices give a container the host's hardware",
  'security-opt': 'security options can switch off what keeps containers apart',
  pid: NAMESPACES,
  ipc: NAMESPACES,
  uts: NAMESPACES,
  userns: NAMESPACES,
  cgroupns: NAMESPACES,
  network: `${NO_NETWORK}: every container runs with --network none`,
  net: `${NO_NETWORK}: every container runs with --network none`,
  'network-alias': NO_NETWORK,
  'net-alias': NO_NETWORK,
  link: NO_NETWORK,
  'link-local-ip': NO_NETWORK,
  ip: NO_NETWORK,
  ip6: NO_NETWORK,
  'mac-address': NO_NETWORK,
  dns: NO_NETWORK,
  'dns-option': NO_NETWORK,
  'dns-opt': NO_NETWORK,
  'dns-search': NO_NETWORK,
  'add-host': NO_NETWORK,
  publish: `${NO_NETWORK}: containers cannot publish ports`,
  'publish-all': `${NO_NETWORK}: containers cannot publish ports`,
  expose: `${NO_NETWORK}: containers cannot publish ports`,
  'cgroup-parent': 'it moves a container out of the limits the lab sets',
  sysctl: 'kernel parameters are shared with the host',
  runtime: 'the runtime is what isolates containers; the lab chooses it',
  restart: 'restarting containers would outlive your session',
  'log-driver': "log drivers can send output off the machine and past the lab's size limits",
  'log-opt': "log options can send output off the machine and past the lab's size limits",
  ulimit: LIMITS,
  'oom-kill-disable': LIMITS,
  'oom-score-adj': LIMITS,
  memory: LIMITS,
  'memory-swap': LIMITS,
  'memory-reservation': LIMITS,
  'memory-swappiness': LIMITS,
  'kernel-memory': LIMITS,
  cpus: LIMITS,
  'cpu-shares': LIMITS,
  'cpu-period': LIMITS,
  'cpu-quota': LIMITS,
  'cpu-rt-period': LIMITS,
  'cpu-rt-runtime': LIMITS,
  'cpuset-cpus': LIMITS,
  'cpuset-mems': LIMITS,
  'blkio-weight': LIMITS,
  'blkio-weight-device': LIMITS,
  'pids-limit': LIMITS,
  'shm-size': LIMITS,
  'storage-opt': LIMITS,
  'env-file': SERVER_FILES,
  'label-file': SERVER_FILES,
  cidfile: SERVER_FILES,
  'volume-driver': 'volume drivers and their options mount host paths and devices as root',
  platform: "images come from the lab's own store",
  pull: 'the lab has no registry to pull from',
};

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as { refused?: unknown }).refused === true;
}

function refuse(message: string, rule?: RefusalRule): Refusal {
  return { refused: true, message: `${message}\n`, exitCode: 125, ...(rule ? { rule } : {}) };
}

/** A refusal worded as the lab's own: `subject` is what the learner asked for, `rule` what it breaks. */
function labRefusal(rule: RefusalRule, subject: string, reason: string): Refusal {
  return refuse(`volume-lab: ${subject} is not available in this sandbox: ${reason}`, rule);
}

/** A mistake worded as the daemon answers `docker run`, with the exit code the CLI gives that answer. */
function daemonError(text: string): Refusal {
  const failure = daemonFailure(text, 'run');
  return { refused: true, message: failure.stderr, exitCode: failure.exitCode };
}

const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const VALID_CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** The daemon's answer to a bad local volume name; the lab checks names itself because the prefix hides them. */
export function volumeNameError(name: string): string | undefined {
  if (name.length < 2) {
    return `create ${name}: volume name is too short, names should be at least two alphanumeric characters`;
  }
  if (!VALID_NAME.test(name)) {
    return `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`;
  }
  return undefined;
}

/** `busybox`, `busybox:latest`, `docker.io/library/busybox` and `library/busybox:latest` are one image. */
export function normaliseImage(reference: string): string {
  let name = reference;
  for (const prefix of ['docker.io/', 'index.docker.io/', 'registry-1.docker.io/']) {
    // One registry only: `docker.io/index.docker.io/busybox` is another repository, not busybox.
    if (name.startsWith(prefix)) {
      name = name.slice(prefix.length);
      break;
    }
  }
  if (name.startsWith('library/')) name = name.slice('library/'.length);
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  return lastSegment.includes(':') || name.includes('@') ? name : `${name}:latest`;
}

export function imageAllowed(reference: string, limits: SandboxLimits): boolean {
  const wanted = normaliseImage(reference);
  return limits.images.some((image) => normaliseImage(image) === wanted);
}

function isHostPath(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.') || source.startsWith('~') || source.includes('/');
}

const TMPFS_OPTIONS = /^(ro|rw|noexec|exec|nosuid|suid|nodev|dev|mode=[0-7]{3,4}|uid=\d+|gid=\d+|size=.+)$/;

function tmpfsOptions(options: readonly string[], capBytes: number): string | Refusal {
  const kept: string[] = [];
  let size = capBytes;
  for (const option of options) {
    if (!TMPFS_OPTIONS.test(option)) return daemonError(`invalid tmpfs option ["${option}"]`);
    if (option.startsWith('size=')) {
      const bytes = parseRamBytes(option.slice(5));
      if (bytes === undefined) return daemonError(`invalid tmpfs option ["${option}"]`);
      // Clamped, not refused: tmpfs lives in memory, so its size is the lab's to cap. size=0 means no limit.
      size = bytes > 0 ? Math.min(bytes, capBytes) : capBytes;
    } else kept.push(option);
  }
  return [...kept, `size=${size}`].join(',');
}

function labelsFrom(values: readonly string[], flag: string): Record<string, string> | Refusal {
  const labels: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    const key = at === -1 ? value : value.slice(0, at);
    if (isLabLabel(key)) {
      return labelRefusal(flag, key);
    }
    labels[key] = at === -1 ? '' : value.slice(at + 1);
  }
  return labels;
}

function labelRefusal(flag: string, key: string): Refusal {
  return refuse(
    `volume-lab: ${flag}${flag.endsWith('=') ? '' : ' '}${key} is not available in this sandbox: labels starting with volume-lab. belong to the lab itself`,
    'lab-label',
  );
}

/** Builds the create request for `docker run`, or says why not. */
export function planRun(input: RunInput): RunPlan | Refusal {
  const { flags, ns, limits } = input;
  const allowed = new Set<string>(RUN_ALLOWED_FLAGS);
  for (const name of flags.changedNames()) {
    if (name === 'help' || allowed.has(name)) continue;
    const reason = RUN_REFUSALS[name];
    return labRefusal(
      `--${name}`,
      `--${name}`,
      reason ??
        `this lab allows only ${RUN_ALLOWED_FLAGS.map((flag) => `--${flag}`).join(' ')} with docker run`,
    );
  }
  if (!imageAllowed(input.image, limits)) {
    return labRefusal(
      'image',
      `the image ${input.image}`,
      `this lab runs ${limits.images.map((image) => image.replace(/:latest$/, '')).join(', ')} only (no registry is reachable)`,
    );
  }

  const name = flags.string('name');
  if (name !== '' && !VALID_CONTAINER_NAME.test(name)) {
    return daemonError(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  }

  const binds: string[] = [];
  const mounts: MountSpec[] = [];
  const volumes: RunPlan['volumes'] = [];
  const anonymousLabels = { ...ns.labels };
  const targets = new Set<string>();
  const claimTarget = (target: string): Refusal | undefined => {
    if (!target.startsWith('/'))
      return daemonError(`invalid mount path: '${target}' mount path must be absolute`);
    if (targets.has(target)) return daemonError(`Duplicate mount point: ${target}`);
    targets.add(target);
    return undefined;
  };

  for (const raw of flags.stringArray('volume')) {
    const spec = parseVolumeFlag(raw);
    if (typeof spec === 'string') {
      return spec.startsWith('invalid spec')
        ? { refused: true, message: withRunHelp(spec), exitCode: 125 }
        : daemonError(spec);
    }
    if (spec.source !== '' && isHostPath(spec.source)) {
      return labRefusal(
        'host-path',
        `-v ${raw}`,
        `host paths (bind mounts) reach outside your sandbox; mount a named volume instead, like -v mydata:${spec.target}`,
      );
    }
    const badMode = spec.modes.find((mode) => !['ro', 'rw', 'nocopy', 'z', 'Z'].includes(mode));
    if (badMode !== undefined) return daemonError(`invalid mode: ${badMode}`);
    const targetError = claimTarget(spec.target);
    if (targetError) return targetError;
    const readOnly = spec.modes.includes('ro');
    if (spec.source === '') {
      mounts.push({
        Type: 'volume',
        Target: spec.target,
        ReadOnly: readOnly,
        VolumeOptions: { NoCopy: spec.modes.includes('nocopy'), Labels: anonymousLabels },
      });
      continue;
    }
    const nameError = volumeNameError(spec.source);
    if (nameError) return daemonError(nameError);
    volumes.push({ name: spec.source, labels: {} });
    binds.push(
      [ns.toEngine(spec.source), spec.target, ...(spec.modes.length > 0 ? [spec.modes.join(',')] : [])].join(
        ':',
      ),
    );
  }

  for (const raw of flags.stringArray('mount')) {
    const spec = parseMountFlag(raw);
    if (typeof spec === 'string') {
      // The CLI rejects these while parsing flags; reached only if a caller skipped that.
      return refuse(`invalid argument "${raw}" for "--mount" flag: ${spec}`);
    }
    if (spec.type === 'bind' || spec.type === 'npipe') {
      return labRefusal(
        'host-path',
        `--mount type=${spec.type}`,
        `host paths (bind mounts) reach outside your sandbox; use type=volume with a named volume instead`,
      );
    }
    if (spec.type !== 'volume' && spec.type !== 'tmpfs') {
      return spec.type === 'image' || spec.type === 'cluster'
        ? labRefusal('mount-type', `--mount type=${spec.type}`, 'this lab mounts volumes and tmpfs only')
        : daemonError(`invalid mount config for type "${spec.type}": mount type unknown`);
    }
    for (const key of spec.options.keys()) {
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
      if (key === 'volume-subpath' || key === 'image-subpath') {
        return labRefusal(
          'mount-option',
          `--mount ${key}`,
          'this engine does not support sub-paths of volumes',
        );
      }
    }
    const targetError = claimTarget(spec.target);
    if (targetError) return targetError;
    if (spec.type === 'tmpfs') {
      if (spec.source !== '') {
        return daemonError('invalid mount config for type "tmpfs": field Source must not be specified');
      }
      mounts.push({
        Type: 'tmpfs',
        Target: spec.target,
        ReadOnly: spec.readOnly,
        TmpfsOptions: {
          // 0 is no limit to the engine, so it gets the cap like an absent size.
          SizeBytes: spec.tmpfsSizeBytes
            ? Math.min(spec.tmpfsSizeBytes, limits.tmpfsBytes)
            : limits.tmpfsBytes,
          ...(spec.tmpfsMode !== undefined ? { Mode: spec.tmpfsMode } : {}),
        },
      });
      continue;
    }
    const volumeLabels = labelsFrom(
      [...(spec.options.has('volume-label') ? [spec.options.get('volume-label') ?? ''] : [])],
      '--mount volume-label=',
    );
    if (isRefusal(volumeLabels)) return volumeLabels;
    const noCopy = spec.options.get('volume-nocopy');
    const volumeOptions = { NoCopy: noCopy !== undefined && noCopy !== 'false' && noCopy !== '0' };
    if (spec.source === '') {
      mounts.push({
        Type: 'volume',
        Target: spec.target,
        ReadOnly: spec.readOnly,
        VolumeOptions: { ...volumeOptions, Labels: { ...volumeLabels, ...anonymousLabels } },
      });
      continue;
    }
    if (isHostPath(spec.source)) {
      return labRefusal(
        'host-path',
        `--mount source=${spec.source}`,
        'a volume source is a volume name; host paths reach outside your sandbox',
      );
    }
    const nameError = volumeNameError(spec.source);
    if (nameError) return daemonError(nameError);
    volumes.push({ name: spec.source, labels: volumeLabels });
    mounts.push({
      Type: 'volume',
      Source: ns.toEngine(spec.source),
      Target: spec.target,
      ReadOnly: spec.readOnly,
      VolumeOptions: volumeOptions,
    });
  }

  const tmpfs: Record<string, string> = {};
  for (const raw of flags.stringArray('tmpfs')) {
    const { target, options } = parseTmpfsFlag(raw);
    const targetError = claimTarget(target);
    if (targetError) return targetError;
    const kept = tmpfsOptions(options, limits.tmpfsBytes);
    if (typeof kept !== 'string') return kept;
    tmpfs[target] = kept;
  }

  const volumesFrom: string[] = [];
  for (const raw of flags.stringArray('volumes-from')) {
    const [reference = '', mode, ...extra] = raw.split(':');
    if (extra.length > 0 || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) {
      return daemonError(`invalid mode: ${mode ?? ''}`);
    }
    const engineId = input.volumesFrom.get(reference);
    if (engineId === undefined) return daemonError(`No such container: ${reference}`);
    volumesFrom.push(mode ? `${engineId}:${mode}` : engineId);
  }

  const labels = labelsFrom(flags.stringArray('label'), '--label');
  if (isRefusal(labels)) return labels;

  const env: string[] = [];
  for (const value of flags.stringArray('env')) {
    // `-e NAME` copies NAME from the CLI's environment; the lab shell has none, so it is dropped as unset.
    if (value.includes('=')) env.push(value);
  }

  const detach = flags.bool('detach');
  const interactive = flags.bool('interactive');
  const tty = flags.bool('tty');
  const entrypointChanged = flags.changedNames().includes('entrypoint');
  const entrypoint = flags.string('entrypoint');
  const request: CreateRequest = {
    Image: input.image,
    ...(input.command.length > 0 ? { Cmd: [...input.command] } : {}),
    ...(entrypointChanged ? { Entrypoint: entrypoint === '' ? [] : [entrypoint] } : {}),
    Env: env,
    WorkingDir: flags.string('workdir'),
    User: flags.string('user'),
    Hostname: flags.string('hostname'),
    Labels: { ...labels, ...ns.labels },
    Tty: tty,
    OpenStdin: interactive,
    StdinOnce: interactive && !detach,
    AttachStdin: interactive && !detach,
    AttachStdout: !detach,
    AttachStderr: !detach,
    NetworkDisabled: true,
    HostConfig: {
      NetworkMode: 'none',
      Privileged: false,
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      NanoCpus: limits.nanoCpus,
      PidsLimit: limits.pids,
      ShmSize: limits.tmpfsBytes,
      SecurityOpt: ['no-new-privileges'],
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } },
      RestartPolicy: { Name: 'no' },
      IpcMode: 'private',
      ReadonlyRootfs: flags.bool('read-only'),
      Init: flags.bool('init'),
      AutoRemove: flags.bool('rm'),
      Binds: binds,
      Mounts: mounts,
      Tmpfs: tmpfs,
      VolumesFrom: volumesFrom,
    },
  };
  const problem = checkCreateRequest(request, ns, limits, new Set(input.volumesFrom.values()));
  if (problem) return refuse(`volume-lab: internal policy check failed: ${problem}`, 'internal-check');
  return { request, volumes, detach, interactive, tty };
}

/**
 * The last look at a request before it goes to the engine: returns what is wrong, or undefined.
 * It does not trust how the request was built.
 */
export function checkCreateRequest(
  request: CreateRequest,
  ns: Namespace,
  limits: SandboxLimits,
  ownContainers: ReadonlySet<string>,
): string | undefined {
  const allowedKeys = new Set([
    'Image',
    'Cmd',
    'Entrypoint',
    'Env',
    'WorkingDir',
    'User',
    'Hostname',
    'Labels',
    'Tty',
    'OpenStdin',
    'StdinOnce',
    'AttachStdin',
    'AttachStdout',
    'AttachStderr',
    'NetworkDisabled',
    'HostConfig',
  ]);
  const extraTop = Object.keys(request).find((key) => !allowedKeys.has(key));
  if (extraTop) return `unexpected ${extraTop}`;
  const host = request.HostConfig;
  const allowedHostKeys = new Set([
    'NetworkMode',
    'Privileged',
    'Memory',
    'MemorySwap',
    'NanoCpus',
    'PidsLimit',
    'ShmSize',
    'SecurityOpt',
    'LogConfig',
    'RestartPolicy',
    'IpcMode',
    'ReadonlyRootfs',
    'Init',
    'AutoRemove',
    'Binds',
    'Mounts',
    'Tmpfs',
    'VolumesFrom',
  ]);
  const extra = Object.keys(host).find((key) => !allowedHostKeys.has(key));
  if (extra) return `unexpected HostConfig.${extra}`;
  if (host.NetworkMode !== 'none' || request.NetworkDisabled !== true) return 'network must be none';
  if (host.Privileged !== false) return 'privileged';
  if (host.Memory !== limits.memoryBytes || host.MemorySwap !== limits.memoryBytes) return 'memory limit';
  if (host.NanoCpus !== limits.nanoCpus || host.PidsLimit !== limits.pids) return 'cpu or pids limit';
  if (host.ShmSize > limits.tmpfsBytes) return 'shm size';
  if (host.SecurityOpt.join() !== 'no-new-privileges') return 'security options';
  if (
    host.LogConfig.Type !== 'json-file' ||
    host.LogConfig.Config['max-size'] !== '1m' ||
    host.LogConfig.Config['max-file'] !== '2'
  ) {
    return 'log config';
  }
  if (host.RestartPolicy.Name !== 'no' || host.IpcMode !== 'private') return 'restart or ipc';
  if (!imageAllowed(request.Image, limits)) return 'image';
  if (request.Labels[Object.keys(ns.labels)[0] ?? ''] !== ns.sessionId) return 'session label';
  const prefix = ns.toEngine('');
  for (const bind of host.Binds) {
    const [source = '', target = '', ...rest] = bind.split(':');
    if (
      !source.startsWith(prefix) ||
      !VALID_NAME.test(source) ||
      !target.startsWith('/') ||
      rest.length > 1
    ) {
      return `bind ${bind}`;
    }
  }
  for (const mount of host.Mounts) {
    if (mount.Type === 'tmpfs') {
      const size = mount.TmpfsOptions?.SizeBytes ?? 0;
      if (mount.Source || !(size > 0 && size <= limits.tmpfsBytes)) {
        return `tmpfs ${mount.Target}`;
      }
    } else if (mount.Type === 'volume') {
      if (
        mount.Source !== undefined &&
        (!mount.Source.startsWith(prefix) || !VALID_NAME.test(mount.Source))
      ) {
        return `volume ${mount.Source}`;
      }
      if (
        mount.Source === undefined &&
        mount.VolumeOptions?.Labels?.[Object.keys(ns.labels)[0] ?? ''] !== ns.sessionId
      ) {
        return 'anonymous volume label';
      }
      if (Object.keys(mount.VolumeOptions ?? {}).some((key) => key !== 'NoCopy' && key !== 'Labels')) {
        return 'volume options';
      }
    } else return `mount type ${(mount as { Type: string }).Type}`;
  }
  for (const [target, options] of Object.entries(host.Tmpfs)) {
    // The last size= wins in the kernel, `size=0` is no limit and `g` or `%` suffixes would pass a digits-only look.
    const sizes = options.split(',').filter((option) => option.startsWith('size='));
    const capped = (option: string) =>
      /^size=\d+$/.test(option) &&
      Number(option.slice(5)) > 0 &&
      Number(option.slice(5)) <= limits.tmpfsBytes;
    if (sizes.length === 0 || !sizes.every(capped)) return `tmpfs ${target}`;
  }
  for (const source of host.VolumesFrom) {
    if (!ownContainers.has(source.split(':')[0] ?? '')) return `volumes-from ${source}`;
  }
  return undefined;
}
