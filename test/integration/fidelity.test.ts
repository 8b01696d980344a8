/**
 * The lab against the real docker CLI on the same engine, on each engine this host runs
 * (engines-under-test.ts). On each, the lab's session runs the table first and its volumes are
 * removed; then the real CLI runs the same lines, as a learner with the engine to themselves. The
 * engines are compared at the same time, each on its own. Only timestamps and generated IDs are
 * normalised; rows for volumes that are not the table's own are left out of the real CLI's listings
 * (the engine is shared: other volumes may exist, or come and go meanwhile).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabFixture } from '../../harness/lab-fixture.ts';
import { type EngineUnderTest, enginesUnderTest, type Observed, runCli } from './engines-under-test.ts';
import { volumeCases } from './fidelity-cases.ts';

/** Column padding depends on every row, dropped ones too; where rows were dropped, compare words. */
function columns(text: string): string {
  return text.replace(/ {2,}/g, '  ').replace(/ +\n/g, '\n');
}

function normalise(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/\b[0-9a-f]{64}\b/g, '<id>');
}

async function realVolumeNames(engine: EngineUnderTest): Promise<Set<string>> {
  return new Set((await runCli('docker volume ls -q', engine)).output.split('\n').filter(Boolean));
}

/** The volumes the table makes: the last word of its `volume create` lines. */
const ownVolumes = new Set(
  volumeCases.flatMap(({ line }) =>
    /^docker volume create\b/.test(line) ? line.split(/\s+/).slice(-1) : [],
  ),
);

/** A listing that runs (not its help). */
const LISTING = /^docker volume (ls|list)\b(?!.* --help\b)/;

/** Keeps the header and the rows of a listing that name one of the table's own volumes. */
function ownRows(output: string): string {
  const lines = output.split('\n');
  const last = lines.pop();
  const kept = lines.filter(
    (row, index) =>
      (index === 0 && /^[A-Z][A-Z ]*$/.test(row)) || row.split(/\s+|"/).some((word) => ownVolumes.has(word)),
  );
  return [...kept, last].join('\n');
}

interface Sides {
  lab: Observed[];
  real: (Observed & { droppedRows: boolean })[];
  before: Set<string>;
}

/** Both sides of the table on one engine. */
async function runTable(engine: EngineUnderTest): Promise<Sides> {
  const before = await realVolumeNames(engine);
  const clashes = [...ownVolumes].filter((name) => before.has(name));
  if (clashes.length > 0) throw new Error(`the engine already has volumes named ${clashes.join(', ')}`);

  const lab = await startLabFixture({ engine: engine.options });
  const labSide: Observed[] = [];
  try {
    // The CLI wraps help to the terminal's width, and to 80 columns when there is no terminal.
    const client = await lab.connect({ cols: 80 });
    for (const { line } of volumeCases) labSide.push(await client.run(line));
  } finally {
    await lab.stop();
  }

  const realSide: Sides['real'] = [];
  for (const { line } of volumeCases) {
    const observed = await runCli(line, engine);
    const output = LISTING.test(line) && observed.exitCode === 0 ? ownRows(observed.output) : observed.output;
    realSide.push({ ...observed, output, droppedRows: output !== observed.output });
  }
  return { lab: labSide, real: realSide, before };
}

const { engines } = await enginesUnderTest();

describe('fidelity with the real docker CLI', () => {
  const sides = new Map<EngineUnderTest, Sides>();

  beforeAll(async () => {
    await Promise.all(engines.map(async (engine) => sides.set(engine, await runTable(engine))));
  }, 300_000);

  afterAll(async () => {
    // Only what the real CLI created from the table, never anything else on the engine.
    for (const engine of engines) {
      const before = sides.get(engine)?.before;
      if (!before) continue;
      for (const name of await realVolumeNames(engine)) {
        if (ownVolumes.has(name) && !before.has(name)) await runCli(`docker volume rm -f ${name}`, engine);
      }
    }
  });

  it('has at least 25 cases', () => {
    expect(volumeCases.length).toBeGreaterThanOrEqual(25);
  });

  describe.each(engines)('on $label', (engine) => {
    volumeCases.forEach(({ line, labHint }, index) => {
      it(line, () => {
        const lab = sides.get(engine)?.lab[index];
        const real = sides.get(engine)?.real[index];
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
});
