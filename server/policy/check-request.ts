/**
 * SECURITY: the last look at a create request before it goes to the engine. It does not trust how the
 * request was built: every key must be one the lab sets, every limit the lab's, every mount the
 * session's own, and the capabilities exactly those the catalogue grants the image the engine resolved.
 */
import type { CreateRequest } from '../docker/containers.ts';
import { parseAnyReference } from '../format/image-reference.ts';
import type { SandboxLimits } from '../sandbox/limits.ts';
import type { Namespace } from '../sandbox/namespace.ts';
import { grantedCapabilities, grantedImage, type RunImage } from './images.ts';
import { VALID_NAME } from './names.ts';

/**
 * The last look at a request before it goes to the engine: returns what is wrong, or undefined.
 * It does not trust how the request was built: from `image`, the reference typed and the engine's
 * image it resolves to, it finds the lab's image and its capabilities in the catalogue again.
 */
export function checkCreateRequest(
  request: CreateRequest,
  ns: Namespace,
  limits: SandboxLimits,
  ownContainers: ReadonlySet<string>,
  image: RunImage,
): string | undefined {
  const allowedKeys = new Set([
    'Image',
    'Cmd',
    'Entrypoint',
    'Env',
    'WorkingDir',
    'User',
    'Hostname',
    'Labels',
    'Tty',
    'OpenStdin',
    'StdinOnce',
    'AttachStdin',
    'AttachStdout',
    'AttachStderr',
    'NetworkDisabled',
    'HostConfig',
  ]);
  const extraTop = Object.keys(request).find((key) => !allowedKeys.has(key));
  if (extraTop) return `unexpected ${extraTop}`;
  const host = request.HostConfig;
  const allowedHostKeys = new Set([
    'NetworkMode',
    'Privileged',
    'Memory',
    'MemorySwap',
    'NanoCpus',
    'PidsLimit',
    'ShmSize',
    'SecurityOpt',
    'CapDrop',
    'CapAdd',
    'LogConfig',
    'RestartPolicy',
    'IpcMode',
    'ReadonlyRootfs',
    'Init',
    'AutoRemove',
    'Binds',
    'Mounts',
    'Tmpfs',
    'VolumesFrom',
  ]);
  const extra = Object.keys(host).find((key) => !allowedHostKeys.has(key));
  if (extra) return `unexpected HostConfig.${extra}`;
  if (host.NetworkMode !== 'none' || request.NetworkDisabled !== true) return 'network must be none';
  if (host.Privileged !== false) return 'privileged';
  if (host.Memory !== limits.memoryBytes || host.MemorySwap !== limits.memoryBytes) return 'memory limit';
  if (host.NanoCpus !== limits.nanoCpus || host.PidsLimit !== limits.pids) return 'cpu or pids limit';
  if (host.ShmSize > limits.tmpfsBytes) return 'shm size';
  if (host.SecurityOpt.join() !== 'no-new-privileges') return 'security options';
  if (
    host.LogConfig.Type !== 'json-file' ||
    host.LogConfig.Config['max-size'] !== '1m' ||
    host.LogConfig.Config['max-file'] !== '2'
  ) {
    return 'log config';
  }
  if (host.RestartPolicy.Name !== 'no' || host.IpcMode !== 'private') return 'restart or ipc';
  const granted = image.engine ? grantedImage(image.engine.repoTags, limits) : undefined;
  if (request.Image !== image.reference || typeof parseAnyReference(request.Image) === 'string' || !granted) {
    return 'image';
  }
  // Read as the engine would: a missing CapDrop keeps Docker's default set.
  const dropped: unknown = host.CapDrop;
  if (!Array.isArray(dropped) || dropped.length !== 1 || dropped[0] !== 'ALL') return 'capabilities dropped';
  const added: unknown = host.CapAdd;
  if (!Array.isArray(added) || !sameItems(added, grantedCapabilities(granted.reference))) {
    return 'capabilities added';
  }
  if (request.Labels[Object.keys(ns.labels)[0] ?? ''] !== ns.sessionId) return 'session label';
  const prefix = ns.toEngine('');
  for (const bind of host.Binds) {
    const [source = '', target = '', ...rest] = bind.split(':');
    if (
      !source.startsWith(prefix) ||
      !VALID_NAME.test(source) ||
      !target.startsWith('/') ||
      rest.length > 1
    ) {
      return `bind ${bind}`;
    }
  }
  for (const mount of host.Mounts) {
    if (mount.Type === 'tmpfs') {
      const size = mount.TmpfsOptions?.SizeBytes ?? 0;
      if (mount.Source || !(size > 0 && size <= limits.tmpfsBytes)) {
        return `tmpfs ${mount.Target}`;
      }
    } else if (mount.Type === 'volume') {
      if (
        mount.Source !== undefined &&
        (!mount.Source.startsWith(prefix) || !VALID_NAME.test(mount.Source))
      ) {
        return `volume ${mount.Source}`;
      }
      if (
        mount.Source === undefined &&
        mount.VolumeOptions?.Labels?.[Object.keys(ns.labels)[0] ?? ''] !== ns.sessionId
      ) {
        return 'anonymous volume label';
      }
      // A Subpath is resolved by the engine inside the volume (run-mounts.ts says why that is safe).
      if (
        Object.keys(mount.VolumeOptions ?? {}).some((key) => !['NoCopy', 'Labels', 'Subpath'].includes(key))
      ) {
        return 'volume options';
      }
    } else return `mount type ${(mount as { Type: string }).Type}`;
  }
  for (const [target, options] of Object.entries(host.Tmpfs)) {
    // The last size= wins in the kernel, `size=0` is no limit and `g` or `%` suffixes would pass a digits-only look.
    const sizes = options.split(',').filter((option) => option.startsWith('size='));
    const capped = (option: string) =>
      /^size=\d+$/.test(option) &&
      Number(option.slice(5)) > 0 &&
      Number(option.slice(5)) <= limits.tmpfsBytes;
    if (sizes.length === 0 || !sizes.every(capped)) return `tmpfs ${target}`;
  }
  for (const source of host.VolumesFrom) {
    if (!ownContainers.has(source.split(':')[0] ?? '')) return `volumes-from ${source}`;
  }
  return undefined;
}

/** The same strings, one each, in any order. */
function sameItems(actual: readonly unknown[], expected: readonly string[]): boolean {
  const sorted = [...actual].sort();
  return sorted.length === expected.length && sorted.every((item, index) => item === expected[index]);
}
