/**
 * The lab server as its own process (`node server/main.ts`), as in production: its memory and CPU
 * are then its own, measurable from /proc, and not mixed with the participants' sockets.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { siteIsStale } from '../../server/site-build.ts';

export interface ServerProcess {
  pid: number;
  /** Base URL with the loopback address the server listens on, so no name lookup picks ::1. */
  url: string;
  /** True if the server built the site itself: its memory then includes the site builder's. */
  builtSite(): boolean;
  /** The server's output so far, for a failure report. */
  log(): string;
  /** True once the process ended, on purpose or not. */
  exited(): boolean;
  stop(): Promise<void>;
}

const ROOT = join(import.meta.dirname, '..', '..');
const START_TIMEOUT_MS = 300_000;
const OPEN_LINE = /the lab is open at (http:\/\/\S+)/;

/**
 * Caps generous enough that the bench measures the server, not its admission limits: every
 * participant connects from 127.0.0.1, so per-address limits would otherwise see one huge classroom.
 * Variables this server version does not know yet are ignored by its config schema.
 */
export function benchEnv(participants: number, extra: Record<string, string>): Record<string, string> {
  const many = String(Math.max(1000, participants * 10));
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    LAB_INSTANCE: 'bench',
    // Each level starts from nothing: no sessions saved by the previous level's server.
    LAB_STATE_FILE: join(tmpdir(), `volume-lab-bench-${process.pid}-${participants}.json`),
    LAB_MAX_SESSIONS: many,
    LAB_MAX_SOCKETS: many,
    LAB_MAX_SOCKETS_PER_ADDRESS: many,
    // Every simulated participant comes from loopback, as a classroom from behind one NAT.
    LAB_SESSIONS_PER_ADDRESS: many,
    LAB_CONNECTS_PER_SECOND: '1000',
    LAB_COMMANDS_PER_SECOND: '100',
    LAB_COMMANDS_PER_MINUTE: '6000',
    ...extra,
  };
}

/**
 * `npm start` builds the site when it is older than its sources; done in the server process, the
 * builder's memory would count as the server's. Build it beforehand in a process of its own.
 */
export async function prepareSite(): Promise<void> {
  if (!(await siteIsStale(ROOT))) return;
  console.log('bench: building the site first, so the server does not build it in its own process...');
  // The same function `npm start` calls, in a child that exits when done; its warnings only matter
  // when it fails.
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { buildSite } from ${JSON.stringify(join(ROOT, 'server', 'site-build.ts'))}; await buildSite(${JSON.stringify(ROOT)});`,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`building the site failed (exit ${code}):\n${output.slice(-4000)}`);
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export interface ServerLaunch {
  /** The checkout whose server runs: this one by default (another to compare, e.g. a base commit). */
  root?: string;
  /** A module to preload into the server process with `node --import`. */
  preload?: string;
}

export async function startServer(
  env: Record<string, string>,
  launch: ServerLaunch = {},
): Promise<ServerProcess> {
  const root = launch.root ?? ROOT;
  const preload = launch.preload ? ['--import', launch.preload] : [];
  const child = spawn(process.execPath, [...preload, join(root, 'server', 'main.ts')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let built = false;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  // Only the end is kept: a server that logs every command would otherwise grow this without bound.
  const keep = (text: string) => {
    output = (output + text).slice(-65_536);
  };
  child.stderr?.on('data', (chunk: Buffer) => keep(chunk.toString()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not open within 5 min:\n${output}`)),
      START_TIMEOUT_MS,
    );
    lines.on('line', (line) => {
      keep(`${line}\n`);
      if (line.includes('building the site')) built = true;
      const match = OPEN_LINE.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before it opened:\n${output}`));
    });
  });
  const loopback = new URL(url);
  if (loopback.hostname === 'localhost') loopback.hostname = '127.0.0.1';
  return {
    pid: child.pid ?? 0,
    url: loopback.origin,
    builtSite: () => built,
    log: () => output,
    exited: () => exited,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        if (!(await waitForExit(child, 10_000))) {
          child.kill('SIGKILL');
          await waitForExit(child, 5_000);
        }
      }
      // The sessions it saved belong to this level only (a temporary file of a killed write, too).
      if (env.LAB_STATE_FILE) {
        await rm(env.LAB_STATE_FILE, { force: true });
        await rm(`${env.LAB_STATE_FILE}.${child.pid}.tmp`, { force: true });
      }
    },
  };
}
