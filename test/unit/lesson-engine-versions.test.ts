/**
 * Where a newer Docker Engine changes what a lesson teaches, the lab follows the engine it runs on, so
 * the lesson must say both behaviours: a lesson that uses one of the commands below names the engine
 * version where it changed, in a sentence of its own. Each rule is the version the behaviour changed in,
 * as the engines here show it (20.10 and 26.1, test/integration/fidelity.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const LESSONS = join(import.meta.dirname, '../../src/content/lessons');

interface EngineChange {
  what: string;
  /** A use of the command whose behaviour depends on the engine. */
  uses: RegExp;
  /** The sentence that says both behaviours names this engine version. */
  says: RegExp;
}

const ENGINE_CHANGES: EngineChange[] = [
  {
    what: 'docker volume prune without --all removes only anonymous volumes from Engine 23 (API 1.42), named ones too before',
    uses: /docker volume prune(?![^\n`"]*(?:-a\b|--all|--filter))/,
    says: /Docker Engine (?:older than|before) 23\b[^\n]*named/,
  },
  {
    what: '--mount volume-subpath= mounts a directory of the volume from Engine 26 (API 1.45); older engines ignore it',
    uses: /volume-subpath=/,
    says: /Docker Engine (?:older than|before) 26\b/,
  },
];

const lessons = readdirSync(LESSONS)
  .filter((file) => file.endsWith('.mdx'))
  .map((file) => ({ file, text: readFileSync(join(LESSONS, file), 'utf8') }));

describe('lessons say which engine behaviour they teach', () => {
  it('finds a lesson for the prune rule (the rule is not dead)', () => {
    expect(lessons.some(({ text }) => ENGINE_CHANGES[0]?.uses.test(text))).toBe(true);
  });

  for (const change of ENGINE_CHANGES) {
    const using = lessons.filter(({ text }) => change.uses.test(text));
    it.each(using.map(({ file, text }) => [file, text] as const))(`%s: ${change.what}`, (_file, text) => {
      expect(text).toMatch(change.says);
    });
  }
});
