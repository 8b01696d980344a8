/**
 * The engines this host runs, on each of which the suites that compare the lab with the real docker CLI
 * run their tables: the primary (DOCKER_HOST, else the local socket, as the CLI picks it) and engine 2
 * (scripts/engines.conf runs it on the other Engine version) when it answers. A suite names the engine
 * in every test, so a difference between versions says which one it is on.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import Docker from 'dockerode';
import { parseEngineList } from '../../server/docker/engine-address.ts';

export interface EngineUnderTest {
  /** `primary, Engine 20.10.24+dfsg1 (API 1.41)`: what the suites' names say. */
  label: string;
  /** The address the real CLI is given as DOCKER_HOST. */
  address: string;
  /** How the lab under test reaches the same engine. */
  options: Docker.DockerOptions;
  /** The engine's API version, e.g. `1.45`. */
  apiVersion: string;
}

/** What the real CLI printed (stdout and stderr, in order) and its exit code. */
export interface Observed {
  output: string;
  exitCode: number;
}

const ENGINE2_SOCKET = '/run/volume-lab-engine2.sock';

async function describeEngine(
  name: string,
  address: string,
  options: Docker.DockerOptions,
): Promise<EngineUnderTest & { id: string }> {
  const docker = new Docker(options);
  const [version, info] = await Promise.all([docker.version(), docker.info() as Promise<{ ID: string }>]);
  return {
    label: `${name}, Engine ${version.Version} (API ${version.ApiVersion})`,
    address,
    options,
    apiVersion: version.ApiVersion,
    id: info.ID,
  };
}

/**
 * The primary engine, which must answer, and engine 2 when it answers and is another engine; `skipped`
 * says why engine 2 is not among them.
 */
export async function enginesUnderTest(): Promise<{ engines: EngineUnderTest[]; skipped?: string }> {
  const [primaryAddress] = parseEngineList(undefined);
  const [engine2Address] = parseEngineList(`engine2=unix://${ENGINE2_SOCKET}`);
  if (!primaryAddress || !engine2Address) throw new Error('no engine address');
  const primary = await describeEngine('primary', primaryAddress.address, primaryAddress.options);
  const skip = (reason: string) => {
    console.warn(
      `${reason}: the table runs on the primary engine only (bash scripts/second-engine.sh start)`,
    );
    return { engines: [primary], skipped: reason };
  };
  if (!existsSync(ENGINE2_SOCKET)) return skip(`engine 2 is not running (${ENGINE2_SOCKET} does not exist)`);
  let engine2: EngineUnderTest & { id: string };
  try {
    engine2 = await describeEngine('engine 2', engine2Address.address, engine2Address.options);
  } catch (error) {
    return skip(`engine 2 does not answer (${(error as Error).message})`);
  }
  if (engine2.id === primary.id) return skip('engine 2 is the engine DOCKER_HOST names');
  return { engines: [primary, engine2] };
}

/** Runs a line in bash with the real docker CLI talking to `engine`. */
export function runCli(line: string, engine: EngineUnderTest): Promise<Observed> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `exec 2>&1; ${line}`], {
      env: { ...process.env, DOCKER_HOST: engine.address },
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 60_000,
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ output, exitCode: code ?? -1 }));
  });
}
