/** `npm start`: one process, one port — the built site and the lab's WebSocket endpoint. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCompleter } from './commands/complete.ts';
import { runCommand } from './commands/dispatch.ts';
import { allowedOrigins, loadConfig, sandboxLimits } from './config.ts';
import { createContainerEngine } from './docker/containers.ts';
import { createEngine } from './docker/engine.ts';
import { ensureLabImage } from './docker/lab-image.ts';
import { startLabServer } from './lab-server.ts';
import { loadLessons } from './lessons/lesson-store.ts';
import { buildSite, siteIsStale } from './site-build.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function fail(paragraph: string): never {
  process.stderr.write(`\nvolume-lab: ${paragraph}\n\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    fail((error as Error).message);
  }
  const engine = createEngine();
  try {
    await engine.ping();
  } catch (error) {
    const where = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
    fail(
      `cannot reach a Docker engine at ${where} (${(error as Error).message}). Volume Lab runs every learner's ` +
        'commands on a real engine. Start one (`sudo dockerd &`, or `npm run setup` on Debian/Ubuntu, which ' +
        'installs docker.io and starts it), or point DOCKER_HOST at a running engine, then run `npm start` again.',
    );
  }
  const version = await engine.version();
  const remapped = await engine.usernsRemapped();
  console.log(
    `volume-lab: Docker engine ${version.Version} (API ${version.ApiVersion}), user namespaces ${
      remapped ? 'remapped' : 'NOT remapped: root in a container is root on the host'
    }`,
  );

  if (await siteIsStale(root)) {
    console.log('volume-lab: building the site...');
    await buildSite(root);
  }
  await ensureLabImage(engine.docker, {
    image: config.LAB_IMAGE,
    onProgress: (line) => console.log(`volume-lab: ${line}`),
  });

  const lessons = await loadLessons(join(root, 'src', 'content', 'lessons'));
  const containers = createContainerEngine(engine.docker);
  const lab = await startLabServer({
    services: { engine, containers, limits: sandboxLimits(config) },
    run: runCommand,
    completerFor: (ns) => createCompleter(engine, containers, ns),
    lessons,
    port: config.PORT,
    host: config.HOST,
    origins: (port) => allowedOrigins(config, port),
    staticDir: join(root, 'dist'),
  });
  console.log(`volume-lab: the lab is open at ${lab.url}`);

  const stop = () => {
    console.log('volume-lab: shutting down');
    lab.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
