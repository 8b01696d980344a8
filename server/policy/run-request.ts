/**
 * SECURITY: the create request. Every container the lab creates starts from `sandboxRequest`: the
 * lab's limits, no network, no privileges, every capability dropped, capped logs, nothing mounted.
 * `docker run` adds only what its judged flags decided and the capabilities the catalogue grants the
 * image the engine resolved (`runRequest`), and `checkCreateRequest` looks at the result again.
 */
import type { CreateRequest } from '../docker/containers.ts';
import type { Capability } from '../images/recipe.ts';
import type { SandboxLimits } from '../sandbox/limits.ts';
import type { Namespace } from '../sandbox/namespace.ts';
import type { RunMounts } from './run-mounts.ts';

/** What the learner's judged flags put in a `docker run` request. */
export interface RunRequestParts {
  image: string;
  command: readonly string[];
  /** `--entrypoint` when it was given; empty clears the image's. */
  entrypoint: string | undefined;
  env: string[];
  workdir: string;
  user: string;
  hostname: string;
  /** The learner's own labels; the session's are added here. */
  labels: Record<string, string>;
  detach: boolean;
  interactive: boolean;
  tty: boolean;
  readOnly: boolean;
  init: boolean;
  autoRemove: boolean;
  mounts: Pick<RunMounts, 'binds' | 'mounts' | 'tmpfs'>;
  volumesFrom: string[];
  /** What the catalogue grants the image the engine resolved (never anything the learner typed). */
  capabilities: readonly Capability[];
}

/**
 * A container of `image` with `labels` and the sandbox's limits, attached to nothing, mounting nothing,
 * with no capabilities at all (a check's helper container is never started and needs none).
 */
export function sandboxRequest(
  image: string,
  labels: Record<string, string>,
  limits: SandboxLimits,
): CreateRequest {
  return {
    Image: image,
    Env: [],
    WorkingDir: '',
    User: '',
    Hostname: '',
    Labels: labels,
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
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
      CapDrop: ['ALL'],
      CapAdd: [],
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } },
      RestartPolicy: { Name: 'no' },
      IpcMode: 'private',
      ReadonlyRootfs: false,
      Init: false,
      AutoRemove: false,
      Binds: [],
      Mounts: [],
      Tmpfs: {},
      VolumesFrom: [],
    },
  };
}

/**
 * The `docker run` request: the sandbox's, with the session's labels, what the flags decided, and the
 * image's capabilities. What a container may be given beyond the sandbox's belongs here, and in what
 * `checkCreateRequest` allows.
 */
export function runRequest(parts: RunRequestParts, ns: Namespace, limits: SandboxLimits): CreateRequest {
  const sandbox = sandboxRequest(parts.image, { ...parts.labels, ...ns.labels }, limits);
  const { detach, interactive } = parts;
  return {
    ...sandbox,
    ...(parts.command.length > 0 ? { Cmd: [...parts.command] } : {}),
    ...(parts.entrypoint !== undefined
      ? { Entrypoint: parts.entrypoint === '' ? [] : [parts.entrypoint] }
      : {}),
    Env: parts.env,
    WorkingDir: parts.workdir,
    User: parts.user,
    Hostname: parts.hostname,
    Tty: parts.tty,
    OpenStdin: interactive,
    StdinOnce: interactive && !detach,
    AttachStdin: interactive && !detach,
    AttachStdout: !detach,
    AttachStderr: !detach,
    HostConfig: {
      ...sandbox.HostConfig,
      CapAdd: [...parts.capabilities],
      ReadonlyRootfs: parts.readOnly,
      Init: parts.init,
      AutoRemove: parts.autoRemove,
      Binds: parts.mounts.binds,
      Mounts: parts.mounts.mounts,
      Tmpfs: parts.mounts.tmpfs,
      VolumesFrom: parts.volumesFrom,
    },
  };
}
