/**
 * docs/authoring.md cannot rot: every example in it is parsed with the real schemas (`yaml check`
 * blocks as checks, `yaml step` blocks as steps, `mdx` blocks as whole lesson files through the
 * server's loader), and the guide shows every check kind there is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../server/lessons/lesson-store.ts';
import { checkSchema } from '../../src/shared/checks.ts';
import { stepSchema } from '../../src/shared/lesson.ts';

const GUIDE = join(import.meta.dirname, '../../docs/authoring.md');
/** A fenced block at the start of a line, closed by a fence as long as its opening one. */
const FENCE = /^(`{3,})([^`\n]*)\n([\s\S]*?)^\1[ \t]*$/gm;

const blocks = [...readFileSync(GUIDE, 'utf8').matchAll(FENCE)].map((fence, index) => ({
  index,
  info: (fence[2] ?? '').trim(),
  text: fence[3] ?? '',
}));
const examples = blocks.filter(({ info }) => /^(yaml|mdx)\b/.test(info));

function issues(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('docs/authoring.md', () => {
  it('has examples of every kind it promises', () => {
    expect(examples.map(({ info }) => info)).toEqual(
      expect.arrayContaining(['mdx', 'yaml step', 'yaml check']),
    );
  });

  it.each(examples)('block $index ($info) is valid against the schema', ({ info, text }) => {
    if (info === 'mdx') {
      expect(() => parseLesson('docs/authoring.md', text)).not.toThrow();
      return;
    }
    const schema = { 'yaml check': checkSchema, 'yaml step': stepSchema }[info];
    expect(schema, `${info}: tag yaml examples "yaml check" or "yaml step"`).toBeDefined();
    expect(issues(schema?.safeParse(yaml.load(text)) ?? { success: false }), text).toEqual([]);
  });

  it('shows every check kind there is', () => {
    const shown = new Set(
      examples
        .filter(({ info }) => info === 'yaml check')
        .map(({ text }) => checkSchema.parse(yaml.load(text)).kind),
    );
    expect([...shown].sort()).toEqual(checkSchema.options.map((option) => option.shape.kind.value).sort());
  });
});
