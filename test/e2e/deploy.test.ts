/**
 * The deployment of docs/deploy.md, brought up for real: the lab process (`node server/main.ts`) on
 * loopback behind Caddy with deploy/Caddyfile over HTTPS (Caddy's internal CA, as for an IP address),
 * and a learner on a machine of its own: Debian's Chromium in a network namespace this test makes,
 * reaching the proxy over a veth pair. The learner passes a lesson step over wss://, and the lab tells
 * learners apart by the address the proxy saw, not by the proxy's own.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runSolution, terminalShows } from '../../harness/browser.ts';
import { LabClient } from '../../harness/lab-client.ts';
import { createContainerEngine } from '../../server/docker/containers.ts';
import { createEngine } from '../../server/docker/engine.ts';
import { reap } from '../../server/fleet/reaper.ts';
import { openEngineStorage } from '../../server/storage/engine-storage.ts';

const run = promisify(execFile);

// The learner's machine: a network namespace with one veth link to this host. Addresses of this
// test's own hosts, inside namespaces it makes and removes.
// Fixed names, so a run that was killed before its cleanup is cleared by the next one.
const NETNS = 'vl-learner';
const HOST_LINK = 'vl-learner-h';
const LEARNER_LINK = 'vl-learner-l';
const PROXY_IP = '10.251.7.1';
const LEARNER_IP = '10.251.7.2';
const INSTANCE = `deploy-${process.pid}`;
const artifacts = join(PROJECT_ROOT, 'test-artifacts');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Resolves once a process has printed `text`; rejects if it exits first. */
function printed(child: ChildProcess, text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for "${text}":\n${seen}`)), timeoutMs);
    const look = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before "${text}":\n${seen}`)));
  });
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function removeLearnerHost(): Promise<void> {
  await run('ip', ['netns', 'del', NETNS]).catch(() => {});
  await run('ip', ['link', 'del', HOST_LINK]).catch(() => {});
}

/** Whether the proxy's certificate chains to `ca` for its IP address, as a browser checks it. */
function verifiedBy(ca: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: PROXY_IP, port, ca }, () => {
      resolve(socket.authorized);
      socket.end();
    });
    socket.once('error', reject);
  });
}

describe('the deployment behind Caddy, over HTTPS', () => {
  let work: string;
  let lab: ChildProcess | undefined;
  let caddy: ChildProcess | undefined;
  let browser: Browser | undefined;
  let labPort: number;
  let proxyPort: number;
  let site: string;
  let caRoot: string;
  const clients: LabClient[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'volume-lab-deploy-'));
    await removeLearnerHost();
    await run('ip', ['netns', 'add', NETNS]);
    await run('ip', ['link', 'add', HOST_LINK, 'type', 'veth', 'peer', 'name', LEARNER_LINK]);
    await run('ip', ['link', 'set', LEARNER_LINK, 'netns', NETNS]);
    await run('ip', ['addr', 'add', `${PROXY_IP}/30`, 'dev', HOST_LINK]);
    await run('ip', ['link', 'set', HOST_LINK, 'up']);
    await run('ip', ['-n', NETNS, 'addr', 'add', `${LEARNER_IP}/30`, 'dev', LEARNER_LINK]);
    await run('ip', ['-n', NETNS, 'link', 'set', LEARNER_LINK, 'up']);
    await run('ip', ['-n', NETNS, 'link', 'set', 'lo', 'up']);

    labPort = await freePort();
    proxyPort = await freePort();
    site = `https://${PROXY_IP}:${proxyPort}`;
    lab = spawn(process.execPath, [join(PROJECT_ROOT, 'server', 'main.ts')], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(labPort),
        LAB_ORIGINS: site,
        LAB_TRUSTED_PROXIES: '127.0.0.1',
        LAB_SESSIONS_PER_ADDRESS: '1',
        LAB_INSTANCE: INSTANCE,
        LAB_STATE_FILE: join(work, 'sessions.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await printed(lab, 'the lab is open at', 240_000);

    caddy = spawn(
      'caddy',
      ['run', '--config', join(PROJECT_ROOT, 'deploy', 'Caddyfile'), '--adapter', 'caddyfile'],
      {
        env: {
          ...process.env,
          HOME: work,
          XDG_DATA_HOME: join(work, 'data'),
          XDG_CONFIG_HOME: join(work, 'config'),
          LAB_SITE: site,
          LAB_UPSTREAM: `127.0.0.1:${labPort}`,
          CADDY_ADMIN: 'off',
          CADDY_HTTP_PORT: String(await freePort()),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    await printed(caddy, 'serving initial configuration', 30_000);
    caRoot = await readFile(join(work, 'data', 'caddy', 'pki', 'authorities', 'local', 'root.crt'), 'utf8');

    // Chromium as the learner's own machine: started inside the namespace.
    const inNamespace = join(work, 'chromium-in-netns');
    await writeFile(inNamespace, `#!/bin/sh\nexec ip netns exec ${NETNS} /usr/bin/chromium "$@"\n`);
    await chmod(inNamespace, 0o755);
    browser = await chromium.launch({
      executablePath: inNamespace,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 300_000);

  afterAll(async () => {
    try {
      await Promise.all(clients.map((client) => client.close()));
      await browser?.close();
      await stop(caddy);
      await stop(lab);
      // A stopped lab keeps its sessions' objects for when it is back; this one is not coming back.
      const engine = createEngine();
      const reaped = await reap(
        { engine, containers: createContainerEngine(engine.docker) },
        INSTANCE,
        () => false,
      );
      const storage = await openEngineStorage(engine, 1);
      if (storage.enforced) await Promise.all([...reaped.sessions].map((id) => storage.groups.release(id)));
    } finally {
      await removeLearnerHost();
      await rm(work, { recursive: true, force: true });
    }
  }, 120_000);

  it('serves HTTPS with a certificate for its address from Caddy’s CA', async () => {
    expect(await verifiedBy(caRoot, proxyPort)).toBe(true);
    const index = await fetch(`http://127.0.0.1:${labPort}/`);
    expect(index.status).toBe(200);
  });

  it('lets a learner on another machine pass a lesson step over wss://', async () => {
    if (!browser) throw new Error('no browser');
    // The browser trusts the connection as the check above does; Chromium's own trust store is the
    // host's, which this test leaves alone.
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    const index = await (await fetch(`http://127.0.0.1:${labPort}/`)).text();
    const first = /href="\/lessons\/([a-z0-9-]+)\/"/.exec(index)?.[1] ?? '';
    await page.goto(`${site}/lessons/${first}/`);
    await page.locator('lab-terminal[data-state="connected"]').first().waitFor({ timeout: 20_000 });
    expect(sockets[0]).toBe(`wss://${PROXY_IP}:${proxyPort}/ws`);

    const step = page.locator('step-list [data-step]').first();
    await runSolution(page, step);
    await expect.poll(() => step.getAttribute('data-state'), { timeout: 20_000 }).toBe('passed');
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'deploy-https-lesson.png') });

    // The learner's machine holds its one session: a second browser there is told so.
    const second = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
    await second.goto(`${site}/sandbox/`);
    await terminalShows(second, 'Your network already has 1 lab session');
    await second.screenshot({ path: join(artifacts, 'deploy-https-address-cap.png') });
  });

  it('counts another machine as someone else, whatever X-Forwarded-For it sends', async () => {
    const fromHost = (forged: string) =>
      LabClient.open(site, { origin: site, ca: caRoot, headers: { 'X-Forwarded-For': forged } });
    // This host, as a learner: the proxy puts its real address, 10.251.7.1, in place of the forged one.
    const host = await fromHost(LEARNER_IP);
    clients.push(host);
    const ready = host.next((m) => m.type === 'ready' || m.type === 'error');
    host.send({ type: 'hello', cols: 80, rows: 24 });
    expect((await ready).type).toBe('ready');
    const again = await fromHost('198.51.100.99');
    clients.push(again);
    const refused = again.next((m) => m.type === 'error');
    again.send({ type: 'hello', cols: 80, rows: 24 });
    expect(await refused).toMatchObject({
      message: expect.stringMatching(/^Your network already has 1 lab session/),
    });

    const metrics = await (await fetch(`http://127.0.0.1:${labPort}/metrics`)).text();
    expect(metrics).toMatch(/admissions_refused_total\{reason="address"\} 2\b/);
  });
});
