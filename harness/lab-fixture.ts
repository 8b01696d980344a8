/** Starts a real lab server on a free loopback port against the real engine. */

import { join } from 'node:path';
import type Docker from 'dockerode';
import type { LabServices } from '../server/commands/context.ts';
import { allowedOrigins, labImages, loadConfig, sandboxLimits } from '../server/config.ts';
import { createContainerEngine } from '../server/docker/containers.ts';
import { createEngine, type Engine } from '../server/docker/engine.ts';
import { provisionImages } from '../server/images/provision.ts';
import { type LabServer, type LabServerOptions, startLabServer } from '../server/lab-server.ts';
import { loadLessons } from '../server/lessons/lesson-store.ts';
import type { SandboxLimits } from '../server/sandbox/limits.ts';
import type { Lesson } from '../src/shared/lesson.ts';
import { LabClient } from './lab-client.ts';

export interface LabFixture {
  engine: Engine;
  services: Omit<LabServices, 'quota' | 'locks' | 'queue'>;
  lab: LabServer;
  clients: LabClient[];
  connect(options?: Parameters<typeof LabClient.connect>[1]): Promise<LabClient>;
  /** Removes the volumes of every session this fixture's clients opened, then stops the server. */
  stop(): Promise<void>;
}

export interface FixtureOptions {
  /** The engine to run on, e.g. engine 2; by default the one the docker CLI would use. */
  engine?: Docker.DockerOptions;
  heartbeatMs?: number;
  quotaIntervalMs?: number;
  /** Limits other than the defaults, e.g. a small data quota to reach in a test. */
  limits?: Partial<SandboxLimits>;
  /** The built site to serve, for browser tests. */
  staticDir?: string;
  /** Lessons other than the course's own, e.g. one written for a test. */
  lessons?: ReadonlyMap<string, Lesson>;
  /**
   * Passed on to the server. By default a fixture neither reaps nor saves sessions: every test file's
   * servers share one engine, and each must leave the others' sessions alone.
   */
  server?: Partial<
    Pick<
      LabServerOptions,
      | 'instance'
      | 'stateFile'
      | 'lifecycle'
      | 'admission'
      | 'sweepMs'
      | 'reapMs'
      | 'enginePingMs'
      | 'engines'
      | 'observer'
      | 'routes'
      | 'trustedProxies'
      | 'capSessionsPerAddress'
      | 'storages'
      | 'engineConcurrency'
      | 'queues'
    >
  >;
}

/** The instance test servers run as, so a lab started by hand on the same engine ignores them. */
export const TEST_INSTANCE = 'test';

/** Tests type faster than any learner, all from loopback; the limits have tests of their own. */
const TEST_ADMISSION = {
  commandsPerSecond: 10_000,
  commandBurst: 10_000,
  connectsPerSecond: 10_000,
  connectBurst: 10_000,
  sessionsPerAddress: 10_000,
};

export async function startLabFixture(options: FixtureOptions = {}): Promise<LabFixture> {
  const engine = createEngine(options.engine);
  const config = loadConfig({});
  await provisionImages(engine.docker, { images: labImages(config), cacheDir: config.LAB_IMAGE_CACHE });
  const services = {
    engine,
    containers: createContainerEngine(engine.docker),
    limits: { ...sandboxLimits(config), ...options.limits },
  };
  const lab = await startLabServer({
    engines: [{ name: 'local', engine, containers: services.containers }],
    limits: services.limits,
    instance: TEST_INSTANCE,
    reapMs: 0,
    ...options.server,
    // Field by field: a test that sets one limit keeps the others out of its way.
    admission: { ...TEST_ADMISSION, ...options.server?.admission },
    port: 0,
    host: '127.0.0.1',
    origins: (port) => allowedOrigins({ LAB_ORIGINS: [] }, port),
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.quotaIntervalMs ? { quotaIntervalMs: options.quotaIntervalMs } : {}),
    ...(options.staticDir ? { staticDir: options.staticDir } : {}),
    lessons:
      options.lessons ?? (await loadLessons(join(import.meta.dirname, '..', 'src', 'content', 'lessons'))),
  });
  const clients: LabClient[] = [];
  return {
    engine,
    services,
    lab,
    clients,
    async connect(options) {
      const client = await LabClient.connect(lab.url, options);
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((client) => client.close()));
      await lab.close();
      for (const { id } of [...lab.manager.sessions()]) {
        // As the server removes an ended session's objects; what stays is a test's leak, said aloud.
        const left = await lab.manager.clearSession(id);
        if (left.length > 0) throw new Error(`volumes of session ${id} are still in use: ${left.join(', ')}`);
      }
    },
  };
}
