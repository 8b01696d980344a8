/**
 * The one place that says which of a session's volumes are anonymous, for the lesson checks, the
 * page's diagram and `docker volume prune` alike.
 *
 * Docker calls a volume anonymous when it was created without a name, whoever created it: a
 * container's `-v /path` (or `--mount` without a source) and a bare `docker volume create` both get a
 * random 64-hex name and the engine's `com.docker.volume.anonymous` label, and since API 1.42
 * `docker volume prune` removes only those. The lab cannot let the engine name a bare `volume create`
 * (the name must carry the session prefix), so it names it itself and marks it with ANONYMOUS_LABEL;
 * the name's shape alone therefore does not decide: a learner may type a 64-hex name on purpose, and
 * that volume is named, as it is for docker.
 */
import type { EngineVolume } from '../docker/engine.ts';
import { ANONYMOUS_LABEL } from '../labels.ts';
import type { Namespace } from './namespace.ts';

/** The parts of an engine volume (a listing's summary or an inspect) the decision reads. */
export type VolumeSummary = Pick<EngineVolume, 'Name' | 'Labels'>;

/**
 * True when docker would call this session's volume anonymous: the engine named it (a container's
 * anonymous mount, no session prefix) or the lab did for a `docker volume create` given no name.
 */
export function isAnonymousVolume(ns: Namespace, volume: VolumeSummary): boolean {
  return ns.fromEngine(volume.Name) === volume.Name || volume.Labels?.[ANONYMOUS_LABEL] !== undefined;
}
