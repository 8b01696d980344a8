/** Starts a real lab server on a free loopback port against the real engine. */
import { createCompleter } from '../server/commands/complete.ts';
import type { LabServices } from '../server/commands/context.ts';
import { runCommand } from '../server/commands/dispatch.ts';
import { allowedOrigins, loadConfig, type SandboxLimits, sandboxLimits } from '../server/config.ts';
import { createContainerEngine } from '../server/docker/containers.ts';
import { createEngine, type Engine } from '../server/docker/engine.ts';
import { ensureLabImage } from '../server/docker/lab-image.ts';
import { type LabServer, startLabServer } from '../server/lab-server.ts';
import { SESSION_LABEL } from '../server/session/namespace.ts';
import { LabClient } from './lab-client.ts';

export interface LabFixture {
  engine: Engine;
  services: Omit<LabServices, 'quota'>;
  lab: LabServer;
  clients: LabClient[];
  connect(options?: Parameters<typeof LabClient.connect>[1]): Promise<LabClient>;
  /** Removes the volumes of every session this fixture's clients opened, then stops the server. */
  stop(): Promise<void>;
}

export interface FixtureOptions {
  heartbeatMs?: number;
  quotaIntervalMs?: number;
  /** Limits other than the defaults, e.g. a small data quota to reach in a test. */
  limits?: Partial<SandboxLimits>;
  /** The built site to serve, for browser tests. */
  staticDir?: string;
}

export async function startLabFixture(options: FixtureOptions = {}): Promise<LabFixture> {
  const engine = createEngine();
  await ensureLabImage(engine.docker);
  const services = {
    engine,
    containers: createContainerEngine(engine.docker),
    limits: { ...sandboxLimits(loadConfig({})), ...options.limits },
  };
  const lab = await startLabServer({
    services,
    run: runCommand,
    completerFor: (ns) => createCompleter(engine, services.containers, ns),
    port: 0,
    host: '127.0.0.1',
    origins: (port) => allowedOrigins({ LAB_ORIGINS: [] }, port),
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.quotaIntervalMs ? { quotaIntervalMs: options.quotaIntervalMs } : {}),
    ...(options.staticDir ? { staticDir: options.staticDir } : {}),
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
      for (const session of lab.sessions.all()) {
        const label = [`${SESSION_LABEL}=${session.ns.sessionId}`];
        const containers = await services.containers.list({ label }, { all: true });
        await Promise.all(
          containers.map((c) => services.containers.remove(c.Id, { force: true, volumes: true })),
        );
        const volumes = await engine.listVolumes({ label });
        await Promise.all(volumes.map((volume) => engine.removeVolume(volume.Name, true)));
      }
      await lab.close();
    },
  };
}
