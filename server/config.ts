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
