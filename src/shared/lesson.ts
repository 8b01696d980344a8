/** A lesson's frontmatter: the prose lives in the MDX body, the steps and their checks here. */
import { z } from 'zod';
import { checkSchema } from './checks.ts';

export const stepSchema = z.object({
  /** Stable id, unique within the lesson (progress is stored by it). */
  id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
  title: z.string().min(1),
  check: checkSchema,
  hint: z.string().min(1),
  /** Command lines that complete the step, each runnable as printed. */
  solution: z.array(z.string().min(1)).min(1),
  /** The terminal the solution runs in, where a lesson has more than one. */
  terminal: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
});
export type Step = z.infer<typeof stepSchema>;

export const lessonSchema = z
  .object({
    title: z.string().min(1),
    order: z.number().int().min(1),
    summary: z.string().min(1),
    minutes: z.number().int().min(1).max(120),
    /** Terminals the lesson shows, side by side; one named `main` when omitted. */
    terminals: z
      .array(z.string().regex(/^[a-z0-9-]+$/))
      .min(1)
      .default(['main']),
    steps: z.array(stepSchema).min(1),
    /** What to read next in Docker's own documentation. */
    next: z.array(z.object({ title: z.string(), href: z.url() })).min(1),
    /** One line: what the learner can now do. */
    learned: z.string().min(1),
  })
  .superRefine((lesson, context) => {
    const ids = new Set<string>();
    lesson.steps.forEach((step, index) => {
      if (ids.has(step.id)) {
        context.addIssue({
          code: 'custom',
          path: ['steps', index, 'id'],
          message: `duplicate step id ${step.id}`,
        });
      }
      ids.add(step.id);
      if (step.terminal && !lesson.terminals.includes(step.terminal)) {
        context.addIssue({
          code: 'custom',
          path: ['steps', index, 'terminal'],
          message: `terminal ${step.terminal} is not in the lesson's terminals`,
        });
      }
    });
  });
export type Lesson = z.infer<typeof lessonSchema>;
