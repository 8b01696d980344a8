/** LAB_IMAGES and LAB_IMAGE as the operator writes them, and the references learners may then run. */
import { describe, expect, it } from 'vitest';
import { labImages, loadConfig, sandboxLimits } from '../../server/config.ts';
import { allowedReferences, imageName } from '../../server/images/catalogue.ts';

const images = (env: Record<string, string>) => labImages(loadConfig(env));

describe('LAB_IMAGES', () => {
  it('offers the whole catalogue by default, busybox first (the checks read volumes with it)', () => {
    expect(images({}).map(imageName)).toEqual(['busybox', 'debian', 'nginx', 'redis']);
    expect(sandboxLimits(loadConfig({})).images[0]).toBe('busybox:latest');
  });

  it('takes catalogue names, their tags and their Docker Hub spellings as the whole recipe, once', () => {
    const chosen = images({ LAB_IMAGES: ' nginx:1.22, docker.io/library/redis ,debian:12,nginx' });
    expect(chosen.map(imageName)).toEqual(['nginx', 'redis', 'debian']);
    expect(allowedReferences(chosen)).toEqual([
      'nginx:latest',
      'nginx:1.22',
      'redis:latest',
      'redis:7.0',
      'debian:latest',
      'debian:bookworm',
      'debian:12',
    ]);
  });

  it('takes any other reference as a registry image, with its tag or latest', () => {
    const chosen = images({ LAB_IMAGES: 'postgres:16,registry.example.org:5000/team/tool,nginx:1.27' });
    expect(chosen).toEqual([
      { source: 'registry', repository: 'postgres', tag: '16' },
      { source: 'registry', repository: 'registry.example.org:5000/team/tool', tag: 'latest' },
      { source: 'registry', repository: 'nginx', tag: '1.27' },
    ]);
  });

  it('keeps LAB_IMAGE working as a list of one', () => {
    expect(sandboxLimits(loadConfig({ LAB_IMAGE: 'busybox:latest' })).images).toEqual(['busybox:latest']);
  });

  it.each([
    [{ LAB_IMAGES: 'busybox', LAB_IMAGE: 'busybox' }, /LAB_IMAGE: set LAB_IMAGES or LAB_IMAGE, not both/],
    [{ LAB_IMAGES: ' , ' }, /LAB_IMAGES: LAB_IMAGES names at least one image/],
    [
      { LAB_IMAGES: 'nginx@sha256:abc' },
      /LAB_IMAGES\.0: an image is a catalogue name \(busybox, debian, nginx, redis\)/,
    ],
    [{ LAB_IMAGES: 'busybox,Bad Name' }, /LAB_IMAGES\.1: an image is a catalogue name/],
    [{ LAB_IMAGE: '-v /:/host' }, /LAB_IMAGE: an image is a catalogue name/],
  ])('refuses %j at start-up, naming the setting', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
