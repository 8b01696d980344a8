/**
 * `npm run images`: provides the lab's images (LAB_IMAGES) on every engine of LAB_ENGINES, building
 * what no registry provides. `npm run setup` runs it, so that `npm start` finds them all present.
 */
import { labImages, loadConfig } from '../server/config.ts';
import { createEngine } from '../server/docker/engine.ts';
import { LabImageError, provisionImages } from '../server/images/provision.ts';

const seconds = (ms: number | undefined): string => (ms === undefined ? '' : `${(ms / 1000).toFixed(1)} s`);

async function main(): Promise<void> {
  const config = loadConfig();
  const images = labImages(config);
  for (const address of config.LAB_ENGINES) {
    const say = (line: string): void => console.log(`images: engine "${address.name}": ${line}`);
    const engine = createEngine(address.options);
    const results = await provisionImages(engine.docker, {
      images,
      cacheDir: config.LAB_IMAGE_CACHE,
      onProgress: say,
    });
    for (const result of results) {
      const parts = [
        result.buildMs === undefined ? '' : `build ${seconds(result.buildMs)}`,
        result.importMs === undefined ? '' : `import ${seconds(result.importMs)}`,
      ].filter((part) => part !== '');
      say(
        `${result.references.join(', ')}: ${result.source} in ${seconds(result.ms)}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`,
      );
    }
  }
}

try {
  await main();
} catch (error) {
  // A bad setting or an image that cannot be made is said in one line; anything else is a bug to see whole.
  if (!(error instanceof LabImageError) && !(error as Error).message?.startsWith('invalid configuration'))
    throw error;
  console.error(`images: ${(error as Error).message}`);
  process.exit(1);
}
