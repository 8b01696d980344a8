/**
 * The daemon's "no such image" answers the lab words itself, for an image the engine has but the lab
 * does not offer, and for a reference it never sends. Expected texts are what Engine 20.10 (API 1.41)
 * and Engine 26.1 (API 1.45) answered `GET /images/{name}/json` on this project's machines.
 */
import { describe, expect, it } from 'vitest';
import { noSuchImage } from '../../server/commands/image-lookup.ts';

describe('noSuchImage', () => {
  it.each([
    ['postgres', 'no such image: postgres: No such image: postgres:latest', 'No such image: postgres:latest'],
    ['nginx:1.25', 'no such image: nginx:1.25: No such image: nginx:1.25', 'No such image: nginx:1.25'],
    ['sha256:abc', 'no such image: sha256:abc: No such image: sha256:abc', 'No such image: sha256:abc'],
    [
      '0'.repeat(64),
      `no such image: ${'0'.repeat(64)}: No such image: sha256:${'0'.repeat(64)}`,
      `No such image: sha256:${'0'.repeat(64)}`,
    ],
    [
      'NGINX',
      'no such image: NGINX: invalid reference format: repository name must be lowercase',
      'invalid reference format: repository name (library/NGINX) must be lowercase',
    ],
    ['a b', 'no such image: a b: invalid reference format', 'invalid reference format'],
  ])('%s', (reference, engine2010, engine261) => {
    expect(noSuchImage(reference, true)).toBe(engine2010);
    expect(noSuchImage(reference, false)).toBe(engine261);
  });
});
