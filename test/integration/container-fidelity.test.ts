/**
 * Container commands in the lab against the real docker CLI on the same engine. The lab's session runs
 * the table first and its containers and volumes are removed; then the real CLI runs the same lines,
 * as a learner with the engine to themselves. Only timestamps, generated IDs, the durations in
 * statuses and line ends are normalised (the lab is a terminal, where `\r\n` and `\n` show the same;
 * the real CLI writes to a pipe, and passes on the `\r\n` some daemon errors end with). Rows of
 * containers that are not the table's own are left out of the real CLI's listings (the engine is
 * shared: other containers may exist, or come and go meanwhile).
 *
 * The real side only ever creates, touches and removes the table's own `fid-*` containers and volumes
 * and the anonymous volumes those containers made; afterAll removes exactly these, even on failure.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { loadConfig, sandboxLimits } from '../../server/config.ts';
import { containerCases, LAB_IMAGES_LINE, labRefusals } from './container-fidelity-cases.ts';

interface Observed {
  output: string;
  exitCode: number;
}

/** What the CLI prints as a duration: `units.HumanDuration` from go-units. */
const DURATION = String.raw`(?:Less than a second|About a minute|About an hour|\d+ (?:second|minute|hour|day|week|month|year)s?)`;

function normalise(text: string): string {
  return (
    text
      .replace(/\r+\n/g, '\n')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, '<time>')
      .replace(/\b[0-9a-f]{64}\b/g, '<id>')
      .replace(/\b[0-9a-f]{12}\b/g, '<short-id>')
      // The daemon names the host's resolver in a failed lookup; the lab, which has none to name, does not.
      .replace(/(lookup \S+) on [\d.]+:\d+: no such host/g, '$1: no such host')
      .replace(new RegExp(`\\bUp ${DURATION}`, 'g'), 'Up <duration>')
      .replace(new RegExp(`\\b${DURATION} ago\\b`, 'g'), '<duration> ago')
  );
}

/** Column padding depends on cells whose width varies from run to run: compare words. */
function columns(text: string): string {
  return text.replace(/ {2,}/g, '  ').replace(/ +\n/g, '\n');
}

function runReal(line: string): Observed {
  const result = spawnSync('bash', ['-c', `exec 2>&1; ${line}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  return { output: result.stdout ?? '', exitCode: result.status ?? -1 };
}

/** The lab's images, as the lab under test is configured (LAB_IMAGES). */
const CATALOGUE = sandboxLimits(loadConfig({})).images;

/** The full image ID of each catalogue reference on the engine (without `sha256:`). */
function catalogueIds(): Map<string, string> {
  return new Map(
    CATALOGUE.map((reference) => [
      reference,
      runReal(`docker image inspect -f '{{.Id}}' ${reference}`)
        .output.trim()
        .replace(/^sha256:/, ''),
    ]),
  );
}

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

/** Full IDs and names of the engine's containers, all of them. */
function realContainers(): { id: string; name: string }[] {
  return runReal("docker ps -a --no-trunc --format '{{.ID}} {{.Names}}'")
    .output.split('\n')
    .filter(Boolean)
    .map((row) => {
      const [id = '', name = ''] = row.split(' ');
      return { id, name };
    });
}

function realVolumeNames(): Set<string> {
  return new Set(runReal('docker volume ls -q').output.split('\n').filter(Boolean));
}

/** The 64-hex names of the anonymous volumes a container mounts. */
function anonymousVolumesOf(container: string): string[] {
  return runReal(`docker inspect -f '{{range .Mounts}}{{.Name}} {{end}}' ${container}`)
    .output.split(/\s+/)
    .filter((name) => /^[0-9a-f]{64}$/.test(name));
}

describe('container fidelity with the real docker CLI', () => {
  let lab: LabFixture | undefined;
  const labSide: Observed[] = [];
  const labRefused: Observed[] = [];
  const realSide: Observed[] = [];
  let containersBefore = new Set<string>();
  let volumesBefore = new Set<string>();
  /** IDs (full and short) and names of the containers the real side made. */
  const ownWords = new Set<string>(ownNames);
  /** Containers and anonymous volumes the real side made, for afterAll. */
  const madeContainers = new Set<string>();
  const madeVolumes = new Set<string>();

  /** Notes the real side's own containers (by exact name) and their anonymous volumes. */
  function recordOwn(): void {
    for (const { id, name } of realContainers()) {
      if (!ownNames.has(name) || containersBefore.has(name)) continue;
      ownWords.add(id).add(id.slice(0, 12));
      madeContainers.add(id);
      for (const volume of anonymousVolumesOf(id)) if (!volumesBefore.has(volume)) madeVolumes.add(volume);
    }
  }

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

  /** Keeps the rows of a real listing that name one of the table's own containers. */
  function ownRows(output: string, header: boolean): string {
    const lines = output.split('\n');
    const last = lines.pop();
    const kept = lines.filter(
      (row, index) => (header && index === 0) || row.split(/[\s,"]+/).some((word) => ownWords.has(word)),
    );
    return [...kept, last].join('\n');
  }

  beforeAll(async () => {
    containersBefore = new Set(realContainers().map((c) => c.name));
    volumesBefore = realVolumeNames();
    const clashes = [...ownNames].filter((name) => containersBefore.has(name) || volumesBefore.has(name));
    if (clashes.length > 0) throw new Error(`the engine already has objects named ${clashes.join(', ')}`);

    const ids = catalogueIds();
    lab = await startLabFixture();
    try {
      // The CLI wraps help to the terminal's width, and to 80 columns when there is no terminal.
      const client = await lab.connect({ cols: 80 });
      for (const { line } of containerCases) labSide.push(await client.run(expand(line, ids)));
      for (const line of labRefusals) labRefused.push(await client.run(line));
    } finally {
      await lab.stop();
    }

    for (const { line, list, images, header } of containerCases) {
      const observed = runReal(expand(line, ids));
      recordOwn();
      let output = observed.output;
      if (list) output = ownRows(output, header ?? false);
      if (images) output = labImageRows(output, header ?? false, ids);
      realSide.push({ ...observed, output });
    }
  }, 600_000);

  afterAll(() => {
    // Only what the real CLI created from the table, never anything else on the engine.
    recordOwn();
    for (const id of madeContainers) runReal(`docker rm -f -v ${id} >/dev/null 2>&1`);
    const volumes = realVolumeNames();
    for (const name of [...ownNames, ...madeVolumes]) {
      if (volumes.has(name) && !volumesBefore.has(name)) runReal(`docker volume rm -f ${name}`);
    }
  }, 120_000);

  it('has at least 30 cases', () => {
    expect(containerCases.length).toBeGreaterThanOrEqual(30);
  });

  containerCases.forEach(({ line, columns: byWords, labHint }, index) => {
    it(line, () => {
      const lab = labSide[index];
      const real = realSide[index];
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
        const refused = labRefused[index];
        if (!refused) throw new Error('case did not run');
        expect(refused.output).toMatch(/^volume-lab: [^\n]+\n$/);
        expect(refused.exitCode).toBe(125);
      });
    });
  });
});
