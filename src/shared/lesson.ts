/**
 * A lesson's frontmatter: the prose lives in the MDX body, the steps and their checks here. Objects
 * are strict (strict-object.ts): an unknown key is an error naming it, never silently dropped.
 */
import { z } from 'zod';
import { checkSchema } from './checks.ts';
import { strictObject } from './strict-object.ts';

const slug = z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes');

export const stepSchema = strictObject({
  id: slug.describe('Stable id, unique within the lesson (progress is stored by it).'),
  title: z
    .string()
    .min(1)
    .describe("The step's title; the lesson body has a `## ` section with the same text."),
  check: checkSchema.describe('What the engine must show once the step is done.'),
  hint: z.string().min(1).describe('Shown when the learner asks for a hint.'),
  solution: z
    .array(z.string().min(1))
    .min(1)
    .describe('Command lines that complete the step, each runnable as printed.'),
  terminal: slug.optional().describe('The terminal the solution runs in, where a lesson has more than one.'),
});
export type Step = z.infer<typeof stepSchema>;

export const lessonSchema = strictObject({
  title: z.string().min(1),
  order: z.number().int().min(1).describe('Position in the course, 1..N without gaps.'),
  summary: z.string().min(1).describe('One sentence for the course index.'),
  minutes: z.number().int().min(1).max(120).describe('About how long the lesson takes.'),
  terminals: z
    .array(slug)
    .min(1)
    .default(['main'])
    .describe('Terminals the lesson shows, side by side; one named `main` when omitted.'),
  steps: z.array(stepSchema).min(1),
  next: z
    .array(strictObject({ title: z.string(), href: z.url() }))
    .min(1)
    .describe("What to read next in Docker's own documentation."),
  learned: z.string().min(1).describe('One line: what the learner can now do.'),
}).superRefine((lesson, context) => {
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
