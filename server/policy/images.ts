import type { SandboxLimits } from '../sandbox/limits.ts';
/** The images the lab runs: its catalogue (`LAB_IMAGE`), however a learner spells a reference to one. */

/** `busybox`, `busybox:latest`, `docker.io/library/busybox` and `library/busybox:latest` are one image. */
export function normaliseImage(reference: string): string {
  let name = reference;
  for (const prefix of ['docker.io/', 'index.docker.io/', 'registry-1.docker.io/']) {
    // One registry only: `docker.io/index.docker.io/busybox` is another repository, not busybox.
    if (name.startsWith(prefix)) {
      name = name.slice(prefix.length);
      break;
    }
  }
  if (name.startsWith('library/')) name = name.slice('library/'.length);
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  return lastSegment.includes(':') || name.includes('@') ? name : `${name}:latest`;
}

export function imageAllowed(reference: string, limits: SandboxLimits): boolean {
  const wanted = normaliseImage(reference);
  return limits.images.some((image) => normaliseImage(image) === wanted);
}
