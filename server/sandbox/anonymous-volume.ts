/**
 * The one place that says which of a session's volumes are anonymous, for the lesson checks, the
 * page's diagram and `docker volume prune` alike, and the one that labels the anonymous volumes the
 * lab asks the engine for.
 *
 * Docker calls a volume anonymous when it was created without a name: a container's `-v /path` (or
 * `--mount` without a source), an image's `VOLUME`, a bare `docker volume create`. From API 1.42
 * (Engine 23) the engine marks those it makes with its own label, ENGINE_ANONYMOUS_LABEL, and
 * `docker volume prune` removes only volumes that carry it; Engine 26.1 gives it to `-v /path`, an
 * image's `VOLUME` and a bare `volume create`, not to `--mount` without a source (seen on 26.1.5).
 * Before 1.42 there is no label, and prune removes named volumes too.
 *
 * The lab asks for every one of these itself, with the session's labels, and labels given replace the
 * engine's: so it gives each the label the engine would, where the engine would, and on older engines
 * its own ANONYMOUS_LABEL (which learners never see). The name's shape does not decide: a learner may
 * type a 64-hex name on purpose, and that volume is named, as it is for docker.
 */
import type { EngineVolume } from '../docker/engine.ts';
import { ANONYMOUS_LABEL, DECLARED_VOLUME_LABEL } from '../labels.ts';
import type { Namespace } from './namespace.ts';

/** The engine's label on the anonymous volumes it makes (moby's `AnonymousLabel`). */
export const ENGINE_ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

/** The API version from which the engine labels anonymous volumes, and prune goes by that label. */
export const ENGINE_ANONYMOUS_LABEL_SINCE = '1.42';

/** How a volume without a name is asked for; `declaredAs` is the mount point as typed or declared. */
export type AnonymousOrigin =
  | { kind: 'create' }
  | { kind: 'volume-flag'; declaredAs: string }
  | { kind: 'image-volume'; declaredAs: string }
  | { kind: 'mount-flag' };

/**
 * The labels of an anonymous volume the lab asks for: the session's, the mount point it was declared
 * at (for `docker inspect`'s Config.Volumes), and the anonymous label the engine would give it.
 */
export function anonymousVolumeLabels(
  ns: Namespace,
  origin: AnonymousOrigin,
  engineLabelsAnonymous: boolean,
): Record<string, string> {
  const labels: Record<string, string> = { ...ns.labels };
  if (origin.kind === 'volume-flag' || origin.kind === 'image-volume') {
    labels[DECLARED_VOLUME_LABEL] = origin.declaredAs;
  }
  if (!engineLabelsAnonymous) labels[ANONYMOUS_LABEL] = '';
  else if (origin.kind !== 'mount-flag') labels[ENGINE_ANONYMOUS_LABEL] = '';
  return labels;
}

/** The parts of an engine volume (a listing's summary or an inspect) the decision reads. */
export type VolumeSummary = Pick<EngineVolume, 'Name' | 'Labels'>;

/**
 * True when docker would call this session's volume anonymous: it carries the engine's anonymous label,
 * or the lab's on an engine without one. Where the labels are not known yet (a mount the listing has
 * not seen), a name the engine chose, without the session prefix, is the best guess.
 */
export function isAnonymousVolume(ns: Namespace, volume: VolumeSummary): boolean {
  if (volume.Labels === null) return ns.fromEngine(volume.Name) === volume.Name;
  return volume.Labels[ENGINE_ANONYMOUS_LABEL] !== undefined || volume.Labels[ANONYMOUS_LABEL] !== undefined;
}
