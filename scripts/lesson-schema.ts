/**
 * Writes the lesson frontmatter schema as JSON Schema to src/content/lesson.schema.json, for editors
 * to complete and check frontmatter with (docs/authoring.md says how). The zod schemas in src/shared
 * stay the source of truth: run `node scripts/lesson-schema.ts` after changing them, and
 * test/unit/lesson-schema.test.ts fails while the committed file is stale.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { lessonSchema } from '../src/shared/lesson.ts';

export const LESSON_SCHEMA_FILE = fileURLToPath(
  new URL('../src/content/lesson.schema.json', import.meta.url),
);

/** The schema of what an author writes (`io: 'input'`: fields with defaults are optional). */
export function lessonJsonSchema(): Record<string, unknown> {
  // Draft 7 is the newest draft the common YAML language servers fully understand.
  const { $schema, ...schema } = z.toJSONSchema(lessonSchema, { io: 'input', target: 'draft-7' });
  return { $schema, title: 'Volume Lab lesson frontmatter', ...schema };
}

if (import.meta.main) {
  writeFileSync(LESSON_SCHEMA_FILE, `${JSON.stringify(lessonJsonSchema(), null, 2)}\n`);
  // In the repository's own format, so `npm run lint` stays clean without a manual `npm run format`.
  execFileSync('npx', ['biome', 'format', '--write', LESSON_SCHEMA_FILE], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  console.log(`wrote ${LESSON_SCHEMA_FILE}`);
}
