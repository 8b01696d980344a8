/** Server configuration from the environment, validated once at start-up. */
import { z } from 'zod';
import { labEnginesSchema } from './docker/engine-address.ts';
import { DEFAULT_ENGINE_CONCURRENCY } from './docker/engine-queue.ts';
import {
  allowedReferences,
  DEFAULT_LAB_IMAGES,
  type LabImage,
  labImageListSchema,
  labImageSchema,
  resolveLabImages,
} from './images/catalogue.ts';
import { DEFAULT_IMAGE_CACHE } from './images/debian-rootfs.ts';
import type { SandboxLimits } from './sandbox/limits.ts';
import type { AdmissionLimits } from './session/admission.ts';
import type { LifecyclePolicy } from './session/session-lifecycle.ts';
import type { Exposure } from './storage/start-check.ts';
import { trustedProxiesSchema } from './trusted-proxies.ts';

const originList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
  )
  .pipe(
    z.array(
      z.url({
        message: 'LAB_ORIGINS must be a comma-separated list of origins like https://lab.example.org',
      }),
    ),
  );

export const configSchema = z
  .object({
    /** TCP port for the site and the WebSocket endpoint. */
    PORT: z.coerce.number().int().min(0).max(65535).default(4321),
    /** Address to listen on; loopback by default so a laptop's lab is not open to its network. */
    HOST: z.string().min(1).default('127.0.0.1'),
    /** Extra origins allowed to open lab WebSockets, beyond http://localhost:PORT and http://127.0.0.1:PORT. */
    LAB_ORIGINS: originList,
    /**
     * The images learners may run, comma-separated: catalogue names (busybox, debian, nginx, redis),
     * which the lab builds from Debian packages when no registry answers, or any image a registry has.
     */
    LAB_IMAGES: labImageListSchema.optional(),
    /** One image, as before LAB_IMAGES: the same as LAB_IMAGES with one entry. */
    LAB_IMAGE: labImageSchema.optional(),
    /** Where root filesystems built from Debian packages are kept, so each is built only once. */
    LAB_IMAGE_CACHE: z.string().min(1).default(DEFAULT_IMAGE_CACHE),
    /** Memory of each learner container, without swap. */
    LAB_MEMORY_MB: z.coerce.number().int().min(16).max(4096).default(128),
    /** CPUs each learner container may use. */
    LAB_CPUS: z.coerce.number().min(0.05).max(8).default(0.5),
    /** Processes each learner container may run (stops fork bombs). */
    LAB_PIDS: z.coerce.number().int().min(8).max(4096).default(64),
    /** Largest tmpfs (and /dev/shm) a learner container may have. */
    LAB_TMPFS_MB: z.coerce.number().int().min(1).max(1024).default(64),
    /** Containers one session may have running at once. */
    LAB_MAX_RUNNING: z.coerce.number().int().min(1).max(100).default(3),
    /** Containers one session may have in all, running or not. */
    LAB_MAX_CONTAINERS: z.coerce.number().int().min(1).max(500).default(10),
    /** Volumes one session may have. */
    LAB_MAX_VOLUMES: z.coerce.number().int().min(1).max(500).default(10),
    /** Data one session may keep in its volumes and container layers. */
    LAB_DATA_MB: z.coerce.number().int().min(1).max(100_000).default(256),
    /**
     * Lets a lab that listens beyond loopback start on an engine that cannot enforce LAB_DATA_MB
     * (whose learners could then fill its disk). Off: such a lab refuses to start.
     */
    LAB_ALLOW_UNENFORCED_STORAGE: z.stringbool().default(false),
    /**
     * Addresses and CIDR ranges of the reverse proxies in front of the lab, comma-separated
     * (e.g. `127.0.0.1,10.0.0.0/8`). Only from these hops are X-Forwarded-For and Forwarded
     * believed; otherwise the socket's address is the client's.
     */
    LAB_TRUSTED_PROXIES: trustedProxiesSchema,
    /** New self-paced sessions one client address may hold at once; workshops admit by name instead. */
    LAB_SESSIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(3),
    /**
     * This lab's name on the engine: its objects carry it, and it reaps only its own. Two labs sharing
     * an engine need different names.
     */
    LAB_INSTANCE: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/, 'LAB_INSTANCE is 1 to 32 of a-z, 0-9 and -')
      .default('lab'),
    /** Where sessions are saved across restarts (default .volume-lab/sessions-<instance>.json). */
    LAB_STATE_FILE: z.string().min(1).optional(),
    /** A session ends after this long without a keystroke. */
    LAB_IDLE_MINUTES: z.coerce
      .number()
      .min(1)
      .max(24 * 60)
      .default(45),
    /** A session's lifetime, before the learner extends it. */
    LAB_SESSION_MINUTES: z.coerce
      .number()
      .min(1)
      .max(7 * 24 * 60)
      .default(120),
    /** What one press of the extend key (Ctrl-X) adds. */
    LAB_EXTEND_MINUTES: z.coerce
      .number()
      .min(1)
      .max(24 * 60)
      .default(30),
    /** No session lasts longer than this after it began, however often it is extended. */
    LAB_MAX_SESSION_MINUTES: z.coerce
      .number()
      .min(1)
      .max(30 * 24 * 60)
      .default(480),
    /** How long before a session ends its terminals are warned. */
    LAB_WARN_MINUTES: z.coerce.number().min(0).max(60).default(5),
    /** Sessions kept at once; beyond it newcomers are told the lab is full. */
    LAB_MAX_SESSIONS: z.coerce.number().int().min(1).max(100_000).default(200),
    /** Open WebSockets over all clients. */
    LAB_MAX_SOCKETS: z.coerce.number().int().min(1).max(100_000).default(600),
    /** Open WebSockets from one address (a classroom behind NAT is one address). */
    LAB_MAX_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(300),
    /** New WebSockets per second from one address, after a burst of 200. */
    LAB_CONNECTS_PER_SECOND: z.coerce.number().min(0.1).max(10_000).default(5),
    /** Commands per second one session may run, after a burst of 30. */
    LAB_COMMANDS_PER_SECOND: z.coerce.number().min(0.1).max(10_000).default(5),
    /**
     * The Docker engines sessions are placed on: `name=address` entries, comma-separated, e.g.
     * `local=unix:///var/run/docker.sock,second=tcp://10.0.0.5:2376?tls=/etc/lab/tls`. Empty: one
     * engine from DOCKER_HOST or the local socket.
     */
    LAB_ENGINES: labEnginesSchema,
    /**
     * Container creates, starts and removes each engine is given at once; more wait their turn, taken
     * round-robin across sessions. Set from the container-start rate `npm run bench:engine` finds the
     * engine sustains (issue 14): the smallest concurrency that reaches that rate, since more only
     * makes the engine thrash. The default is that knee on a 2-core host of CI's kind
     * (docs/operations.md, "The engine queue").
     */
    LAB_ENGINE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(DEFAULT_ENGINE_CONCURRENCY),
    /** When set, `/metrics` asks for `Authorization: Bearer <token>`. */
    LAB_METRICS_TOKEN: z.string().min(1).optional(),
  })
  .refine((config) => config.LAB_SESSION_MINUTES <= config.LAB_MAX_SESSION_MINUTES, {
    message: 'LAB_SESSION_MINUTES cannot be more than LAB_MAX_SESSION_MINUTES',
    path: ['LAB_SESSION_MINUTES'],
  })
  .refine((config) => config.LAB_IMAGES === undefined || config.LAB_IMAGE === undefined, {
    message: 'set LAB_IMAGES or LAB_IMAGE, not both (LAB_IMAGE is the older, one-image form)',
    path: ['LAB_IMAGE'],
  });

export type Config = z.infer<typeof configSchema>;

/** Parses the environment; a bad value stops start-up with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Whether the lab can be reached from other machines at this listening address. */
export function beyondLoopback(host: string): boolean {
  return !(host === 'localhost' || host === '::1' || /^127\./.test(host));
}

/**
 * Whether people on other machines can use the lab: it listens beyond loopback, or sits behind a
 * proxy (which listens on loopback and is public all the same), or serves pages of other origins.
 */
export function reachableFromOtherMachines(
  config: Pick<Config, 'HOST' | 'LAB_TRUSTED_PROXIES' | 'LAB_ORIGINS'>,
): boolean {
  return (
    beyondLoopback(config.HOST) || config.LAB_TRUSTED_PROXIES !== undefined || config.LAB_ORIGINS.length > 0
  );
}

/** How exposed the lab is, for the start-up check of its engines' storage. */
export function exposure(
  config: Pick<Config, 'HOST' | 'LAB_TRUSTED_PROXIES' | 'LAB_ORIGINS' | 'LAB_ALLOW_UNENFORCED_STORAGE'>,
): Exposure {
  return {
    reachable: reachableFromOtherMachines(config),
    unenforcedAllowed: config.LAB_ALLOW_UNENFORCED_STORAGE,
  };
}

/** Origins whose pages may open a lab WebSocket: the lab's own addresses plus the configured ones. */
export function allowedOrigins(config: Pick<Config, 'LAB_ORIGINS'>, port: number): Set<string> {
  return new Set([
    `http://localhost:${port}`,
    `http://127.0.0.1:${port}`,
    `http://[::1]:${port}`,
    ...config.LAB_ORIGINS.map((origin) => new URL(origin).origin),
  ]);
}

/** The images this lab offers, in the order LAB_IMAGES (or LAB_IMAGE) names them. */
export function labImages(config: Pick<Config, 'LAB_IMAGES' | 'LAB_IMAGE'>): LabImage[] {
  return resolveLabImages(config.LAB_IMAGES ?? (config.LAB_IMAGE ? [config.LAB_IMAGE] : DEFAULT_LAB_IMAGES));
}

const MINUTE = 60_000;

export function lifecyclePolicy(config: Config): LifecyclePolicy {
  return {
    idleMs: config.LAB_IDLE_MINUTES * MINUTE,
    lifetimeMs: config.LAB_SESSION_MINUTES * MINUTE,
    extendMs: config.LAB_EXTEND_MINUTES * MINUTE,
    maxLifetimeMs: config.LAB_MAX_SESSION_MINUTES * MINUTE,
    warnMs: config.LAB_WARN_MINUTES * MINUTE,
  };
}

export function admissionLimits(config: Config): AdmissionLimits {
  return {
    maxSessions: config.LAB_MAX_SESSIONS,
    maxSockets: config.LAB_MAX_SOCKETS,
    maxSocketsPerAddress: config.LAB_MAX_SOCKETS_PER_ADDRESS,
    sessionsPerAddress: config.LAB_SESSIONS_PER_ADDRESS,
    connectsPerSecond: config.LAB_CONNECTS_PER_SECOND,
    connectBurst: 200,
    commandsPerSecond: config.LAB_COMMANDS_PER_SECOND,
    commandBurst: 30,
  };
}

const MIB = 1024 * 1024;

export function sandboxLimits(config: Config): SandboxLimits {
  return {
    memoryBytes: config.LAB_MEMORY_MB * MIB,
    nanoCpus: Math.round(config.LAB_CPUS * 1e9),
    pids: config.LAB_PIDS,
    tmpfsBytes: config.LAB_TMPFS_MB * MIB,
    maxRunning: config.LAB_MAX_RUNNING,
    maxContainers: config.LAB_MAX_CONTAINERS,
    maxVolumes: config.LAB_MAX_VOLUMES,
    dataBytes: config.LAB_DATA_MB * MIB,
    images: allowedReferences(labImages(config)),
  };
}
