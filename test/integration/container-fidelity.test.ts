/**
 * Container commands in the lab against the real docker CLI on the same engine, on each engine this
 * host runs (engines-under-test.ts), all at once. On each, the lab's session runs the table first and
 * its containers and volumes are removed; then the real CLI runs the same lines,
 * as a learner with the engine to themselves. Only timestamps, generated IDs, the durations in
 * statuses and line ends are normalised (the lab is a terminal, where `\r\n` and `\n` show the same;
 * the real CLI writes to a pipe, and passes on the `\r\n` some daemon errors end with). Rows of
 * containers that are not the table's own are left out of the real CLI's listings (the engine is
 * shared: other containers may exist, or come and go meanwhile).
 *
 * The real side only ever creates, touches and removes the table's own `fid-*` containers and volumes
 * and the anonymous volumes those containers made; afterAll removes exactly these, even on failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabFixture } from '../../harness/lab-fixture.ts';
import { loadConfig, sandboxLimits } from '../../server/config.ts';
import { containerCases, LAB_IMAGES_LINE, labRefusals } from './container-fidelity-cases.ts';
import { type EngineUnderTest, enginesUnderTest, type Observed, runCli } from './engines-under-test.ts';

/** What the CLI prints as a duration: `units.HumanDuration` from go-units. */
const DURATION = String.raw`(?:Less than a second|About a minute|About an hour|\d+ (?:second|minute|hour|day|week|month|year)s?)`;

function normalise(text: string): string {
  return (
    text
      .replace(/\r+\n/g, '\n')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, '<time>')
      .replace(/\b[0-9a-f]{64}\b/g, '<id>')
      .replace(/\b[0-9a-f]{12}\b/g, '<short-id>')
      // The daemon names the host's resolver in a failed lookup; the lab, which has none to name, does
      // not. Engine 2 runs in a network namespace with no route out: its resolver cannot be reached.
      .replace(
        /(lookup \S+) on [\d.]+:\d+: (?:no such host|dial udp [\d.]+:\d+: connect: network is unreachable)/g,
        '$1: no such host',
      )
      .replace(new RegExp(`\\bUp ${DURATION}`, 'g'), 'Up <duration>')
      .replace(new RegExp(`\\b${DURATION} ago\\b`, 'g'), '<duration> ago')
  );
}

/** Column padding depends on cells whose width varies from run to run: compare words. */
function columns(text: string): string {
  return text.replace(/ {2,}/g, '  ').replace(/ +\n/g, '\n');
}

/** The lab's images, as the lab under test is configured (LAB_IMAGES). */
const CATALOGUE = sandboxLimits(loadConfig({})).images;

/** A line with each `%ID:image%` replaced by the first 12 hex digits of that image's ID. */
function expand(line: string, ids: ReadonlyMap<string, string>): string {
  return line.replace(/%ID:([a-z]+)%/g, (_match, name: string) => {
    const id = ids.get(`${name}:latest`);
    if (!id) throw new Error(`no image ${name} on the engine: run npm run setup`);
    return id.slice(0, 12);
  });
}

/** The table's own object names: every `fid-*` word in it. */
const ownNames = new Set(
  containerCases.flatMap(({ line }) => line.split(/[\s:,=]+/)).filter((word) => /^fid-[\w.-]+$/.test(word)),
);

/** Keeps the rows of a real image listing that show one of the lab's images, and the header. */
function labImageRows(output: string, header: boolean, ids: ReadonlyMap<string, string>): string {
  const known = new Set([...ids.values()].flatMap((id) => [id, id.slice(0, 12), `sha256:${id}`]));
  const lines = output.split('\n');
  const last = lines.pop();
  const kept = lines.filter(
    (row, index) => (header && index === 0) || row.split(/\s+/).some((word) => known.has(word)),
  );
  return [...kept, last].join('\n');
}

/**
 * The real CLI on one engine, and what it made there: the table's containers (by exact name) and the
 * anonymous volumes they mount, so that cleaning up touches nothing else on the shared engine.
 */
class RealSide {
  containersBefore = new Set<string>();
  volumesBefore = new Set<string>();
  /** IDs (full and short) and names of the containers the real side made. */
  readonly ownWords = new Set<string>(ownNames);
  readonly madeContainers = new Set<string>();
  readonly madeVolumes = new Set<string>();

  readonly engine: EngineUnderTest;

  constructor(engine: EngineUnderTest) {
    this.engine = engine;
  }

  run(line: string): Promise<Observed> {
    return runCli(line, this.engine);
  }

  /** Full IDs and names of the engine's containers, all of them. */
  async containers(): Promise<{ id: string; name: string }[]> {
    return (await this.run("docker ps -a --no-trunc --format '{{.ID}} {{.Names}}'")).output
      .split('\n')
      .filter(Boolean)
      .map((row) => {
        const [id = '', name = ''] = row.split(' ');
        return { id, name };
      });
  }

  async volumeNames(): Promise<Set<string>> {
    return new Set((await this.run('docker volume ls -q')).output.split('\n').filter(Boolean));
  }

  /** The full image ID of each catalogue reference on the engine (without `sha256:`). */
  async catalogueIds(): Promise<Map<string, string>> {
    const ids = await Promise.all(
      CATALOGUE.map(async (reference) => {
        const inspected = await this.run(`docker image inspect -f '{{.Id}}' ${reference}`);
        return [reference, inspected.output.trim().replace(/^sha256:/, '')] as const;
      }),
    );
    return new Map(ids);
  }

  /** Notes the table's own containers (by exact name) and their anonymous volumes. */
  async recordOwn(): Promise<void> {
    for (const { id, name } of await this.containers()) {
      if (!ownNames.has(name) || this.containersBefore.has(name)) continue;
      this.ownWords.add(id).add(id.slice(0, 12));
      this.madeContainers.add(id);
      const mounts = await this.run(`docker inspect -f '{{range .Mounts}}{{.Name}} {{end}}' ${id}`);
      for (const volume of mounts.output.split(/\s+/)) {
        if (/^[0-9a-f]{64}$/.test(volume) && !this.volumesBefore.has(volume)) this.madeVolumes.add(volume);
      }
    }
  }

  /** Keeps the rows of a real listing that name one of the table's own containers or their volumes. */
  ownRows(output: string, header: boolean): string {
    const lines = output.split('\n');
    const last = lines.pop();
    const kept = lines.filter(
      (row, index) =>
        (header && index === 0) ||
        row.split(/[\s,"]+/).some((word) => this.ownWords.has(word) || this.madeVolumes.has(word)),
    );
    return [...kept, last].join('\n');
  }

  /** Removes exactly what the table made here, even after a failure. */
  async cleanUp(): Promise<void> {
    await this.recordOwn();
    for (const id of this.madeContainers) await this.run(`docker rm -f -v ${id} >/dev/null 2>&1`);
    const volumes = await this.volumeNames();
    for (const name of [...ownNames, ...this.madeVolumes]) {
      if (volumes.has(name) && !this.volumesBefore.has(name)) await this.run(`docker volume rm -f ${name}`);
    }
  }
}

interface Sides {
  lab: Observed[];
  labRefused: Observed[];
  real: Observed[];
}

/** Both sides of the table on one engine. */
async function runTable(real: RealSide): Promise<Sides> {
  real.containersBefore = new Set((await real.containers()).map((c) => c.name));
  real.volumesBefore = await real.volumeNames();
  const clashes = [...ownNames].filter(
    (name) => real.containersBefore.has(name) || real.volumesBefore.has(name),
  );
  if (clashes.length > 0) throw new Error(`the engine already has objects named ${clashes.join(', ')}`);

  const ids = await real.catalogueIds();
  const sides: Sides = { lab: [], labRefused: [], real: [] };
  const lab = await startLabFixture({ engine: real.engine.options });
  try {
    // The CLI wraps help to the terminal's width, and to 80 columns when there is no terminal.
    const client = await lab.connect({ cols: 80 });
    for (const { line } of containerCases) sides.lab.push(await client.run(expand(line, ids)));
    for (const line of labRefusals) sides.labRefused.push(await client.run(line));
  } finally {
    await lab.stop();
  }

  for (const { line, list, images, header } of containerCases) {
    const observed = await real.run(expand(line, ids));
    await real.recordOwn();
    let output = observed.output;
    if (list) output = real.ownRows(output, header ?? false);
    if (images) output = labImageRows(output, header ?? false, ids);
    sides.real.push({ ...observed, output });
  }
  return sides;
}

const { engines } = await enginesUnderTest();

describe('container fidelity with the real docker CLI', () => {
  const reals = engines.map((engine) => new RealSide(engine));
  const sides = new Map<EngineUnderTest, Sides>();

  beforeAll(async () => {
    await Promise.all(reals.map(async (real) => sides.set(real.engine, await runTable(real))));
  }, 600_000);

  afterAll(async () => {
    await Promise.all(reals.map((real) => real.cleanUp()));
  }, 120_000);

  it('has at least 30 cases', () => {
    expect(containerCases.length).toBeGreaterThanOrEqual(30);
  });

  describe.each(engines)('on $label', (engine) => {
    containerCases.forEach(({ line, columns: byWords, labHint }, index) => {
      it(line, () => {
        const lab = sides.get(engine)?.lab[index];
        const real = sides.get(engine)?.real[index];
        if (!lab || !real) throw new Error('case did not run');
        const same = byWords ? columns : (text: string) => text;
        let labOutput = lab.output.replace(/\r+\n/g, '\n');
        if (labHint) {
          // The lab's line follows the daemon's answer; it is the only line the CLI does not print.
          const lines = labOutput.split('\n');
          expect(lines.filter((text) => text.startsWith('volume-lab: '))).toEqual([LAB_IMAGES_LINE]);
          expect(lines[lines.indexOf(LAB_IMAGES_LINE) - 1]).toMatch(/^docker: Error response from daemon: /);
          labOutput = lines.filter((text) => text !== LAB_IMAGES_LINE).join('\n');
        }
        expect({ output: same(normalise(labOutput)), exitCode: lab.exitCode }).toEqual({
          output: same(normalise(real.output)),
          exitCode: real.exitCode,
        });
      });
    });

    describe('lines the lab refuses on purpose (not compared with the real CLI)', () => {
      labRefusals.forEach((line, index) => {
        it(line, () => {
          const refused = sides.get(engine)?.labRefused[index];
          if (!refused) throw new Error('case did not run');
          expect(refused.output).toMatch(/^volume-lab: [^\n]+\n$/);
          expect(refused.exitCode).toBe(125);
        });
      });
    });
  });
});
