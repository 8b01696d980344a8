/** Server configuration from the environment, validated once at start-up. */
import { z } from 'zod';

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

export const configSchema = z.object({
  /** TCP port for the site and the WebSocket endpoint. */
  PORT: z.coerce.number().int().min(0).max(65535).default(4321),
  /** Address to listen on; loopback by default so a laptop's lab is not open to its network. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Extra origins allowed to open lab WebSockets, beyond http://localhost:PORT and http://127.0.0.1:PORT. */
  LAB_ORIGINS: originList,
  /** The image learners run; the server provides it when the engine lacks it. */
  LAB_IMAGE: z.string().min(1).default('busybox:latest'),
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

/** Origins whose pages may open a lab WebSocket: the lab's own addresses plus the configured ones. */
export function allowedOrigins(config: Pick<Config, 'LAB_ORIGINS'>, port: number): Set<string> {
  return new Set([
    `http://localhost:${port}`,
    `http://127.0.0.1:${port}`,
    `http://[::1]:${port}`,
    ...config.LAB_ORIGINS.map((origin) => new URL(origin).origin),
  ]);
}

/** What every learner container and session is held to; set by the instructor, never by learners. */
export interface SandboxLimits {
  memoryBytes: number;
  nanoCpus: number;
  pids: number;
  tmpfsBytes: number;
  maxRunning: number;
  maxContainers: number;
  maxVolumes: number;
  dataBytes: number;
  /** Images learners may run, as the engine names them. */
  images: string[];
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
    images: [config.LAB_IMAGE],
  };
}
