/** A lesson written for a test: one step per check, named by its key, in the order given. */
import type { CheckInput } from '../../src/shared/checks.ts';
import { type Lesson, lessonSchema } from '../../src/shared/lesson.ts';

export function testLesson(steps: Record<string, CheckInput>, title = 'A lesson written for a test'): Lesson {
  return lessonSchema.parse({
    title,
    order: 1,
    summary: 'A lesson written for this test.',
    minutes: 1,
    steps: Object.entries(steps).map(([id, check]) => ({
      id,
      title: id,
      check,
      hint: 'hint',
      solution: ['true'],
    })),
    next: [{ title: 'Volumes', href: 'https://docs.docker.com/engine/storage/volumes/' }],
    learned: 'Nothing.',
  });
}
