/** `npm start`: one process, one port — the built site and the lab's WebSocket endpoint. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  admissionLimits,
  allowedOrigins,
  beyondLoopback,
  exposure,
  labImages,
  lifecyclePolicy,
  loadConfig,
  sandboxLimits,
} from './config.ts';
import { createContainerEngine } from './docker/containers.ts';
import { createEngine } from './docker/engine.ts';
import type { EngineAddress } from './docker/engine-address.ts';
import type { EngineMember } from './docker/engine-pool.ts';
import { LabImageError, type ProvisionOptions, provisionImages } from './images/provision.ts';
import { type LabServer, startLabServer } from './lab-server.ts';
import { loadLessons } from './lessons/lesson-store.ts';
import { createLabLog } from './observability/command-log.ts';
import { createLabObserver } from './observability/lab-observer.ts';
import { createLabMetrics } from './observability/metrics.ts';
import { createMetricsRoute } from './observability/metrics-route.ts';
import { buildSite, siteIsStale } from './site-build.ts';
import { type EngineStorage, openEngineStorage } from './storage/engine-storage.ts';
import { storageRefusal } from './storage/start-check.ts';
import { startWorkshop } from './workshop/workshop.ts';
import { loadWorkshopConfig } from './workshop/workshop-config.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function fail(paragraph: string): never {
  process.stderr.write(`\nvolume-lab: ${paragraph}\n\n`);
  process.exit(1);
}

/**
 * Connects to every configured engine and provides the lab image on each. An engine that does not
 * answer at start-up is a configuration error, said in one paragraph: the lab would otherwise place
 * sessions on engines it has never seen work.
 */
async function connectEngines(
  addresses: readonly EngineAddress[],
  images: Pick<ProvisionOptions, 'images' | 'cacheDir'>,
): Promise<EngineMember[]> {
  const members: EngineMember[] = [];
  for (const address of addresses) {
    const engine = createEngine(address.options);
    try {
      await engine.ping();
    } catch (error) {
      fail(
        `cannot reach the Docker engine "${address.name}" at ${address.address} (${(error as Error).message}). ` +
          "Volume Lab runs every learner's commands on a real engine. Start one (`sudo dockerd &`, or `npm run " +
          'setup` on Debian/Ubuntu, which installs docker.io and starts it), or fix DOCKER_HOST / LAB_ENGINES, ' +
          'then run `npm start` again.',
      );
    }
    const version = await engine.version();
    const remapped = await engine.usernsRemapped();
    console.log(
      `volume-lab: engine "${address.name}": Docker ${version.Version} (API ${version.ApiVersion}), user namespaces ${
        remapped ? 'remapped' : 'NOT remapped: root in a container is root on the host'
      }`,
    );
    await provisionImages(engine.docker, {
      ...images,
      onProgress: (line) => console.log(`volume-lab: engine "${address.name}": ${line}`),
    }).catch((error: unknown) => {
      if (error instanceof LabImageError) fail(`engine "${address.name}": ${error.message}`);
      throw error;
    });
    members.push({ name: address.name, engine, containers: createContainerEngine(engine.docker) });
  }
  return members;
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  let workshopConfig: ReturnType<typeof loadWorkshopConfig>;
  try {
    config = loadConfig();
    workshopConfig = loadWorkshopConfig(process.env, process.argv.slice(2));
  } catch (error) {
    fail((error as Error).message);
  }
  const members = await connectEngines(config.LAB_ENGINES, {
    images: labImages(config),
    cacheDir: config.LAB_IMAGE_CACHE,
  });
  const limits = sandboxLimits(config);
  const storages = new Map<string, EngineStorage>();
  for (const member of members) {
    const storage = await openEngineStorage(member.engine, limits.dataBytes);
    storages.set(member.name, storage);
    console.log(`volume-lab: engine "${member.name}": ${storage.description}`);
  }
  const refusal = storageRefusal(exposure(config), storages);
  if (refusal) fail(refusal);

  if (await siteIsStale(root)) {
    console.log('volume-lab: building the site...');
    await buildSite(root);
  }

  const lessons = await loadLessons(join(root, 'src', 'content', 'lessons'));
  // The metrics read the server's state at each scrape; the server exists by the time anyone scrapes.
  let lab: LabServer | undefined;
  const metrics = createLabMetrics({
    lessons: lessons.keys(),
    sockets: () => lab?.manager.openSockets() ?? 0,
    sessions: () => {
      const all = lab ? [...lab.manager.sessions()] : [];
      const connected = all.filter((session) => lab?.manager.socketsOf(session.id)).length;
      return { connected, disconnected: all.length - connected };
    },
  });
  const observer = createLabObserver({ metrics, log: createLabLog() });
  lab = await startLabServer({
    engines: members,
    observer,
    routes: [createMetricsRoute({ registry: metrics.registry, token: config.LAB_METRICS_TOKEN })],
    limits,
    storages,
    engineConcurrency: config.LAB_ENGINE_CONCURRENCY,
    instance: config.LAB_INSTANCE,
    stateFile: config.LAB_STATE_FILE ?? join(root, '.volume-lab', `sessions-${config.LAB_INSTANCE}.json`),
    lifecycle: lifecyclePolicy(config),
    admission: admissionLimits(config),
    trustedProxies: config.LAB_TRUSTED_PROXIES,
    // A workshop admits by name, and a room shares one address.
    capSessionsPerAddress: workshopConfig.secret === undefined,
    lessons,
    port: config.PORT,
    host: config.HOST,
    origins: (port) => allowedOrigins(config, port),
    staticDir: join(root, 'dist'),
  });
  const workshop = startWorkshop(lab, { ...workshopConfig, lessons });
  console.log(`volume-lab: the lab is open at ${lab.url}`);
  if (workshop.enabled) {
    console.log(
      `volume-lab: workshop mode: participants join at ${lab.url}/join; your dashboard is ${lab.url}/instructor`,
    );
  }
  if (beyondLoopback(config.HOST) && !config.LAB_METRICS_TOKEN) {
    console.log(
      'volume-lab: /metrics is open to anyone who can reach this address; set LAB_METRICS_TOKEN to ask for a token',
    );
  }

  const stop = () => {
    console.log('volume-lab: shutting down');
    workshop.stop();
    lab.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
