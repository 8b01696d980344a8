/**
 * SECURITY: how a session's names map onto the shared engine. Every engine object a session makes is
 * named with a hidden prefix and carries the session label; the learner only ever sees and types the
 * part after the prefix. Anything leaving the server goes through `hide` so the prefix never shows.
 */
import { createHash, randomBytes } from 'node:crypto';
import { INSTANCE_LABEL, isLabLabel, SESSION_LABEL } from '../labels.ts';

/** The instance a server is unless configured otherwise. */
export const DEFAULT_INSTANCE = 'lab';

/** The shape of the names the engine gives anonymous volumes. */
const ANONYMOUS_NAME = /^[0-9a-f]{64}$/;

export interface Namespace {
  readonly sessionId: string;
  /** The engine-side name for a name the learner typed. */
  toEngine(name: string): string;
  /**
   * The learner's name for an engine name. Anonymous volumes a container creates keep the engine's
   * random 64-hex name (the engine names them, with the session label the lab asks for), so such a
   * name passes unchanged; callers must still check the session label.
   */
  fromEngine(engineName: string): string | undefined;
  /** Engine names to try for a name the learner typed, most likely first. */
  candidates(name: string): string[];
  /** Removes every trace of the prefix from text bound for the learner (daemon errors included). */
  hide(text: string): string;
  /** The labels every engine object of this session carries. */
  readonly labels: Readonly<Record<string, string>>;
  /** Engine filter that scopes a list to this session. */
  readonly labelFilter: string;
}

/**
 * The session id is a one-way function of the resume token: the id appears in engine names and labels
 * (visible to anyone with engine access), the token never does, and a restarted server can recover a
 * session's objects from its token alone.
 */
export function sessionIdFromToken(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}

export function newSessionToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The hidden prefix of every engine name a session makes. */
export function sessionPrefix(sessionId: string): string {
  return `vl-${sessionId}-`;
}

export function createNamespace(sessionId: string, instance: string = DEFAULT_INSTANCE): Namespace {
  const prefix = sessionPrefix(sessionId);
  return {
    sessionId,
    toEngine: (name) => `${prefix}${name}`,
    fromEngine: (engineName) => {
      if (engineName.startsWith(prefix)) return engineName.slice(prefix.length);
      return ANONYMOUS_NAME.test(engineName) ? engineName : undefined;
    },
    candidates: (name) => (ANONYMOUS_NAME.test(name) ? [`${prefix}${name}`, name] : [`${prefix}${name}`]),
    hide: (text) => text.replaceAll(prefix, ''),
    // The session label comes first: the policy reads it as the labels' first key.
    labels: Object.freeze({ [SESSION_LABEL]: sessionId, [INSTANCE_LABEL]: instance }),
    labelFilter: `${SESSION_LABEL}=${sessionId}`,
  };
}

/**
 * The learner-visible labels of an engine object: the lab's own are dropped. When none remain, the
 * engine would have shown what an unlabelled object of that kind shows (`null` for volumes, `{}` for
 * containers), so the caller says which.
 */
export function visibleLabels(
  labels: Record<string, string> | null,
  whenNone: null | Record<string, never>,
): Record<string, string> | null {
  const visible = Object.entries(labels ?? {}).filter(([key]) => !isLabLabel(key));
  return visible.length === 0 ? whenNone : Object.fromEntries(visible);
}
