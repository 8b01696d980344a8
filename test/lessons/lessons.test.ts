/**
 * `npm run test:lessons`: every lesson replayed in a fresh sandbox on the real engine. For each step
 * in order, its check must fail before its solution runs and pass after, so a broken lesson (or one
 * whose step passes by accident) cannot ship. After every step, the session's picture kept from the
 * engine's events must say what a full listing of the engine says.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../harness/lab-client.ts';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { loadLessons } from '../../server/lessons/lesson-store.ts';
import { sessionIdFromToken } from '../../server/sandbox/namespace.ts';
import { pictureAgainstListing } from '../integration/picture-agreement.ts';

const lessons = await loadLessons(join(import.meta.dirname, '..', '..', 'src', 'content', 'lessons'));

describe.each([...lessons.entries()])('lesson %s', (id, lesson) => {
  let lab: LabFixture;
  const terminals = new Map<string, LabClient>();

  beforeAll(async () => {
    lab = await startLabFixture();
    const first = await lab.connect();
    terminals.set(lesson.terminals[0] ?? 'main', first);
    for (const name of lesson.terminals.slice(1))
      terminals.set(name, await lab.connect({ session: first.session }));
  });
  afterAll(async () => {
    const main = terminals.get(lesson.terminals[0] ?? 'main');
    const state = main && (await lab.lab.manager.engineState(sessionIdFromToken(main.session)));
    // How often the picture had to wait for events, or gave up and listed: the barrier's record.
    if (state) console.log(`picture after ${id}: ${JSON.stringify(state.stats)}`);
    await lab.stop();
  });

  it('has steps whose checks pass only once their solutions ran', async () => {
    const main = terminals.get(lesson.terminals[0] ?? 'main');
    if (!main) throw new Error('no terminal');
    for (const step of lesson.steps) {
      const before = (await main.checks(id)).find((result) => result.step === step.id);
      expect(before, `${step.id} before its solution`).toMatchObject({ ok: false });
      const terminal = terminals.get(step.terminal ?? lesson.terminals[0] ?? 'main') ?? main;
      for (const line of step.solution) {
        const result = await terminal.run(line);
        expect(result.exitCode, `${step.id}: ${line}\n${result.output}`).toBe(0);
      }
      const after = (await main.checks(id)).find((result) => result.step === step.id);
      expect(after, `${step.id} after its solution`).toMatchObject({ ok: true });
      const agreement = await pictureAgainstListing(lab, sessionIdFromToken(main.session));
      expect(agreement.picture, `the picture after ${step.id}`).toEqual(agreement.listing);
    }
  });
});
