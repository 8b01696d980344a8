/**
 * The lessons in src/content/lessons: their frontmatter matches the shared schema, their orders run
 * 1..N, every `sh` block holds commands the lab shell accepts (through the lab's own tokenizer,
 * grammar and run policy), solutions never wait for the keyboard, and every lesson ends with the
 * one-line summary and a "Read next" section that matches its `next` links.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { EngineInfo } from '../../server/cli/command-spec.ts';
import { lookupRoot } from '../../server/cli/docker-root.ts';
import { parseCommandArgs, parseGroupArgs } from '../../server/cli/parse-args.ts';
import { loadConfig, sandboxLimits } from '../../server/config.ts';
import { catalogueRunImage } from '../../server/policy/images.ts';
import { isRefusal } from '../../server/policy/refusal.ts';
import { planRun } from '../../server/policy/run-policy.ts';
import { createNamespace } from '../../server/sandbox/namespace.ts';
import { tokenize } from '../../server/shell/tokenize.ts';
import type { Check } from '../../src/shared/checks.ts';
import { type Lesson, lessonSchema } from '../../src/shared/lesson.ts';

const LESSONS_DIR = join(import.meta.dirname, '../../src/content/lessons');

interface ShBlock {
  /**
   * The terminal its Run button types into, as the page finds it: the `data-terminal` of an element
   * around the block (`<div data-terminal="right">`), else undefined for the lesson's first terminal.
   */
  terminal: string | undefined;
  commands: string[];
}

interface LessonFile {
  file: string;
  lesson: Lesson;
  body: string;
  blocks: ShBlock[];
  /** The body's `## ` headings, in order, outside code blocks. */
  headings: string[];
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/;
const FENCE = /^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;

/** The `data-terminal` of the innermost `<div data-terminal="…">` still open at the end of `before`. */
function enclosingTerminal(before: string): string | undefined {
  const open: (string | undefined)[] = [];
  for (const tag of before.matchAll(/<div(?:\s+data-terminal="([a-z0-9-]+)")?[^>]*>|<\/div>/g)) {
    if (tag[0] === '</div>') open.pop();
    else open.push(tag[1]);
  }
  return open.findLast((terminal) => terminal !== undefined);
}

function readLesson(file: string): LessonFile {
  const text = readFileSync(join(LESSONS_DIR, file), 'utf8');
  const match = FRONTMATTER.exec(text);
  if (!match) throw new Error(`${file}: no frontmatter`);
  const parsed = lessonSchema.safeParse(yaml.load(match[1] ?? ''));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${file}: invalid frontmatter\n  ${issues.join('\n  ')}`);
  }
  const body = match[2] ?? '';
  const blocks: ShBlock[] = [];
  for (const fence of body.matchAll(FENCE)) {
    const [lang = ''] = (fence[1] ?? '').trim().split(/\s+/);
    if (lang !== 'sh') continue;
    const commands = (fence[2] ?? '').split('\n').filter((line) => line.trim() !== '');
    blocks.push({ terminal: enclosingTerminal(body.slice(0, fence.index)), commands });
  }
  const prose = body.replace(FENCE, '');
  const headings = [...prose.matchAll(/^## (.+)$/gm)].map((heading) => (heading[1] ?? '').trim());
  return { file, lesson: parsed.data, body, blocks, headings };
}

const files = readdirSync(LESSONS_DIR)
  .filter((file) => file.endsWith('.mdx'))
  .sort();
const lessons = files.map(readLesson);

/** Both ends of the API versions the lab's CLI speaks: a command must parse against either engine. */
const ENGINES: EngineInfo[] = [{ apiVersion: '1.41' }, { apiVersion: '1.50' }];
const ns = createNamespace('lessontest00');
const limits = sandboxLimits(loadConfig({}));

/**
 * Runs a command line through what the lab shell does before it reaches the engine. Returns a reason
 * the lab would refuse it, or the parsed flags of the command it would run.
 */
function labCommand(line: string, engine: EngineInfo) {
  const tokens = tokenize(line);
  if (!tokens.ok) return { refused: tokens.reason };
  const [program, first = '', ...rest] = tokens.words;
  if (program !== 'docker') return { refused: `not a docker command: ${program}` };
  const entry = lookupRoot(first);
  if (!entry) return { refused: `docker ${first} is not available in the lab` };
  const outcome =
    entry.kind === 'group'
      ? parseGroupArgs(entry.group, rest, { engine })
      : parseCommandArgs(entry.command, rest, { engine });
  if (outcome.kind === 'exit') return { refused: outcome.stderr || outcome.stdout };
  const { command, flags, args } = outcome;
  if (command.name === 'run') {
    const [image = '', ...rest] = args;
    const volumesFrom = new Map(
      flags.stringArray('volumes-from').map((ref) => [ref.split(':')[0] ?? '', 'f'.repeat(64)]),
    );
    const plan = planRun({
      flags,
      image: catalogueRunImage(image, limits),
      command: rest,
      ns,
      engine: { apiVersion: '1.41' },
      limits,
      volumesFrom,
    });
    if (isRefusal(plan)) return { refused: plan.message };
  }
  return { command, flags };
}

/** Why a solution line would wait for the learner (the tests replay solutions without a keyboard). */
function waitsForInput(line: string): string | undefined {
  const parsed = labCommand(line, ENGINES[0] as EngineInfo);
  if (!('command' in parsed) || !parsed.command || !parsed.flags) return undefined;
  const { command, flags } = parsed;
  const has = (name: string) => command.flags.some((flag) => flag.name === name) && flags.bool(name);
  if (has('interactive') || has('tty')) return 'attaches a terminal (-i/-t)';
  if (command.name === 'logs' && has('follow')) return 'follows logs forever (-f)';
  if (command.name === 'prune' && !has('force')) return 'asks for confirmation (add -f)';
  return undefined;
}

/** Every engine name a check refers to. */
function checkNames(check: Check): string[] {
  switch (check.kind) {
    case 'volume-exists':
    case 'volume-absent':
    case 'container-absent':
      return [check.name];
    case 'container-exists':
      return [check.name, check.mount?.volume].filter((name): name is string => name !== undefined);
    case 'file-in-volume':
    case 'volume-mounted-by':
      return [check.volume];
    case 'container-volumes-from':
      return [check.container, check.from].filter((name): name is string => name !== undefined);
    case 'volume-count':
      return [];
  }
}

describe('lessons', () => {
  it('has at least ten lessons, ordered 1..N without gaps or repeats', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(10);
    const orders = lessons.map(({ lesson }) => lesson.order).sort((a, b) => a - b);
    expect(orders).toEqual(lessons.map((_, index) => index + 1));
  });

  it('keeps each lesson to its own volume and container names', () => {
    const owner = new Map<string, string>();
    for (const { file, lesson } of lessons) {
      for (const name of new Set(lesson.steps.flatMap((step) => checkNames(step.check)))) {
        expect(owner.get(name) ?? file, `${name} is used by ${owner.get(name)} and ${file}`).toBe(file);
        owner.set(name, file);
      }
    }
  });

  describe.each(lessons)('$file', ({ file, lesson, body, blocks, headings }) => {
    it('has 2 to 5 steps', () => {
      expect(lesson.steps.length).toBeGreaterThanOrEqual(2);
      expect(lesson.steps.length).toBeLessThanOrEqual(5);
    });

    it('prints every sh command as a line the lab accepts', () => {
      for (const { commands } of blocks) {
        for (const line of commands) {
          expect(line.startsWith('docker '), `${file}: ${line}`).toBe(true);
          for (const engine of ENGINES) {
            const parsed = labCommand(line, engine);
            expect('refused' in parsed ? parsed.refused : undefined, `${file}: ${line}`).toBeUndefined();
          }
        }
      }
    });

    it('gives every step a solution the lab accepts and that needs no keyboard', () => {
      for (const step of lesson.steps) {
        for (const line of step.solution) {
          expect(line.startsWith('docker '), `${file} ${step.id}: ${line}`).toBe(true);
          expect(line, `${file} ${step.id}: solutions must not use -it`).not.toMatch(/\s-(it|ti)\b/);
          for (const engine of ENGINES) {
            const parsed = labCommand(line, engine);
            expect('refused' in parsed ? parsed.refused : undefined, `${file}: ${line}`).toBeUndefined();
          }
          expect(waitsForInput(line), `${file} ${step.id}: ${line}`).toBeUndefined();
        }
      }
    });

    it("sends every sh block to one of its terminals, and each solution line to its step's", () => {
      const first = lesson.terminals[0];
      for (const block of blocks) expect(lesson.terminals).toContain(block.terminal ?? first);
      // Where the body prints a solution line, it prints it in a block that targets the step's terminal.
      for (const step of lesson.steps) {
        const terminal = step.terminal ?? first;
        for (const line of step.solution) {
          const shownIn = blocks
            .filter((block) => block.commands.includes(line))
            .map((b) => b.terminal ?? first);
          if (shownIn.length > 0) expect(shownIn, `${file} ${step.id}: ${line}`).toContain(terminal);
        }
      }
    });

    it('has a section for every step, in order', () => {
      const positions = lesson.steps.map((step) => headings.indexOf(step.title));
      expect(
        positions.every((position) => position >= 0),
        `${file}: ${headings.join(' | ')}`,
      ).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    });

    it('shows the one-line summary and ends with "Read next" linking the next pages', () => {
      expect(body).toContain(lesson.learned);
      expect(headings.at(-1)).toBe('Read next');
      const readNext = body.slice(body.lastIndexOf('## Read next'));
      for (const link of lesson.next) {
        expect(link.href).toMatch(/^https:\/\/docs\.docker\.com\//);
        expect(readNext).toContain(`[${link.title}](${link.href})`);
      }
    });

    it.runIf(/challenge/i.test(lesson.title))('states goals only, with no commands to copy', () => {
      expect(blocks).toEqual([]);
    });
  });
});
