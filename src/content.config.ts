/**
 * Content collections. `lessons` are the course's MDX lessons: their frontmatter is validated with the
 * shared `lessonSchema`, so the page, the server and the build all read the same shape, and a broken
 * lesson fails `astro build` with the file and the field. The schema is strict, so a misspelt key
 * fails it too rather than being dropped.
 */

import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './shared/lesson.ts';

const lessons = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './src/content/lessons' }),
  schema: lessonSchema,
});

export const collections = { lessons };
