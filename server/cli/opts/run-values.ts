/**
 * Values only `docker run` takes: the `-a` stream names (`validateAttach` of run.go) and
 * `--mount` (`opts.MountOpt`, parsed in mount-syntax.ts, which the sandbox policy reads too).
 */
import { parseMountFlag } from './mount-syntax.ts';

/** `validateAttach` of `docker run -a`. */
export function validateAttach(value: string): string | undefined {
  return ['stdin', 'stdout', 'stderr'].includes(value.toLowerCase())
    ? undefined
    : 'valid streams are STDIN, STDOUT and STDERR';
}

/** `opts.MountOpt.Set`: the CLI rejects a malformed --mount while parsing flags (exit 125, with usage). */
export function validateMount(value: string): string | undefined {
  const parsed = parseMountFlag(value);
  return typeof parsed === 'string' ? parsed : undefined;
}
