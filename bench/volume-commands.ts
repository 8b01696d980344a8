/**
 * `npm run bench`: what a volume command costs typed in the lab, against the same call straight
 * through dockerode and the docker CLI as a process, on the real engine; and what `docker run --rm
 * IMAGE true` costs for each image of the catalogue, in the lab and through the CLI. Not a test: it
 * prints numbers.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { LabClient } from '../harness/lab-client.ts';
import { startLabFixture } from '../harness/lab-fixture.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 60);
/** A container start is ~100 times a volume call: fewer runs say as much. */
const IMAGE_RUNS = Number(process.env.BENCH_IMAGE_RUNS ?? 10);

interface Stats {
  median: number;
  p95: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95) };
}

async function time(run: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

type Kind = 'create' | 'inspect' | 'ls' | 'rm';
const kinds: Kind[] = ['create', 'inspect', 'ls', 'rm'];

const ms = (n: number) => n.toFixed(1).padStart(7);

async function main(): Promise<void> {
  const lab = await startLabFixture();
  const { engine } = lab;
  const results = new Map<string, Stats>();

  // (a) typed in the lab, over a real WebSocket.
  const client = await lab.connect();
  const labSamples: Record<Kind, number[]> = { create: [], inspect: [], ls: [], rm: [] };
  for (let i = 0; i < RUNS; i++) {
    const name = `bench-${i}`;
    labSamples.create.push(await time(() => client.run(`docker volume create ${name}`)));
    labSamples.inspect.push(await time(() => client.run(`docker volume inspect ${name}`)));
    labSamples.ls.push(await time(() => client.run('docker volume ls')));
    labSamples.rm.push(await time(() => client.run(`docker volume rm ${name}`)));
  }

  // (b) the same calls straight through dockerode.
  const directSamples: Record<Kind, number[]> = { create: [], inspect: [], ls: [], rm: [] };
  for (let i = 0; i < RUNS; i++) {
    const name = `vl-bench-direct-${i}`;
    directSamples.create.push(await time(() => engine.createVolume(name, { 'volume-lab.bench': '1' })));
    directSamples.inspect.push(await time(() => engine.inspectVolume(name)));
    directSamples.ls.push(await time(() => engine.listVolumes({ label: ['volume-lab.bench=1'] })));
    directSamples.rm.push(await time(() => engine.removeVolume(name, false)));
  }

  // (c) the docker CLI as a process.
  const cliSamples: Record<Kind, number[]> = { create: [], inspect: [], ls: [], rm: [] };
  const docker = (...args: string[]) => spawnSync('docker', args, { stdio: 'ignore' });
  for (let i = 0; i < RUNS; i++) {
    const name = `vl-bench-cli-${i}`;
    cliSamples.create.push(
      await time(() => docker('volume', 'create', '--label', 'volume-lab.bench=1', name)),
    );
    cliSamples.inspect.push(await time(() => docker('volume', 'inspect', name)));
    cliSamples.ls.push(await time(() => docker('volume', 'ls', '-f', 'label=volume-lab.bench=1')));
    cliSamples.rm.push(await time(() => docker('volume', 'rm', name)));
  }

  // Time from WebSocket open to the first prompt, for a brand-new session each time.
  const promptSamples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let fresh: LabClient | undefined;
    promptSamples.push(
      await time(async () => {
        fresh = await LabClient.connect(lab.lab.url);
      }),
    );
    await fresh?.close();
  }
  // `docker run --rm IMAGE true` for each image learners may run, one tag each, in the lab and as a
  // CLI process (plain, as a learner types it at home; the lab adds its limits and capabilities).
  const images = [
    ...new Set(lab.services.limits.images.map((reference) => reference.split(':')[0] ?? reference)),
  ];
  const imageRows: string[] = [];
  for (const image of images) {
    const labRuns: number[] = [];
    const cliRuns: number[] = [];
    for (let i = 0; i < IMAGE_RUNS; i++) {
      labRuns.push(await time(() => client.run(`docker run --rm ${image} true`)));
      cliRuns.push(await time(() => docker('run', '--rm', '--network', 'none', image, 'true')));
    }
    const a = stats(labRuns);
    const c = stats(cliRuns);
    imageRows.push(
      `${image.padEnd(9)}${ms(a.median)}  ${ms(a.p95)}  ${ms(c.median)}  ${ms(c.p95)}  ${(a.median / c.median).toFixed(2).padStart(7)}`,
    );
  }
  await lab.stop();

  const rows = ['command    lab med  lab p95  api med  api p95  cli med  cli p95   lab/api  lab/cli'];
  for (const kind of kinds) {
    const a = stats(labSamples[kind]);
    const b = stats(directSamples[kind]);
    const c = stats(cliSamples[kind]);
    results.set(kind, a);
    rows.push(
      `${kind.padEnd(9)}${ms(a.median)}  ${ms(a.p95)}  ${ms(b.median)}  ${ms(b.p95)}  ${ms(c.median)}  ${ms(c.p95)}  ${(
        a.median / b.median
      )
        .toFixed(2)
        .padStart(7)}  ${(a.median / c.median).toFixed(2).padStart(7)}`,
    );
  }
  const prompt = stats(promptSamples);
  console.log(
    `volume commands, ${RUNS} runs each, milliseconds (targets: lab/api <= 1.3, lab/cli <= 0.25)\n`,
  );
  console.log(rows.join('\n'));
  console.log(`\ndocker run --rm IMAGE true, ${IMAGE_RUNS} runs each, milliseconds\n`);
  console.log(['image      lab med  lab p95  cli med  cli p95   lab/cli', ...imageRows].join('\n'));
  console.log(
    `\nWebSocket open to first prompt: median ${prompt.median.toFixed(1)} ms, p95 ${prompt.p95.toFixed(1)} ms (target < 50 ms)`,
  );
}

await main();
