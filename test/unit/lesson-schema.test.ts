/**
 * The lesson and check schemas are strict: a misspelt key fails with a message naming it (and, through
 * the server's loader, the file), where it used to be dropped and silently weaken a check. The JSON
 * Schema editors read is generated from them and must not go stale.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { LESSON_SCHEMA_FILE, lessonJsonSchema } from '../../scripts/lesson-schema.ts';
import { loadLessons, parseLesson } from '../../server/lessons/lesson-store.ts';
import { checkSchema } from '../../src/shared/checks.ts';

const frontmatter = {
  title: 'A lesson',
  order: 1,
  summary: 'One sentence.',
  minutes: 5,
  steps: [
    {
      id: 'mount',
      title: 'Mount it read-only',
      check: {
        kind: 'container-exists',
        name: 'app',
        mount: { volume: 'data', target: '/data', readOnly: true },
      },
      hint: 'Add :ro.',
      solution: ['docker run --name app -v data:/data:ro busybox true'],
    },
  ],
  next: [{ title: 'Volumes', href: 'https://docs.docker.com/engine/storage/volumes/' }],
  learned: 'Mount read-only.',
};

type Frontmatter = typeof frontmatter & Record<string, unknown>;

const asFile = (data: unknown) => `---\n${yaml.dump(data)}---\n\nBody.\n`;

/** A lesson file whose frontmatter is a copy of the above with `change` applied. */
function edited(change: (data: Frontmatter) => void): string {
  const copy: Frontmatter = structuredClone(frontmatter);
  change(copy);
  return asFile(copy);
}

describe('strict lesson frontmatter', () => {
  it('accepts the frontmatter as written', () => {
    expect(parseLesson('ok.mdx', asFile(frontmatter)).steps[0]?.check).toMatchObject({
      kind: 'container-exists',
    });
  });

  it.each([
    [
      'a check',
      (data: Frontmatter) => {
        Object.assign(data.steps[0]?.check.mount ?? {}, { readonly: true });
      },
      'steps.0.check.mount: unknown key "readonly"',
    ],
    [
      'a check kind',
      (data: Frontmatter) => {
        Object.assign(data.steps[0]?.check ?? {}, { runing: true });
      },
      'steps.0.check: unknown key "runing"',
    ],
    [
      'a step',
      (data: Frontmatter) => {
        Object.assign(data.steps[0] ?? {}, { hints: ['more'] });
      },
      'steps.0: unknown key "hints"',
    ],
    [
      'a next link',
      (data: Frontmatter) => {
        Object.assign(data.next[0] ?? {}, { url: 'https://docs.docker.com/' });
      },
      'next.0: unknown key "url"',
    ],
    [
      'the frontmatter',
      (data: Frontmatter) => {
        data.level = 2;
      },
      'unknown key "level" (allowed: title, order, summary, minutes, terminals, steps, next, learned)',
    ],
  ])('rejects an unknown key in %s, naming the file and the key', (_where, change, message) => {
    expect(() => parseLesson('11-bad.mdx', edited(change))).toThrow(`11-bad.mdx: ${message}`);
  });

  it('names every unknown key of a check and the keys it knows', () => {
    const result = checkSchema.safeParse({ kind: 'volume-absent', name: 'old', forced: true, why: 'x' });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'unknown keys "forced", "why" (allowed: kind, name)',
    ]);
  });

  it('still reads all thirteen lessons of the course through the server loader', async () => {
    const lessons = await loadLessons(join(import.meta.dirname, '../../src/content/lessons'));
    expect(lessons.size).toBe(13);
  });
});

describe('src/content/lesson.schema.json', () => {
  it('is what scripts/lesson-schema.ts writes today (run `node scripts/lesson-schema.ts` if not)', () => {
    expect(JSON.parse(readFileSync(LESSON_SCHEMA_FILE, 'utf8'))).toEqual(lessonJsonSchema());
  });

  it('refuses unknown keys in every object with known keys, so editors flag them too', () => {
    const objects: Record<string, unknown>[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (typeof node === 'object' && node !== null) {
        const record = node as Record<string, unknown>;
        if ('properties' in record) objects.push(record);
        Object.values(record).forEach(walk);
      }
    };
    walk(lessonJsonSchema());
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) expect(object.additionalProperties).toBe(false);
  });
});
