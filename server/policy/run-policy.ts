/**
 * SECURITY: the sandbox policy for containers. Deny by default: a container create request is built
 * only from the allow-listed flags (run-refusals.ts), each parsed and validated; every other flag is
 * refused with a one-line reason. The limits are always set (run-request.ts), and `checkCreateRequest`
 * (check-request.ts) re-checks the finished request before it is sent, so a bug in the building cannot
 * open a way out.
 * Pure: flags and resolved references in, a request or a refusal out.
 */
import type { CreateRequest } from '../docker/containers.ts';
import type { SandboxLimits } from '../sandbox/limits.ts';
import type { Namespace } from '../sandbox/namespace.ts';
import { checkCreateRequest } from './check-request.ts';
import { imageAllowed } from './images.ts';
import { labelsFrom } from './labels.ts';
import { containerNameError } from './names.ts';
import { daemonRefusal, isRefusal, labRefusal, type Refusal, refuse } from './refusal.ts';
import { type PlannedVolume, planMounts, planVolumesFrom } from './run-mounts.ts';
import { RUN_ALLOWED_FLAGS, RUN_REFUSALS } from './run-refusals.ts';
import { runRequest } from './run-request.ts';

/** What the policy reads of parsed flags (server/cli's ParsedFlags). */
export interface FlagReader {
  changedNames(): readonly string[];
  bool(name: string): boolean;
  string(name: string): string;
  stringArray(name: string): readonly string[];
}

export interface RunPlan {
  request: CreateRequest;
  /** Named volumes the container mounts (learner names, with labels to give them if new). */
  volumes: PlannedVolume[];
  detach: boolean;
  interactive: boolean;
  tty: boolean;
}

export interface RunInput {
  flags: FlagReader;
  image: string;
  command: readonly string[];
  ns: Namespace;
  limits: SandboxLimits;
  /** `--volumes-from` references, resolved among the session's own containers to engine ids. */
  volumesFrom: ReadonlyMap<string, string>;
}

/**
 * Builds the create request for `docker run`, or says why not. Each step refuses or hands on what it
 * judged; the first refusal is the answer, in the order the steps are written.
 */
export function planRun(input: RunInput): RunPlan | Refusal {
  const { flags, ns, limits } = input;
  const refused =
    refusedFlag(flags) ?? refusedImage(input.image, limits) ?? refusedName(flags.string('name'));
  if (refused) return refused;
  const mounts = planMounts(
    {
      volume: flags.stringArray('volume'),
      mount: flags.stringArray('mount'),
      tmpfs: flags.stringArray('tmpfs'),
    },
    ns,
    limits,
  );
  if (isRefusal(mounts)) return mounts;
  const volumesFrom = planVolumesFrom(flags.stringArray('volumes-from'), input.volumesFrom);
  if (isRefusal(volumesFrom)) return volumesFrom;
  const labels = labelsFrom(flags.stringArray('label'), '--label');
  if (isRefusal(labels)) return labels;
  const detach = flags.bool('detach');
  const interactive = flags.bool('interactive');
  const tty = flags.bool('tty');
  const request = runRequest(
    {
      image: input.image,
      command: input.command,
      entrypoint: flags.changedNames().includes('entrypoint') ? flags.string('entrypoint') : undefined,
      env: envFrom(flags.stringArray('env')),
      workdir: flags.string('workdir'),
      user: flags.string('user'),
      hostname: flags.string('hostname'),
      labels,
      detach,
      interactive,
      tty,
      readOnly: flags.bool('read-only'),
      init: flags.bool('init'),
      autoRemove: flags.bool('rm'),
      mounts,
      volumesFrom,
    },
    ns,
    limits,
  );
  return failedCheck(request, input) ?? { request, volumes: mounts.volumes, detach, interactive, tty };
}

/** Flags allowed: the first flag given that is not on the allow-list, with its reason. */
function refusedFlag(flags: FlagReader): Refusal | undefined {
  const allowed = new Set<string>(RUN_ALLOWED_FLAGS);
  const name = flags.changedNames().find((changed) => changed !== 'help' && !allowed.has(changed));
  if (name === undefined) return undefined;
  return labRefusal(
    `--${name}`,
    `--${name}`,
    RUN_REFUSALS[name] ??
      `this lab allows only ${RUN_ALLOWED_FLAGS.map((flag) => `--${flag}`).join(' ')} with docker run`,
  );
}

/** The image: one of the lab's, since no registry is reachable. */
function refusedImage(image: string, limits: SandboxLimits): Refusal | undefined {
  if (imageAllowed(image, limits)) return undefined;
  return labRefusal(
    'image',
    `the image ${image}`,
    `this lab runs ${limits.images.map((allowed) => allowed.replace(/:latest$/, '')).join(', ')} only (no registry is reachable)`,
  );
}

/** The name, checked here because the daemon sees only the prefixed one. */
function refusedName(name: string): Refusal | undefined {
  const error = containerNameError(name);
  return error === undefined ? undefined : daemonRefusal(error);
}

/** `-e NAME` copies NAME from the CLI's environment; the lab shell has none, so it is dropped as unset. */
function envFrom(values: readonly string[]): string[] {
  return values.filter((value) => value.includes('='));
}

/** The final check: a request `checkCreateRequest` faults is a bug in the steps above, and is not sent. */
function failedCheck(request: CreateRequest, input: RunInput): Refusal | undefined {
  const problem = checkCreateRequest(request, input.ns, input.limits, new Set(input.volumesFrom.values()));
  return problem
    ? refuse(`volume-lab: internal policy check failed: ${problem}`, 'internal-check')
    : undefined;
}
