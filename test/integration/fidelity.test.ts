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
import { compareApiVersions } from '../../server/cli/command-spec.ts';
import { type EngineUnderTest, enginesUnderTest, type Observed, runCli } from './engines-under-test.ts';
import { volumeCases } from './fidelity-cases.ts';

/** Column padding depends on every row, dropped ones too; where rows were dropped, compare words. */
function columns(text: string): string {
  return text.replace(/ {2,}/g, '  ').replace(/ +\n/g, '\n');
}

function normalise(text: string): string {
  return sortedDeletions(text)
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

/**
 * The engine's prune returns what it deleted in the order it walked its volumes, a Go map's, so the
 * CLI prints them in an order that changes from run to run (on 20.10 and 26.1 alike): compare the
 * names, sorted.
 */
function sortedDeletions(text: string): string {
  return text.replace(/(Deleted Volumes:\n)((?:.+\n)+)/, (_match, head: string, names: string) => {
    return (
      head +
      names
        .split('\n')
        .filter(Boolean)
        .sort()
        .map((name) => `${name}\n`)
        .join('')
    );
  });
}

/**
 * The real CLI's prune removes every unused volume on the engine it is sent to, not only the table's:
 * before one goes out that would remove more than the table's (from API 1.42 with `-a`, before it any), make sure the
 * engine has no unused volume but the table's own, and stop rather than remove another test's.
 */
async function assertPruneConfined(line: string, engine: EngineUnderTest): Promise<void> {
  if (!/^docker volume prune\b/.test(line) || / (-h|--help)\b/.test(line)) return;
  if (/ (-a|--all)\b/.test(line) && compareApiVersions(engine.apiVersion, '1.42') < 0) return;
  // A label filter confines it; a key prune does not take is refused by the daemon before it removes.
  const keys = [...line.matchAll(/--filter (\S+?)=/g)].map(([, key]) => key ?? '');
  if (keys.some((key) => key === 'label' || !['label!', 'until'].includes(key))) return;
  const unused = (await runCli('docker volume ls -q -f dangling=true', engine)).output
    .split('\n')
    .filter(Boolean);
  const foreign = unused.filter((name) => !ownVolumes.has(name));
  if (foreign.length > 0) {
    throw new Error(
      `${line} on ${engine.label} would remove volumes that are not the table's: ${foreign.join(', ')}`,
    );
  }
}

interface Sides {
  lab: Observed[];
  real: (Observed & { droppedRows: boolean })[];
}

/** Both sides of the table on one engine; `before` is filled first, for cleaning up even after a failure. */
async function runTable(engine: EngineUnderTest, before: Set<string>): Promise<Sides> {
  for (const name of await realVolumeNames(engine)) before.add(name);
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
    await assertPruneConfined(line, engine);
    const observed = await runCli(line, engine);
    const output = LISTING.test(line) && observed.exitCode === 0 ? ownRows(observed.output) : observed.output;
    realSide.push({ ...observed, output, droppedRows: output !== observed.output });
  }
  return { lab: labSide, real: realSide };
}

const { engines } = await enginesUnderTest();

describe('fidelity with the real docker CLI', () => {
  const sides = new Map<EngineUnderTest, Sides>();
  const volumesBefore = new Map<EngineUnderTest, Set<string>>();

  beforeAll(async () => {
    await Promise.all(
      engines.map(async (engine) => {
        const before = new Set<string>();
        volumesBefore.set(engine, before);
        sides.set(engine, await runTable(engine, before));
      }),
    );
  }, 300_000);

  afterAll(async () => {
    // Only what the real CLI created from the table, never anything else on the engine.
    for (const engine of engines) {
      const before = volumesBefore.get(engine);
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
