/**
 * Image references as the docker CLI reads them. The error texts are those CLI 28.2.2 printed for
 * `docker run REFERENCE` on this project's engine.
 */
import { describe, expect, it } from 'vitest';
import {
  familiarImage,
  familiarString,
  parseAnyReference,
  tagNameOnly,
} from '../../server/format/image-reference.ts';

/** What the CLI says of a reference it asks the daemon for: its familiar form, `:latest` added. */
function wanted(text: string): string {
  const parsed = parseAnyReference(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  if (parsed.kind === 'id') return parsed.id;
  return familiarString(tagNameOnly(parsed));
}

describe('parseAnyReference', () => {
  it.each([
    ['nginx', 'nginx:latest'],
    ['nginx:1.22', 'nginx:1.22'],
    ['library/nginx', 'nginx:latest'],
    ['docker.io/library/nginx:latest', 'nginx:latest'],
    ['index.docker.io/library/nginx', 'nginx:latest'],
    ['docker.io/nginx', 'nginx:latest'],
    ['docker.io/index.docker.io/busybox', 'index.docker.io/busybox:latest'],
    ['registry-1.docker.io/library/busybox', 'registry-1.docker.io/library/busybox:latest'],
    ['someone/app', 'someone/app:latest'],
    ['ghcr.io/foo/bar', 'ghcr.io/foo/bar:latest'],
    ['Ghcr.io/x', 'Ghcr.io/x:latest'],
    ['localhost/x', 'localhost/x:latest'],
    ['localhost:5000/x:2', 'localhost:5000/x:2'],
    ['[::1]:5000/x', '[::1]:5000/x:latest'],
    ['3bb6', '3bb6:latest'],
    ['sha256:3bb6b0d0c8f3', 'sha256:3bb6b0d0c8f3'],
    [`nginx@sha256:${'0'.repeat(64)}`, `nginx@sha256:${'0'.repeat(64)}`],
    [`nginx:latest@sha256:${'0'.repeat(64)}`, `nginx:latest@sha256:${'0'.repeat(64)}`],
    ['0'.repeat(64), `sha256:${'0'.repeat(64)}`],
  ])('reads %s as %s', (text, expected) => {
    expect(wanted(text)).toBe(expected);
  });

  it.each([
    ['NGINX', 'invalid reference format: repository name (library/NGINX) must be lowercase'],
    ['foo/Bar', 'invalid reference format: repository name (foo/Bar) must be lowercase'],
    ['', 'invalid reference format'],
    ['nginx::', 'invalid reference format'],
    ['nginx:latest:x', 'invalid reference format'],
    ['a b', 'invalid reference format'],
    ['a@sha256:abc', 'invalid reference format'],
    ['../containers/json', 'invalid reference format'],
    ['nginx/../../containers', 'invalid reference format'],
    ['nginx?x=1', 'invalid reference format'],
    ['nginx#x', 'invalid reference format'],
    ['nginx%2f..', 'invalid reference format'],
    [`nginx:${'a'.repeat(129)}`, 'invalid reference format'],
    [`nginx@sha256:${'a'.repeat(63)}`, 'invalid checksum digest length'],
    [`nginx@md5:${'a'.repeat(32)}`, 'unsupported digest algorithm'],
    ['a'.repeat(256), 'repository name must not be more than 255 characters'],
  ])('refuses %j: %s', (text, error) => {
    expect(parseAnyReference(text)).toBe(error);
  });

  it('admits nothing that could leave an engine URL path', () => {
    for (const text of ['..', '.', 'x/./y', 'x//y', '/x', 'x/', 'x?', 'x#', 'x%', 'x\\y', 'x\ny']) {
      expect(typeof parseAnyReference(text), text).toBe('string');
    }
  });
});

describe('familiarImage, as docker ps shows an image', () => {
  it.each([
    ['docker.io/library/busybox:latest', 'busybox:latest'],
    [`busybox@sha256:${'a'.repeat(64)}`, 'busybox'],
    [`docker.io/me/app:1@sha256:${'a'.repeat(64)}`, 'me/app:1'],
    ['localhost:5000/fmtc/deep:2', 'localhost:5000/fmtc/deep:2'],
  ])('%s is %s', (image, familiar) => {
    expect(familiarImage(image)).toBe(familiar);
  });

  it.each(['Busybox', 'a'.repeat(64)])('%s is not one docker can shorten', (image) => {
    expect(familiarImage(image)).toBeUndefined();
  });
});
