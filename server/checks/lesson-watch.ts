/**
 * Keeps one page's lesson checks current: evaluates after every finished command and on request,
 * one evaluation at a time, and if commands finish meanwhile, once more afterwards with the latest
 * state rather than once per command.
 */
import type { CheckResult } from '../../src/shared/checks.ts';
import type { Lesson } from '../../src/shared/lesson.ts';
import type { LabServices } from '../commands/context.ts';
import type { Namespace } from '../session/namespace.ts';
import { evaluateLesson } from './evaluate.ts';

export interface LessonWatch {
  /** Starts watching a lesson (or stops with null); says why not for an unknown lesson. */
  watch(lesson: string | null): string | undefined;
  /** Evaluates the watched lesson, or the given one, and reports the results. */
  check(lesson?: string): string | undefined;
  /** A command finished: the state may have changed. */
  changed(): void;
}

export function createLessonWatch(options: {
  lessons: ReadonlyMap<string, Lesson>;
  services: LabServices;
  ns: Namespace;
  report(lesson: string, results: CheckResult[]): void;
}): LessonWatch {
  let watched: string | null = null;
  let running = false;
  let again: string | undefined;

  const evaluate = (id: string) => {
    const lesson = options.lessons.get(id);
    if (!lesson) return;
    if (running) {
      again = id;
      return;
    }
    running = true;
    void evaluateLesson(options.services, options.ns, lesson)
      .then((results) => options.report(id, results))
      .catch(() => {})
      .finally(() => {
        running = false;
        const next = again;
        again = undefined;
        if (next !== undefined) evaluate(next);
      });
  };

  return {
    watch(lesson) {
      if (lesson !== null && !options.lessons.has(lesson)) return `unknown lesson ${lesson}`;
      watched = lesson;
      if (lesson !== null) evaluate(lesson);
      return undefined;
    },
    check(lesson) {
      const id = lesson ?? watched;
      if (id === null) return 'no lesson is watched: send watch first, or name the lesson';
      if (!options.lessons.has(id)) return `unknown lesson ${id}`;
      evaluate(id);
      return undefined;
    },
    changed() {
      if (watched !== null) evaluate(watched);
    },
  };
}
