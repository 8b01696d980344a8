/**
 * The engine side of the lab's images: look one up, pull it, import a root filesystem, give it its
 * config through a commit, tag and untag. What to build and when is server/images/.
 */
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';

/** What the lab needs to know of an image on an engine. */
export interface ImageFacts {
  id: string;
  labels: Record<string, string>;
}

/** The config of a committed image: what `docker inspect IMAGE` shows under Config. */
export interface CommitConfig {
  Entrypoint?: string[];
  Cmd?: string[];
  Env?: string[];
  WorkingDir?: string;
  ExposedPorts?: Record<string, object>;
  StopSignal?: string;
  Labels?: Record<string, string>;
}

/** Name prefix of the throwaway containers images are committed from. */
export const BUILD_CONTAINER_PREFIX = 'volume-lab-image-build-';

// Building only talks to the local engine, so these are generous: they exist to turn a wedged engine
// into an error instead of a server that never finishes starting.
const IMPORT_TIMEOUT_MS = 300_000;
const CONTAINER_STEP_TIMEOUT_MS = 60_000;

/** One JSON object from the engine's progress stream (pull, import). */
interface ProgressEvent {
  status?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** `POST /commit` parameters; @types/dockerode types them as `{}`. */
interface CommitOptions {
  repo: string;
  tag: string;
  comment?: string;
  changes?: string[];
  pause?: boolean;
  abortSignal?: AbortSignal;
}

/** `POST /images/create?fromSrc=-` parameters; @types/dockerode types them as `{}`. */
interface ImportOptions {
  repo: string;
  tag: string;
  message?: string;
  changes?: string[];
  abortSignal?: AbortSignal;
}

/** The image a reference names on this engine, or undefined when the engine has none by that name. */
export async function inspectImage(docker: Dockerode, reference: string): Promise<ImageFacts | undefined> {
  try {
    // dockerode 5 does not forward an abort signal for image inspect; it is a local metadata read.
    const info = await docker.getImage(reference).inspect();
    return { id: info.Id, labels: info.Config?.Labels ?? {} };
  } catch (error) {
    if (statusCodeOf(error) === 404) return undefined;
    throw error;
  }
}

/** Pulls a reference within `timeoutMs`, or throws with the engine's reason. */
export async function pullImage(docker: Dockerode, reference: string, timeoutMs: number): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const stream = await docker.pull(reference, { abortSignal: signal });
    await followProgress(docker, stream, signal);
  } catch (error) {
    if (signal.aborted) throw new Error(`timed out after ${timeoutMs / 1000} s`);
    throw error;
  }
}

/** Imports a root filesystem tar as `repo:tag`; `changes` are Dockerfile lines the import accepts. */
export async function importRootfs(
  docker: Dockerode,
  rootfs: NodeJS.ReadableStream,
  target: { repo: string; tag: string; message: string; changes?: string[] },
): Promise<void> {
  const signal = AbortSignal.timeout(IMPORT_TIMEOUT_MS);
  const options: ImportOptions = { ...target, abortSignal: signal };
  const stream = await docker.importImage(rootfs, options);
  await followProgress(docker, stream, signal);
}

/**
 * Commits a container of `from` as `repo:tag` with `config`, then removes the container. The config
 * goes through a container because an import cannot set everything (engine 20.10 refuses STOPSIGNAL
 * there); `changes` carry what a container must not have before the commit (a VOLUME would give it an
 * anonymous volume). With `run`, the container's command runs to a zero exit first and what it
 * changes is part of the image.
 */
export async function commitImage(
  docker: Dockerode,
  spec: {
    from: string;
    repo: string;
    tag: string;
    comment: string;
    config: CommitConfig;
    changes?: string[];
    run?: boolean;
  },
): Promise<void> {
  const signal = AbortSignal.timeout(CONTAINER_STEP_TIMEOUT_MS);
  let container: Dockerode.Container | undefined;
  try {
    // Named, not labelled: a commit keeps the container's labels, and the image must carry only its own.
    container = await docker.createContainer({
      ...spec.config,
      name: `${BUILD_CONTAINER_PREFIX}${randomBytes(4).toString('hex')}`,
      Image: spec.from,
      NetworkDisabled: true,
      HostConfig: { NetworkMode: 'none' },
      abortSignal: signal,
    });
    if (spec.run) {
      await container.start({ abortSignal: signal });
      const exit = (await container.wait({ abortSignal: signal })) as { StatusCode?: number };
      if (exit.StatusCode !== 0) {
        throw new Error(
          `${(spec.config.Cmd ?? []).join(' ')} exited with status ${exit.StatusCode ?? 'unknown'}`,
        );
      }
    }
    const options: CommitOptions = {
      repo: spec.repo,
      tag: spec.tag,
      comment: spec.comment,
      changes: spec.changes ?? [],
      abortSignal: signal,
    };
    await container.commit(options);
  } finally {
    // Best effort: a leftover here is untidy but must not mask the build's own outcome.
    await container?.remove({ force: true }).catch(() => {});
  }
}

/** Points `repo:tag` at the image `reference` names. */
export async function tagImage(
  docker: Dockerode,
  reference: string,
  repo: string,
  tag: string,
): Promise<void> {
  await docker.getImage(reference).tag({ repo, tag });
}

/**
 * Removes a tag or an image, if nothing still needs it: an image a container uses stays (the engine
 * refuses without force), so a learner's running container never loses its image.
 */
export async function removeImageIfUnused(docker: Dockerode, reference: string): Promise<void> {
  await docker
    .getImage(reference)
    .remove()
    .catch(() => {});
}

/** A tag no other build uses, for the steps between an import and the final commit. */
export function intermediateTag(): string {
  return `volume-lab-import-${randomBytes(4).toString('hex')}`;
}

/**
 * Follows a progress stream to its end; resolves only if the engine reported no error in-band and the
 * signal did not fire (an aborted response can end with a plain `close`, which followProgress treats as done).
 */
function followProgress(
  docker: Dockerode,
  stream: NodeJS.ReadableStream,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let inBandError: string | undefined;
    // The modem only aborts the request; once the response is streaming we must tear it down ourselves.
    const onAbort = (): void => {
      if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy(signal.reason);
      else reject(signal.reason);
    };
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    // followProgress also listens for 'error', but a handler of our own keeps this safe if it ever stops.
    stream.on('error', () => {});
    docker.modem.followProgress(
      stream,
      (error) => {
        signal.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else if (signal.aborted) reject(signal.reason);
        else if (inBandError !== undefined) reject(new Error(inBandError));
        else resolve();
      },
      (event: ProgressEvent) => {
        if (event.error || event.errorDetail) {
          inBandError ??= event.errorDetail?.message ?? event.error ?? 'unknown error';
        }
      },
    );
  });
}

function statusCodeOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const code = (error as { statusCode: unknown }).statusCode;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/** Reduces dockerode/engine errors to the part a person can act on, on one line. */
export function shortReason(error: unknown): string {
  const message =
    error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  const reason = message
    .replace(/^\(HTTP code \d+\)[^-]*- /, '')
    .replace(/^Get "[^"]*": /, '')
    .replace(/\s+/g, ' ')
    .trim();
  return reason.length > 160 ? `${reason.slice(0, 157)}...` : reason || 'unknown error';
}

/** Whether a pull failed because no registry could be reached, as opposed to the registry saying no. */
export function looksLikeNetworkFailure(reason: string): boolean {
  return /timed out|timeout|no such host|lookup |dial tcp|connection refused|network is unreachable|i\/o timeout|TLS handshake/i.test(
    reason,
  );
}
