/**
 * The lab against the real docker CLI on the same engine. The lab's session runs the table first and
 * its volumes are removed; then the real CLI runs the same lines, as a learner with the engine to
 * themselves. Only timestamps and generated IDs are normalised; rows for volumes that were on the
 * engine before the test are left out of the real CLI's listings.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { volumeCases } from './fidelity-cases.ts';

interface Observed {
  output: string;
  exitCode: number;
  /** Rows for volumes that were on the engine before were dropped: table columns may be narrower. */
  droppedRows?: boolean;
}

/** Column padding depends on every row, dropped ones too; where rows were dropped, compare words. */
function columns(text: string): string {
  return text.replace(/ {2,}/g, '  ').replace(/ +\n/g, '\n');
}

function normalise(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/\b[0-9a-f]{64}\b/g, '<id>');
}

function runReal(line: string): Observed {
  const result = spawnSync('bash', ['-c', `exec 2>&1; ${line}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { output: result.stdout, exitCode: result.status ?? -1 };
}

function realVolumeNames(): Set<string> {
  return new Set(runReal('docker volume ls -q').output.split('\n').filter(Boolean));
}

/** Drops listing rows that name volumes which were on the engine before the test started. */
function withoutForeignRows(output: string, foreign: Set<string>): string {
  const lines = output.split('\n');
  return lines.filter((line) => !line.split(/\s+|"/).some((word) => foreign.has(word))).join('\n');
}

describe('fidelity with the real docker CLI', () => {
  let lab: LabFixture;
  const labSide: Observed[] = [];
  const realSide: Observed[] = [];
  let before = new Set<string>();
  const tableWords = new Set(volumeCases.flatMap((c) => c.line.split(/\s+/)));

  beforeAll(async () => {
    before = realVolumeNames();
    const clashes = [...tableWords].filter((name) => before.has(name));
    if (clashes.length > 0) throw new Error(`the engine already has volumes named ${clashes.join(', ')}`);

    lab = await startLabFixture();
    // The CLI wraps help to the terminal's width, and to 80 columns when there is no terminal.
    const client = await lab.connect({ cols: 80 });
    for (const { line } of volumeCases) labSide.push(await client.run(line));
    await lab.stop();

    for (const { line } of volumeCases) {
      const observed = runReal(line);
      const output = withoutForeignRows(observed.output, before);
      realSide.push({ ...observed, output, droppedRows: output !== observed.output });
    }
  }, 300_000);

  afterAll(() => {
    // Only what the real CLI created from the table, never anything else on the engine.
    for (const name of realVolumeNames()) {
      if (tableWords.has(name) && !before.has(name)) runReal(`docker volume rm -f ${name}`);
    }
  });

  it('has at least 25 cases', () => {
    expect(volumeCases.length).toBeGreaterThanOrEqual(25);
  });

  volumeCases.forEach(({ line, labHint }, index) => {
    it(line, () => {
      const lab = labSide[index];
      const real = realSide[index];
      if (!lab || !real) throw new Error('case did not run');
      let labOutput = normalise(lab.output);
      if (labHint) {
        const lines = labOutput.trimEnd().split('\n');
        expect(lines.at(-1)).toMatch(/^volume-lab: /);
        labOutput = `${lines.slice(0, -1).join('\n')}\n`;
      }
      const realOutput = normalise(real.output);
      const same = real.droppedRows ? columns : (text: string) => text;
      expect({ output: same(labOutput), exitCode: lab.exitCode }).toEqual({
        output: same(realOutput),
        exitCode: real.exitCode,
      });
    });
  });
});
