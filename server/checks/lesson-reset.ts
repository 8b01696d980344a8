/**
 * "Reset this lesson": removes from the session what the lesson's steps make, so the learner can
 * start it again. What a lesson makes is read from its checks and its solution lines; what of it
 * exists, from the session's picture, so the engine is asked to remove only what is there.
 */
import type { Lesson } from '../../src/shared/lesson.ts';
import type { LabServices } from '../commands/context.ts';
import { laneContainers } from '../docker/queued-containers.ts';
import type { Namespace } from '../sandbox/namespace.ts';
import { tokenize } from '../shell/tokenize.ts';
import { SessionState } from './session-state.ts';

/** Names of the volumes and containers a lesson's steps make or expect. */
export function lessonResources(lesson: Lesson): { volumes: Set<string>; containers: Set<string> } {
  const volumes = new Set<string>();
  const containers = new Set<string>();
  for (const step of lesson.steps) {
    const check = step.check;
    if ('volume' in check && typeof check.volume === 'string') volumes.add(check.volume);
    if (check.kind === 'volume-exists' || check.kind === 'volume-absent') volumes.add(check.name);
    if ((check.kind === 'container-exists' || check.kind === 'container-absent') && check.name)
      containers.add(check.name);
    if (check.kind === 'container-exists' && check.mount?.volume) volumes.add(check.mount.volume);
    if (check.kind === 'container-volumes-from') {
      containers.add(check.from);
      if (check.container) containers.add(check.container);
    }
    for (const line of step.solution) {
      const words = tokenize(line);
      if (!words.ok) continue;
      words.words.forEach((word, index) => {
        const next = words.words[index + 1];
        if (word === '--name' && next) containers.add(next);
        if ((word === '-v' || word === '--volume') && next?.includes(':') && !next.startsWith('/')) {
          volumes.add(next.split(':')[0] ?? '');
        }
        const source = /(?:^|,)(?:src|source)=([^,]+)/.exec(word)?.[1];
        if (words.words[index - 1] === '--mount' && source) volumes.add(source);
      });
      if (words.words[1] === 'volume' && words.words[2] === 'create') {
        const name = words.words
          .slice(3)
          .filter((word, i, all) => !word.startsWith('-') && all[i - 1] !== '--label')
          .at(-1);
        if (name) volumes.add(name);
      }
    }
  }
  volumes.delete('');
  return { volumes, containers };
}

/** Removes the lesson's containers (with their anonymous volumes), then its volumes. */
export function resetLesson(services: LabServices, ns: Namespace, lesson: Lesson): Promise<void> {
  // Under the session's lock, so a check's helper container cannot bring a removed volume back.
  return services.locks.run(ns.sessionId, () => removeLessonResources(services, ns, lesson));
}

async function removeLessonResources(services: LabServices, ns: Namespace, lesson: Lesson): Promise<void> {
  const { volumes, containers } = lessonResources(lesson);
  const state = new SessionState(services, ns);
  const [own, ownVolumes] = await Promise.all([state.ownContainers(), state.ownVolumes()]);
  // Removals wait their turn in the session's lane of the engine's queue, as its commands' do.
  const queued = laneContainers(services.containers, services.queue, ns.sessionId);
  const lessonVolumes = new Set([...volumes].map((name) => ns.toEngine(name)));
  for (const container of own) {
    const mountsOne = container.mounts.some((mount) => mount.Name && lessonVolumes.has(mount.Name));
    if (containers.has(container.name) || mountsOne) {
      await queued.remove(container.id, { force: true, volumes: true }).catch(() => {});
    }
  }
  const engineVolumes = new Set(
    ownVolumes.map((volume) => volume.engineName).filter((name) => lessonVolumes.has(name)),
  );
  // A check's helper container can hold a volume for a moment; try again briefly before giving up.
  for (let attempt = 0; attempt < 20 && engineVolumes.size > 0; attempt++) {
    for (const name of [...engineVolumes]) {
      await services.engine.removeVolume(name, true).then(
        () => engineVolumes.delete(name),
        (error: { statusCode?: number }) => {
          if (error.statusCode !== 409) engineVolumes.delete(name);
        },
      );
    }
    if (engineVolumes.size > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
