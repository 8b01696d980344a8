/**
 * `npm run bench:engine`: the container-start rate one engine sustains on this machine, with no lab in
 * between. At each concurrency level, workers run the containers the lessons' `docker run` lines make
 * (or, with `--workload script`, one `docker run --rm -v …` container), straight through the Engine
 * API, back to back; the table shows the rate, the latency of each call, the engine's and the machine's
 * CPU, and how busy the machine was before the level; the capacity is the rate at the knee
 * (bench/engine/capacity.ts, docs/operations.md "Capacity planning"). Not a test: it writes
 * bench/results/engine-<version>-<runtime>.json and exits non-zero only when runs failed.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { parseEngineList } from '../server/docker/engine-address.ts';
import { engineCpuMeter } from './engine/engine-cpu.ts';
import { benchConfig, measureCapacity, printProgress } from './engine/measure.ts';
import { type EngineBenchOptions, parseOptions, USAGE } from './engine/options.ts';
import { formatCapacity } from './engine/report.ts';
import { summarize } from './engine/summary.ts';

const ROOT = join(import.meta.dirname, '..');
const RESULTS = join(ROOT, 'bench', 'results');

async function writeResult(name: string, result: unknown): Promise<string> {
  await mkdir(RESULTS, { recursive: true });
  const file = join(RESULTS, name);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  // The repository's formatter checks JSON too; write it the way `npm run lint` wants it.
  const biome = spawnSync(join(ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', file], {
    encoding: 'utf8',
  });
  if (biome.status !== 0) console.warn(`bench: could not format ${file} with biome:\n${biome.stderr}`);
  return file;
}

async function main(options: EngineBenchOptions): Promise<number> {
  const [engine] = parseEngineList(options.host === undefined ? undefined : `bench=${options.host}`);
  if (!engine) throw new Error('no engine address');
  const docker = new Docker(engine.options);
  const [version, info] = await Promise.all([docker.version(), docker.info()]);
  const runtime = String(info.DefaultRuntime);
  const cores = cpus().length;
  const meter = engineCpuMeter(engine.options.socketPath);
  console.log(
    `bench: Engine ${version.Version} (API ${version.ApiVersion}) with ${runtime} at ${engine.address}; ` +
      `engine CPU ${meter.method === 'none' ? 'not measured (not a local socket)' : `from ${meter.method === 'cgroup' ? "the engine's own cgroup" : 'sampled processes (a lower bound)'}, dockerd pid ${meter.pid}`}`,
  );
  const controller = new AbortController();
  const interrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    console.log('\nbench: interrupted; finishing the containers under way and removing them...');
    controller.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  const measured = await measureCapacity({
    docker,
    meter,
    cores,
    config: benchConfig(process.env, options),
    options,
    signal: controller.signal,
    ...printProgress,
  }).finally(() => meter.stop());
  if (measured.aborted) {
    console.log('bench: cleaned up; no results written for an interrupted run');
    return 130;
  }
  const { levels, capacity, request, runs, skipped, background } = measured;
  console.log(`\n${formatCapacity(capacity, cores)}`);
  const serial = levels.find((l) => l.workers === 1);
  if (serial?.latencyMs.total) {
    console.log(
      `serial: one run --rm takes p50 ${serial.latencyMs.total.p50} ms, p95 ${serial.latencyMs.total.p95} ms`,
    );
  }
  const minor = /^(\d+\.\d+)/.exec(version.Version)?.[1] ?? version.Version;
  const file = await writeResult(`engine-${minor}-${runtime}${options.tag ? `-${options.tag}` : ''}.json`, {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cores, memoryMb: Math.round(totalmem() / 1024 / 1024), node: process.version },
    engine: {
      address: engine.address,
      version: version.Version,
      apiVersion: version.ApiVersion,
      containerd: version.Components?.find((c) => c.Name === 'containerd')?.Version ?? null,
      runtime,
      storageDriver: info.Driver,
      cgroupVersion: info.CgroupVersion,
      dockerRootDir: info.DockerRootDir,
      securityOptions: info.SecurityOptions,
      cpuMethod: meter.method,
    },
    options,
    workload: { runs, skipped },
    background,
    hostConfig: request.HostConfig,
    capacity: capacity && {
      ...capacity,
      perCore: Math.round((capacity.startsPerSecond / cores) * 100) / 100,
    },
    serial: serial?.latencyMs.total ?? null,
    levels,
  });
  console.log(`bench: wrote ${file.slice(ROOT.length + 1)}`);
  return levels.some((level) => level.errors.count > 0) ? 1 : 0;
}

const options = parseOptions(process.argv.slice(2));
if (options === 'help') console.log(USAGE);
else if (options === 'summary') console.log(await summarize(RESULTS));
else process.exitCode = await main(options);
