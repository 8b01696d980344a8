/**
 * The one module that talks to the Docker Engine API for the lab's commands. Everything above it sees
 * a narrow, typed surface and EngineError (engine-error.ts), never dockerode's objects or its loosely
 * typed errors.
 */
import { IncomingMessage } from 'node:http';
import Docker from 'dockerode';
import { engineCall } from './engine-error.ts';

/** A volume exactly as the Engine API returns it; field order is the engine's and matters for output. */
export interface EngineVolume {
  CreatedAt?: string;
  Driver: string;
  Labels: Record<string, string> | null;
  Mountpoint: string;
  Name: string;
  Options: Record<string, string> | null;
  Scope: string;
  Status?: Record<string, unknown>;
  UsageData?: { Size: number; RefCount: number } | null;
  /** Only on swarm cluster volumes, which the lab never creates. */
  ClusterVolume?: unknown;
}

/** Filters in the Engine API's shape: each key maps to the values that must all (labels) or any match. */
export type EngineFilters = Record<string, string[]>;

export interface EngineVersion {
  Platform?: { Name: string };
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  GoVersion: string;
  GitCommit: string;
  BuildTime?: string;
  Os: string;
  Arch: string;
  KernelVersion?: string;
  Experimental?: boolean;
  Components?: { Name: string; Version: string; Details?: Record<string, string> }[];
}

export interface Engine {
  /** The dockerode client, for the modules in server/docker that need more than this surface. */
  readonly docker: Docker;
  ping(): Promise<void>;
  /** The engine's version; asked once, since every command's output depends on its API version. */
  version(): Promise<EngineVersion>;
  /**
   * The `Swarm` header of the engine's `/_ping` (`inactive`, `active/manager`, ...), which the docker CLI
   * reads to hide swarm-only commands and flags; undefined when the engine sends none (Engine 20.10).
   * Asked once, as the version: a learner cannot join or leave a swarm.
   */
  swarmStatus(): Promise<string | undefined>;
  /** Whether the daemon runs with user-namespace remapping (root in a container is not root on the host). */
  usernsRemapped(): Promise<boolean>;
  /** Where and how the daemon keeps its data: its storage driver and its data root on its host. */
  storage(): Promise<{ driver: string; rootDir: string }>;
  listVolumes(filters: EngineFilters): Promise<EngineVolume[]>;
  inspectVolume(name: string): Promise<EngineVolume>;
  createVolume(name: string, labels: Record<string, string>): Promise<EngineVolume>;
  removeVolume(name: string, force: boolean): Promise<void>;
  /** Sizes of volumes on disk, by engine name; the daemon computes them, which can take a moment. */
  volumeSizes(): Promise<Map<string, number>>;
}

/**
 * Connects the way the docker CLI does (DOCKER_HOST when set, else the local socket), or through the
 * given client, or with dockerode options such as a pool engine's (server/docker/engine-address.ts).
 */
export function createEngine(connection: Docker | Docker.DockerOptions = new Docker()): Engine {
  const docker = connection instanceof Docker ? connection : new Docker(connection);
  let version: Promise<EngineVersion> | undefined;
  let swarmStatus: Promise<string | undefined> | undefined;
  return {
    docker,
    async ping() {
      await engineCall(() => docker.ping());
    },
    version() {
      if (!version) {
        version = engineCall(() => docker.version() as unknown as Promise<EngineVersion>);
        // A failed ask is not remembered: the engine may be back for the next command.
        version.catch(() => {
          version = undefined;
        });
      }
      return version;
    },
    swarmStatus() {
      if (!swarmStatus) {
        swarmStatus = engineCall(() => pingSwarmHeader(docker));
        swarmStatus.catch(() => {
          swarmStatus = undefined;
        });
      }
      return swarmStatus;
    },
    async usernsRemapped() {
      const info = (await engineCall(() => docker.info())) as { SecurityOptions?: string[] };
      return (info.SecurityOptions ?? []).some((option) => option.includes('name=userns'));
    },
    async storage() {
      const info = (await engineCall(() => docker.info())) as { Driver?: string; DockerRootDir?: string };
      return { driver: info.Driver ?? '', rootDir: info.DockerRootDir ?? '' };
    },
    async listVolumes(filters) {
      const result = await engineCall(() => docker.listVolumes({ filters }));
      return (result.Volumes ?? []) as unknown as EngineVolume[];
    },
    inspectVolume: (name) =>
      engineCall(() => docker.getVolume(name).inspect() as unknown as Promise<EngineVolume>),
    createVolume(name, labels) {
      // dockerode resolves createVolume with a Volume handle and drops the daemon's answer, which is
      // the volume as an inspect gives it: asked directly, no inspect follows.
      return engineCall(
        () =>
          new Promise<EngineVolume>((resolve, reject) => {
            docker.modem.dial(
              {
                path: '/volumes/create?',
                method: 'POST',
                allowEmpty: true,
                options: { Name: name, Driver: 'local', Labels: labels },
                statusCodes: { 200: true, 201: true, 500: 'server error' },
              },
              (error: unknown, volume: unknown) => (error ? reject(error) : resolve(volume as EngineVolume)),
            );
          }),
      );
    },
    async removeVolume(name, force) {
      // dockerode's Volume.remove drops its options (docker-modem only adds a query string to paths
      // that already contain '?'), so `force` would never reach the daemon.
      await engineCall(
        () =>
          new Promise<void>((resolve, reject) => {
            docker.modem.dial(
              {
                path: `/volumes/${encodeURIComponent(name)}?`,
                method: 'DELETE',
                options: { force },
                statusCodes: { 204: true, 404: 'no such volume', 409: 'conflict', 500: 'server error' },
              },
              (error: unknown) => (error ? reject(error) : resolve()),
            );
          }),
      );
    },
    async volumeSizes() {
      const df = (await engineCall(() => docker.df())) as { Volumes?: EngineVolume[] | null };
      const sizes = new Map<string, number>();
      for (const volume of df.Volumes ?? []) sizes.set(volume.Name, Math.max(0, volume.UsageData?.Size ?? 0));
      return sizes;
    },
  };
}

/** dockerode's ping gives the body only; the CLI reads the answer's headers, so this asks as it does. */
function pingSwarmHeader(docker: Docker): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      { path: '/_ping', method: 'GET', isStream: true, statusCodes: { 200: true, 500: 'server error' } },
      (error, response) => {
        if (error) return reject(error);
        if (!(response instanceof IncomingMessage)) return reject(new Error('no answer to /_ping'));
        response.resume();
        const header = response.headers.swarm;
        resolve(typeof header === 'string' && header !== '' ? header : undefined);
      },
    );
  });
}
