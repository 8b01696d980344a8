/** What a session's terminals are told when something happens on its engine. */
import type { EngineWatchEvent } from '../docker/engine-watch.ts';

export const ENGINE_DOWN_NOTICE =
  'volume-lab: the Docker engine this session runs on is not answering. Your volumes are kept; ' +
  'commands will work again once it is back.';

export const ENGINE_UP_NOTICE = 'volume-lab: the Docker engine is back.';

/** A container of the session, by the learner's name for it, died on its own or ran out of memory. */
export function containerNotice(
  event: Extract<EngineWatchEvent, { kind: 'died' | 'oom' }>,
  name: string,
  memoryBytes: number,
): string {
  if (event.kind === 'died') return `volume-lab: container ${name} exited with code ${event.exitCode}.`;
  const mib = Math.round(memoryBytes / (1024 * 1024));
  return `volume-lab: container ${name} ran out of memory (each container may use ${mib} MiB) and was stopped.`;
}
