/**
 * The room as the instructor's dashboard shows it: who is there, where each participant is, how far
 * they got, who is stuck, and how many completed each lesson. Built from the sessions the lab keeps;
 * the only thing remembered here is when each participant last passed a new step, which the sessions
 * do not record and "stuck" needs.
 *
 * SECURITY: a roster names sessions by id and never carries a token.
 */
import type { Lesson } from '../../src/shared/lesson.ts';
import type { LessonCount, Participant, RosterMessage } from '../../src/shared/workshop.ts';

/** What the roster reads of a session (the lab's Session has all of it). */
export interface RosterSession {
  readonly id: string;
  readonly name: string | undefined;
  readonly lesson: string | undefined;
  readonly lastActive: number;
  readonly lastCommand:
    | { readonly command: string; readonly exitCode: number; readonly at: number }
    | undefined;
  readonly terminals: ReadonlyMap<string, unknown>;
  readonly progress: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface RosterOptions {
  sessions: () => Iterable<RosterSession>;
  /** Open sockets of a session: more than none means a page of theirs is connected. */
  socketsOf: (sessionId: string) => number;
  lessons: ReadonlyMap<string, Lesson>;
  /** No new step for this long, while active, is "stuck". */
  stuckMs: number;
  now?: () => number;
}

export interface Roster {
  /** The room now. Call it regularly (every second): "stuck" is measured between calls. */
  snapshot(): RosterMessage;
}

interface Seen {
  /** Steps passed over all lessons when last looked at. */
  passed: number;
  progressAt: number;
}

function passedIn(lesson: Lesson, steps: ReadonlySet<string> | undefined): number {
  if (!steps) return 0;
  return lesson.steps.filter((step) => steps.has(step.id)).length;
}

export function createRoster(options: RosterOptions): Roster {
  const now = options.now ?? Date.now;
  const seen = new Map<string, Seen>();
  const ordered = [...options.lessons].sort(([, a], [, b]) => a.order - b.order);

  /** When the participant last made progress: a new step passed, or a fresh start (first seen, or reset). */
  const progressAt = (session: RosterSession, at: number): number => {
    let passed = 0;
    for (const steps of session.progress.values()) passed += steps.size;
    const before = seen.get(session.id);
    if (!before || passed !== before.passed) {
      seen.set(session.id, { passed, progressAt: at });
      return at;
    }
    return before.progressAt;
  };

  return {
    snapshot() {
      const at = now();
      const counts = new Map<string, { completed: number; here: number }>(
        ordered.map(([id]) => [id, { completed: 0, here: 0 }]),
      );
      const participants: Participant[] = [];
      const present = new Set<string>();
      for (const session of options.sessions()) {
        present.add(session.id);
        const lessonId =
          session.lesson !== undefined && options.lessons.has(session.lesson) ? session.lesson : null;
        const lesson = lessonId === null ? undefined : options.lessons.get(lessonId);
        let completed = 0;
        for (const [id, each] of ordered) {
          if (passedIn(each, session.progress.get(id)) === each.steps.length) {
            completed++;
            const count = counts.get(id);
            if (count) count.completed++;
          }
        }
        if (lessonId !== null) {
          const count = counts.get(lessonId);
          if (count) count.here++;
        }
        const passed = lesson && lessonId !== null ? passedIn(lesson, session.progress.get(lessonId)) : 0;
        const steps = lesson?.steps.length ?? 0;
        const connected = options.socketsOf(session.id) > 0;
        const since = progressAt(session, at);
        const stuck =
          connected &&
          lesson !== undefined &&
          passed < steps &&
          at - session.lastActive < options.stuckMs &&
          at - since >= options.stuckMs;
        participants.push({
          id: session.id,
          name: session.name ?? null,
          lesson: lessonId,
          passed,
          steps,
          completed,
          lastCommand: session.lastCommand ? { ...session.lastCommand } : null,
          connected,
          terminals: [...session.terminals.keys()],
          progressAt: since,
          stuck,
        });
      }
      // Sessions that ended are forgotten, so a returning one starts afresh.
      for (const id of [...seen.keys()]) if (!present.has(id)) seen.delete(id);
      // Named participants alphabetically, then anyone who skipped the join page; ids keep it stable.
      participants.sort(
        (a, b) =>
          Number(a.name === null) - Number(b.name === null) ||
          (a.name ?? '').localeCompare(b.name ?? '', undefined, { sensitivity: 'base' }) ||
          a.id.localeCompare(b.id),
      );
      const lessons: LessonCount[] = ordered.map(([id, lesson]) => ({
        id,
        title: lesson.title,
        steps: lesson.steps.length,
        completed: counts.get(id)?.completed ?? 0,
        here: counts.get(id)?.here ?? 0,
      }));
      return { type: 'roster', at, participants, lessons };
    },
  };
}
