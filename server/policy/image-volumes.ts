/**
 * SECURITY: the anonymous volumes an image's `VOLUME` lines ask for, made the session's. Left to the
 * engine, a path the image declares that no flag covers gets an anonymous volume without labels: not
 * the session's, so outside its data quota, its `docker volume ls` and the reaper, and left on the
 * engine for good once the container is removed. Asked for as labelled anonymous mounts instead, they
 * are the same volumes a learner's `-v /path` makes. Docker makes one only where nothing else is
 * mounted (a `-v`, `--mount`, `--tmpfs` or `--volumes-from` at the same path wins), and so does this.
 * Pure.
 */
import { posix } from 'node:path';
import { apiOlderThan, type EngineInfo } from '../cli/command-spec.ts';
import type { CreateRequest, MountSpec } from '../docker/containers.ts';
import { anonymousVolumeLabels, ENGINE_ANONYMOUS_LABEL_SINCE } from '../sandbox/anonymous-volume.ts';
import type { Namespace } from '../sandbox/namespace.ts';

/** A mount point as the engine compares them: `/data/` and `/data//` are `/data`. */
function cleanPath(path: string): string {
  const clean = posix.normalize(path);
  return clean.length > 1 ? clean.replace(/\/+$/, '') : clean;
}

/** The mount points the request already fills, with those `--volumes-from` brings (`borrowed`). */
function coveredTargets(request: CreateRequest, borrowed: readonly string[]): Set<string> {
  const host = request.HostConfig;
  return new Set(
    [
      ...host.Binds.map((bind) => bind.split(':')[1] ?? ''),
      ...host.Mounts.map((mount) => mount.Target),
      ...Object.keys(host.Tmpfs),
      ...borrowed,
    ].map(cleanPath),
  );
}

/**
 * The request with a labelled anonymous volume at each of the image's `VOLUME` paths (`declared`)
 * that nothing else fills; `borrowed` are the mount points of the containers it takes volumes from.
 */
export function withImageVolumes(
  request: CreateRequest,
  declared: readonly string[],
  borrowed: readonly string[],
  ns: Namespace,
  engine: EngineInfo,
): CreateRequest {
  const engineLabels = !apiOlderThan(engine, ENGINE_ANONYMOUS_LABEL_SINCE);
  const covered = coveredTargets(request, borrowed);
  const added: MountSpec[] = [];
  for (const path of declared.map(cleanPath)) {
    if (!path.startsWith('/') || covered.has(path)) continue;
    covered.add(path);
    added.push({
      Type: 'volume',
      Target: path,
      VolumeOptions: {
        Labels: anonymousVolumeLabels(ns, { kind: 'image-volume', declaredAs: path }, engineLabels),
      },
    });
  }
  if (added.length === 0) return request;
  return {
    ...request,
    HostConfig: { ...request.HostConfig, Mounts: [...request.HostConfig.Mounts, ...added] },
  };
}
