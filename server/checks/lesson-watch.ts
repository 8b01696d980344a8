/**
 * Keeps one page's lesson checks current: evaluates after every finished command and on request,
 * one evaluation at a time, and if commands finish meanwhile, once more afterwards with the latest
 * state rather than once per command.
 */
import type { CheckResult } from '../../src/shared/checks.ts';
import type { Lesson } from '../../src/shared/lesson.ts';
import type { SessionState as Picture } from '../../src/shared/protocol.ts';
import type { LabServices } from '../commands/context.ts';
import type { Namespace } from '../sandbox/namespace.ts';
import { evaluateLesson } from './evaluate.ts';
import { resetLesson } from './lesson-reset.ts';
import { sessionPicture } from './session-picture.ts';
import { SessionState } from './session-state.ts';

export interface LessonWatch {
  /** Starts watching a lesson (or stops with null); says why not for an unknown lesson. */
  watch(lesson: string | null): string | undefined;
  /** Evaluates the watched lesson, or the given one, and reports the results. */
  check(lesson?: string): string | undefined;
  /** Removes what the lesson makes and forgets its progress, then reports afresh. */
  reset(lesson: string): string | undefined;
  /** A command finished: the state may have changed. */
  changed(): void;
  /** Sends the session's picture alone (a page with no lesson, like the sandbox, still draws it). */
  picture(): void;
}

export function createLessonWatch(options: {
  lessons: ReadonlyMap<string, Lesson>;
  services: LabServices;
  ns: Namespace;
  /** The session's steps passed per lesson. */
  progress: Map<string, Set<string>>;
  /** How often each lesson was reset in this session (shared by its terminals). */
  resets: Map<string, number>;
  report(lesson: string, results: CheckResult[], passed: string[], epoch: number): void;
  /** The session's volumes, containers and mounts, for the page's diagram. */
  reportState(state: Omit<Picture, 'type'>): void;
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
    const resetsBefore = options.resets.get(id) ?? 0;
    const state = new SessionState(options.services, options.ns);
    void Promise.all([evaluateLesson(state, lesson, options.progress.get(id)), sessionPicture(state)])
      .then(([results, picture]) => {
        // A reset (from any terminal of the session) ran meanwhile, or is running: these results
        // describe what it removes. The count is odd while a reset runs; look again once it is done.
        const resetsNow = options.resets.get(id) ?? 0;
        if (resetsNow !== resetsBefore || resetsNow % 2 === 1) {
          again = id;
          return;
        }
        // Steps pass in order, as the page counts them: a check that holds before its step's turn
        // (a "gone" step before anything was made) does not count.
        const passed = options.progress.get(id) ?? new Set<string>();
        for (const result of results) {
          if (passed.has(result.step)) continue;
          if (!result.ok) break;
          passed.add(result.step);
          options.services.observer?.checkPassed({
            sessionId: options.ns.sessionId,
            lesson: id,
            step: result.step,
          });
        }
        options.progress.set(id, passed);
        options.report(id, results, [...passed], resetsBefore);
        options.reportState(picture);
      })
      .catch(() => {})
      .finally(() => {
        running = false;
        const next = again;
        again = undefined;
        if (next === undefined) return;
        // While a reset runs, look again a little later rather than in a tight loop.
        if ((options.resets.get(next) ?? 0) % 2 === 1) setTimeout(() => evaluate(next), 200);
        else evaluate(next);
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
    reset(lesson) {
      const found = options.lessons.get(lesson);
      if (!found) return `unknown lesson ${lesson}`;
      const resets = options.resets.get(lesson) ?? 0;
      // Odd while running (see evaluate); a second reset while one runs only waits for it.
      if (resets % 2 === 1) return undefined;
      options.resets.set(lesson, resets + 1);
      options.progress.delete(lesson);
      void resetLesson(options.services, options.ns, found)
        .catch(() => {})
        .then(() => {
          // Checks that ran while the reset removed things are stale: count the reset once more.
          options.resets.set(lesson, (options.resets.get(lesson) ?? 0) + 1);
          options.progress.delete(lesson);
          evaluate(lesson);
        });
      return undefined;
    },
    changed() {
      if (watched !== null) evaluate(watched);
      else this.picture();
    },
    picture() {
      void sessionPicture(new SessionState(options.services, options.ns))
        .then((picture) => options.reportState(picture))
        .catch(() => {});
    },
  };
}
