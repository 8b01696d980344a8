/**
 * SECURITY: the sandbox policy for containers. Deny by default: a container create request is built
 * only from the allow-listed flags (run-refusals.ts), each parsed and validated; every other flag is
 * refused with a one-line reason. The image must be one of the lab's as the engine resolves it, and it
 * decides the capabilities (images.ts). The limits are always set (run-request.ts), and
 * `checkCreateRequest` (check-request.ts) re-checks the finished request before it is sent, so a bug in
 * the building cannot open a way out.
 * Pure: flags, and references as the engine resolved them, in; a request or a refusal out.
 */
import type { EngineInfo } from '../cli/command-spec.ts';
import type { CreateRequest } from '../docker/containers.ts';
import { type ImageReference, parseAnyReference } from '../format/image-reference.ts';
import type { SandboxLimits } from '../sandbox/limits.ts';
import type { Namespace } from '../sandbox/namespace.ts';
import { checkCreateRequest } from './check-request.ts';
import { withImageVolumes } from './image-volumes.ts';
import { type GrantedImage, grantedImage, type RunImage } from './images.ts';
import { labelsFrom } from './labels.ts';
import { missingImageRefusal } from './missing-image.ts';
import { containerNameError } from './names.ts';
import { cliRefusal, daemonRefusal, isRefusal, labRefusal, type Refusal, refuse } from './refusal.ts';
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
  /** The lab's image the container runs, and what it is granted. */
  image: GrantedImage;
  /** Named volumes the container mounts (learner names, with labels to give them if new). */
  volumes: PlannedVolume[];
  detach: boolean;
  interactive: boolean;
  tty: boolean;
}

export interface RunInput {
  flags: FlagReader;
  image: RunImage;
  command: readonly string[];
  ns: Namespace;
  limits: SandboxLimits;
  /** What the engine is (its API version): which mounts it takes, and how it labels anonymous volumes. */
  engine: EngineInfo;
  /** `--volumes-from` references, resolved among the session's own containers to engine ids. */
  volumesFrom: ReadonlyMap<string, string>;
  /** The mount points of the containers `--volumes-from` names, which no image VOLUME takes over. */
  borrowed?: readonly string[];
}

/**
 * Builds the create request for `docker run`, or says why not. Each step refuses or hands on what it
 * judged; the first refusal is the answer, in the order the CLI and then the daemon would find each
 * mistake: flags and the reference's syntax (the CLI), mounts (the daemon's settings check), the
 * image, the name, then what the new container takes from others.
 */
export function planRun(input: RunInput): RunPlan | Refusal {
  const { flags, ns, limits, engine } = input;
  const badFlag = refusedFlag(flags);
  if (badFlag) return badFlag;
  const reference = parseAnyReference(input.image.reference);
  if (typeof reference === 'string') return cliRefusal(reference);
  const mounts = planMounts(
    {
      volume: flags.stringArray('volume'),
      mount: flags.stringArray('mount'),
      tmpfs: flags.stringArray('tmpfs'),
    },
    ns,
    limits,
    engine,
  );
  if (isRefusal(mounts)) return mounts;
  const image = labImage(input.image, reference, limits);
  if (isRefusal(image)) return image;
  const badName = refusedName(flags.string('name'));
  if (badName) return badName;
  const volumesFrom = planVolumesFrom(flags.stringArray('volumes-from'), input.volumesFrom);
  if (isRefusal(volumesFrom)) return volumesFrom;
  const labels = labelsFrom(flags.stringArray('label'), '--label');
  if (isRefusal(labels)) return labels;
  const detach = flags.bool('detach');
  const interactive = flags.bool('interactive');
  const tty = flags.bool('tty');
  const request = withImageVolumes(
    runRequest(
      {
        image: input.image.reference,
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
        capabilities: image.capabilities,
      },
      ns,
      limits,
    ),
    input.image.engine?.volumes ?? [],
    input.borrowed ?? [],
    ns,
    engine,
  );
  return (
    failedCheck(request, input) ?? {
      request,
      image,
      volumes: mounts.volumes,
      detach,
      interactive,
      tty,
    }
  );
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

/**
 * The image: the engine's, when the engine has tagged it with one of the lab's references. Anything
 * else is an image the engine does not have as far as the learner can tell: the CLI would pull a name
 * (the lab never does), and says the daemon's "No such image" for a full ID.
 */
function labImage(image: RunImage, reference: ImageReference, limits: SandboxLimits): GrantedImage | Refusal {
  const granted = image.engine ? grantedImage(image.engine.repoTags, limits) : undefined;
  if (granted) return granted;
  if (reference.kind === 'id') return daemonRefusal(`No such image: ${reference.id}`);
  return missingImageRefusal(reference, limits);
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
  const own = new Set(input.volumesFrom.values());
  const problem = checkCreateRequest(request, input.ns, input.limits, own, input.image);
  return problem
    ? refuse(`volume-lab: internal policy check failed: ${problem}`, 'internal-check')
    : undefined;
}
