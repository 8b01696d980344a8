/**
 * The Engine API for containers, images and execs, behind a narrow typed surface. dockerode's
 * streams are the hard part: attach and exec streams are hijacked sockets, multiplexed unless a TTY
 * is attached, and exec streams may never end, so exit codes come from inspecting the exec.
 */
import { type Duplex, Readable, type Writable } from 'node:stream';
import type Docker from 'dockerode';
import type { EngineFilters } from './engine.ts';
import { EngineError, engineCall } from './engine-error.ts';

/** A mount of a container create request: the lab mounts volumes and tmpfs only. */
export interface MountSpec {
  Type: 'volume' | 'tmpfs';
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  /** Subpath: a path inside the volume, which the engine resolves there (API 1.45). */
  VolumeOptions?: { NoCopy?: boolean; Labels?: Record<string, string>; Subpath?: string };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

/**
 * The Engine API body of `POST /containers/create`, limited to the fields the lab sets; the literal
 * types are what the sandbox policy (server/policy) always sets.
 */
export interface CreateRequest {
  Image: string;
  Cmd?: string[];
  Entrypoint?: string[];
  Env: string[];
  WorkingDir: string;
  User: string;
  Hostname: string;
  Labels: Record<string, string>;
  Tty: boolean;
  OpenStdin: boolean;
  StdinOnce: boolean;
  AttachStdin: boolean;
  AttachStdout: boolean;
  AttachStderr: boolean;
  NetworkDisabled: true;
  HostConfig: {
    NetworkMode: 'none';
    Privileged: false;
    Memory: number;
    MemorySwap: number;
    NanoCpus: number;
    PidsLimit: number;
    ShmSize: number;
    SecurityOpt: string[];
    /** Always every capability dropped; CapAdd then grants exactly the image's set (server/policy). */
    CapDrop: ['ALL'];
    CapAdd: string[];
    LogConfig: { Type: 'json-file'; Config: { 'max-size': string; 'max-file': string } };
    RestartPolicy: { Name: 'no' };
    IpcMode: 'private';
    ReadonlyRootfs: boolean;
    Init: boolean;
    AutoRemove: boolean;
    Binds: string[];
    Mounts: MountSpec[];
    Tmpfs: Record<string, string>;
    VolumesFrom: string[];
  };
}

/** One `Ports` entry of `GET /containers/json` (types.Port). */
export interface EngineContainerPort {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

/** One `Mounts` entry of a container list item or inspect response (types.MountPoint). */
export interface EngineMountPoint {
  Type?: string;
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

/** An item of `GET /containers/json` (container.Summary). `Names` keep their leading slash. */
export interface EngineContainerSummary {
  Id: string;
  Names: string[] | null;
  Image: string;
  ImageID: string;
  Command: string;
  Created: number;
  Ports: EngineContainerPort[] | null;
  SizeRw?: number;
  SizeRootFs?: number;
  Labels: Record<string, string> | null;
  State: string;
  Status: string;
  HostConfig?: { NetworkMode?: string; Annotations?: Record<string, string> };
  NetworkSettings?: { Networks?: Record<string, unknown> | null } | null;
  Mounts: EngineMountPoint[] | null;
}

/** `GET /containers/{id}/json`, as raw JSON; the fields the lab reads are typed. */
export interface EngineContainer {
  Id: string;
  Name: string;
  Created: string;
  State: { Status: string; Running: boolean; ExitCode: number; StartedAt: string; FinishedAt: string };
  Config: { Tty: boolean; OpenStdin: boolean; Labels: Record<string, string> | null; Image: string };
  HostConfig: { AutoRemove: boolean };
  Mounts: { Type: string; Name?: string; Source: string; Destination: string; RW: boolean }[];
  /** overlay2's `UpperDir` is the container's writable layer on the engine's host. */
  GraphDriver?: { Name: string; Data: Record<string, string> | null };
  [key: string]: unknown;
}

/** An item of `GET /images/json` (image.Summary). */
export interface EngineImageSummary {
  Containers: number;
  Created: number;
  Id: string;
  Labels: Record<string, string> | null;
  ParentId: string;
  RepoDigests: string[] | null;
  RepoTags: string[] | null;
  SharedSize: number;
  Size: number;
  VirtualSize?: number;
}

/** The engine answers 304 for starting a running or stopping a stopped container; the CLI calls that success. */
async function notModifiedIsDone(fn: () => Promise<unknown>): Promise<void> {
  try {
    await engineCall(fn);
  } catch (error) {
    if (!(error instanceof EngineError) || error.statusCode !== 304) throw error;
  }
}

export interface ContainerEngine {
  list(filters: EngineFilters, options: { all: boolean; size?: boolean }): Promise<EngineContainerSummary[]>;
  inspect(id: string): Promise<EngineContainer>;
  create(name: string | undefined, request: CreateRequest): Promise<string>;
  start(id: string): Promise<void>;
  stop(id: string, seconds?: number): Promise<void>;
  restart(id: string, seconds?: number): Promise<void>;
  kill(id: string, signal?: string): Promise<void>;
  remove(id: string, options: { force: boolean; volumes: boolean }): Promise<void>;
  /** Resolves with the exit code once the container is not running (or is removed, with `removed`). */
  wait(
    id: string,
    options?: { signal?: AbortSignal; condition?: 'not-running' | 'next-exit' | 'removed' },
  ): Promise<number>;
  /** The container's stdio as one hijacked socket; multiplexed when it has no TTY. */
  attach(id: string, options: { stdin: boolean }): Promise<Duplex>;
  logs(
    id: string,
    options: { follow: boolean; tail: string; timestamps: boolean; signal?: AbortSignal },
  ): Promise<Readable>;
  resize(id: string, cols: number, rows: number): Promise<void>;
  execCreate(
    id: string,
    options: {
      cmd: string[];
      tty: boolean;
      stdin: boolean;
      env: string[];
      workdir: string;
      user: string;
      detach: boolean;
    },
  ): Promise<string>;
  /** Starts an exec; attached unless detached, in which case it resolves with nothing to read. */
  execStart(
    execId: string,
    options: { tty: boolean; stdin: boolean; detach: boolean },
  ): Promise<Duplex | undefined>;
  execInspect(execId: string): Promise<{ Running: boolean; ExitCode: number | null }>;
  execResize(execId: string, cols: number, rows: number): Promise<void>;
  /** `GET /images/json`: `all` adds intermediate images, `filters` as the engine takes them. */
  images(options?: { all?: boolean; filters?: EngineFilters }): Promise<EngineImageSummary[]>;
  inspectImage(reference: string): Promise<Record<string, unknown>>;
  /** A path in the container's filesystem (its mounts included) as a tar archive; 404 when it is not there. */
  archive(id: string, path: string): Promise<Readable>;
  /** Splits a multiplexed stream into stdout and stderr (never for TTY streams). */
  demux(stream: Readable, stdout: Writable, stderr: Writable): void;
}

export function createContainerEngine(docker: Docker): ContainerEngine {
  return {
    list: (filters, options) =>
      engineCall(
        () =>
          docker.listContainers({
            all: options.all,
            size: options.size ?? false,
            filters,
          }) as unknown as Promise<EngineContainerSummary[]>,
      ),
    inspect: (id) =>
      engineCall(() => docker.getContainer(id).inspect() as unknown as Promise<EngineContainer>),
    async create(name, request) {
      // The request type is stricter than @types/dockerode's (an anonymous volume has no Source).
      const options = { ...(name ? { name } : {}), ...request } as unknown as Docker.ContainerCreateOptions;
      const container = await engineCall(() => docker.createContainer(options));
      return container.id;
    },
    async start(id) {
      await notModifiedIsDone(() => docker.getContainer(id).start());
    },
    async stop(id, seconds) {
      await notModifiedIsDone(() =>
        docker.getContainer(id).stop(seconds === undefined ? {} : { t: seconds }),
      );
    },
    async restart(id, seconds) {
      await engineCall(() => docker.getContainer(id).restart(seconds === undefined ? {} : { t: seconds }));
    },
    async kill(id, signal) {
      await engineCall(() => docker.getContainer(id).kill(signal ? { signal } : {}));
    },
    async remove(id, options) {
      await engineCall(() => docker.getContainer(id).remove({ force: options.force, v: options.volumes }));
    },
    async wait(id, options = {}) {
      const result = (await engineCall(() =>
        docker.getContainer(id).wait({
          condition: options.condition ?? 'not-running',
          ...(options.signal ? { abortSignal: options.signal } : {}),
        }),
      )) as { StatusCode: number };
      return result.StatusCode;
    },
    attach: (id, options) =>
      engineCall(
        () =>
          docker.getContainer(id).attach({
            stream: true,
            stdin: options.stdin,
            stdout: true,
            stderr: true,
            hijack: true,
          }) as unknown as Promise<Duplex>,
      ),
    logs: (id, options) =>
      engineCall(async () => {
        const result = (await docker.getContainer(id).logs({
          follow: options.follow as true,
          stdout: true,
          stderr: true,
          ...(options.tail === 'all' ? {} : { tail: Number(options.tail) }),
          timestamps: options.timestamps,
          ...(options.signal ? { abortSignal: options.signal } : {}),
        })) as unknown as Readable | Buffer;
        // dockerode answers a log that is not followed as one Buffer, a followed one as a stream.
        return Buffer.isBuffer(result) ? Readable.from([result]) : result;
      }),
    async resize(id, cols, rows) {
      await engineCall(() => docker.getContainer(id).resize({ h: rows, w: cols }));
    },
    async execCreate(id, options) {
      const exec = await engineCall(() =>
        docker.getContainer(id).exec({
          Cmd: options.cmd,
          Tty: options.tty,
          AttachStdin: options.stdin && !options.detach,
          AttachStdout: !options.detach,
          AttachStderr: !options.detach,
          Env: options.env,
          WorkingDir: options.workdir || undefined,
          User: options.user || undefined,
        }),
      );
      return exec.id;
    },
    async execStart(execId, options) {
      const exec = docker.getExec(execId);
      if (options.detach) {
        await engineCall(() => exec.start({ Detach: true, Tty: options.tty }));
        return undefined;
      }
      return engineCall(
        () =>
          exec.start({
            hijack: true,
            stdin: options.stdin,
            Tty: options.tty,
            Detach: false,
          }) as unknown as Promise<Duplex>,
      );
    },
    async execInspect(execId) {
      const info = (await engineCall(() => docker.getExec(execId).inspect())) as {
        Running: boolean;
        ExitCode: number | null;
      };
      return { Running: info.Running, ExitCode: info.ExitCode };
    },
    async execResize(execId, cols, rows) {
      await engineCall(() => docker.getExec(execId).resize({ h: rows, w: cols }));
    },
    images: (options = {}) =>
      engineCall(
        () =>
          docker.listImages({
            all: options.all ?? false,
            filters: options.filters ?? {},
          }) as unknown as Promise<EngineImageSummary[]>,
      ),
    inspectImage: (reference) =>
      engineCall(() => docker.getImage(reference).inspect() as unknown as Promise<Record<string, unknown>>),
    archive: (id, path) =>
      engineCall(() => docker.getContainer(id).getArchive({ path }) as unknown as Promise<Readable>),
    demux(stream, stdout, stderr) {
      docker.modem.demuxStream(stream, stdout, stderr);
    },
  };
}
