/**
 * The lessons as the server needs them: their steps and checks, read from the same MDX frontmatter
 * the site is built from and validated with the same schema.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { load } from 'js-yaml';
import { type Lesson, lessonSchema } from '../../src/shared/lesson.ts';

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;

/**
 * Parses one lesson file; errors name the file and the field, as the site build does. An unknown key
 * is an error too (`steps.0.check.mount: Unrecognized key: "readonly"`), so a typo cannot weaken a check.
 */
export function parseLesson(file: string, text: string): Lesson {
  const match = FRONTMATTER.exec(text);
  if (!match) throw new Error(`${file}: no frontmatter`);
  const result = lessonSchema.safeParse(load(match[1] ?? ''));
  if (!result.success) {
    const problems = result.error.issues.map((issue) =>
      issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`${file}: ${problems.join('; ')}`);
  }
  return result.data;
}

/** Lessons by id (the file name without `.mdx`, as Astro's glob loader names entries). */
export async function loadLessons(directory: string): Promise<Map<string, Lesson>> {
  const lessons = new Map<string, Lesson>();
  const files = (await readdir(directory).catch(() => [])).filter((file) => file.endsWith('.mdx')).sort();
  for (const file of files) {
    lessons.set(basename(file, '.mdx'), parseLesson(file, await readFile(join(directory, file), 'utf8')));
  }
  return lessons;
}
