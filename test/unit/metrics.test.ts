/**
 * What an operator sees: the series a scrape returns after the lab reports events through its
 * observer, the log lines the same events write, and the `/metrics` route over real HTTP with and
 * without a bearer token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLabLog } from '../../server/observability/command-log.ts';
import { createLabObserver } from '../../server/observability/lab-observer.ts';
import {
  boundedLabel,
  createLabMetrics,
  type LabMetricsOptions,
} from '../../server/observability/metrics.ts';
import { createMetricsRoute } from '../../server/observability/metrics-route.ts';

const SESSION = 'a1b2c3d4e5f6';
const NOON = new Date('2025-06-01T12:00:00.000Z');

function setup(options: LabMetricsOptions = {}) {
  const lines: string[] = [];
  const metrics = createLabMetrics({ defaultMetrics: false, ...options });
  const log = createLabLog({ out: { write: (line) => lines.push(line) }, now: () => NOON });
  const observer = createLabObserver({ metrics, log });
  const scrape = () => metrics.registry.metrics();
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { metrics, log, observer, scrape, lines, records };
}

/** The value of one series in a scrape, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics after observer calls', () => {
  it('counts commands by name and result, and times them', async () => {
    const { observer, scrape } = setup();
    observer.commandFinished({ sessionId: SESSION, command: 'volume create', exitCode: 0, ms: 12 });
    observer.commandFinished({ sessionId: SESSION, command: 'volume create', exitCode: 0, ms: 3 });
    observer.commandFinished({ sessionId: SESSION, command: 'volume create', exitCode: 1, ms: 2 });
    observer.commandFinished({ sessionId: SESSION, command: 'run -d', exitCode: 125, ms: 700 });
    const text = await scrape();
    expect(sample(text, 'volume_lab_commands_total{command="volume create",result="ok"}')).toBe(2);
    expect(sample(text, 'volume_lab_commands_total{command="volume create",result="error"}')).toBe(1);
    expect(sample(text, 'volume_lab_commands_total{command="run -d",result="error"}')).toBe(1);
    expect(sample(text, 'volume_lab_command_duration_seconds_count{command="volume create"}')).toBe(3);
    expect(sample(text, 'volume_lab_command_duration_seconds_sum{command="volume create"}')).toBeCloseTo(
      0.017,
    );
    // 2 ms and 3 ms are under 5 ms; 12 ms is not.
    expect(
      sample(text, 'volume_lab_command_duration_seconds_bucket{le="0.005",command="volume create"}'),
    ).toBe(2);
    expect(sample(text, 'volume_lab_command_duration_seconds_bucket{le="1",command="run -d"}')).toBe(1);
    expect(sample(text, 'volume_lab_command_duration_seconds_bucket{le="0.5",command="run -d"}')).toBe(0);
  });

  it('shows each engine’s queue: how many wait now, how long turns took to come, how many came', async () => {
    const { observer, scrape, lines } = setup();
    observer.engineQueue({ engine: 'local', waiting: 3 });
    observer.engineQueue({ engine: 'local', waiting: 2 });
    observer.engineQueue({ engine: 'second', waiting: 0 });
    observer.engineTurn({ engine: 'local', waitedMs: 0 });
    observer.engineTurn({ engine: 'local', waitedMs: 4000 });
    const text = await scrape();
    expect(sample(text, 'volume_lab_engine_queue_waiting{engine="local"}')).toBe(2);
    expect(sample(text, 'volume_lab_engine_queue_waiting{engine="second"}')).toBe(0);
    expect(sample(text, 'volume_lab_engine_queue_tasks_total{engine="local"}')).toBe(2);
    expect(sample(text, 'volume_lab_engine_queue_wait_seconds_bucket{le="0.001",engine="local"}')).toBe(1);
    expect(sample(text, 'volume_lab_engine_queue_wait_seconds_bucket{le="2.5",engine="local"}')).toBe(1);
    expect(sample(text, 'volume_lab_engine_queue_wait_seconds_bucket{le="5",engine="local"}')).toBe(2);
    expect(sample(text, 'volume_lab_engine_queue_wait_seconds_sum{engine="local"}')).toBe(4);
    // Several per container command in a busy room: metrics only, never a log line each.
    expect(lines).toEqual([]);
  });

  it('counts a command that is not a known name as other, so a raw line cannot become a label', async () => {
    const { observer, scrape, records } = setup();
    observer.commandFinished({
      sessionId: SESSION,
      command: 'docker run -e TOKEN=s3cret busybox',
      exitCode: 0,
      ms: 1,
    });
    const text = await scrape();
    expect(text).not.toContain('s3cret');
    expect(sample(text, 'volume_lab_commands_total{command="other",result="ok"}')).toBe(1);
    expect(records()[0]?.command).toBe('other');
  });

  it('counts refusals by rule, lesson passes, engine errors, reaped sessions and refused admissions', async () => {
    const { observer, scrape } = setup({ lessons: ['first-volume', 'backup'] });
    observer.policyRefused({ sessionId: SESSION, rule: '--privileged' });
    observer.policyRefused({ sessionId: SESSION, rule: '--privileged' });
    observer.policyRefused({ sessionId: SESSION, rule: 'host-path' });
    observer.policyRefused({ sessionId: SESSION, rule: '-v /etc:/host' });
    observer.checkPassed({ sessionId: SESSION, lesson: 'first-volume', step: 'create' });
    observer.checkPassed({ sessionId: SESSION, lesson: 'not-a-lesson', step: 'x' });
    observer.engineError({ engine: 'local', operation: 'ping', message: 'connect ECONNREFUSED' });
    observer.sessionEnded({ sessionId: SESSION, reason: 'idle' });
    observer.admissionRefused({ reason: 'full' });
    const text = await scrape();
    expect(sample(text, 'volume_lab_policy_refusals_total{rule="--privileged"}')).toBe(2);
    expect(sample(text, 'volume_lab_policy_refusals_total{rule="host-path"}')).toBe(1);
    expect(sample(text, 'volume_lab_policy_refusals_total{rule="other"}')).toBe(1);
    expect(text).not.toContain('/etc');
    expect(sample(text, 'volume_lab_check_passes_total{lesson="first-volume"}')).toBe(1);
    expect(sample(text, 'volume_lab_check_passes_total{lesson="backup"}')).toBe(0);
    expect(sample(text, 'volume_lab_check_passes_total{lesson="other"}')).toBe(1);
    expect(sample(text, 'volume_lab_engine_errors_total{engine="local",operation="ping"}')).toBe(1);
    expect(text).not.toContain('ECONNREFUSED');
    expect(sample(text, 'volume_lab_sessions_reaped_total{reason="idle"}')).toBe(1);
    expect(sample(text, 'volume_lab_sessions_reaped_total{reason="lifetime"}')).toBe(0);
    expect(sample(text, 'volume_lab_admissions_refused_total{reason="full"}')).toBe(1);
    expect(sample(text, 'volume_lab_admissions_refused_total{reason="rate"}')).toBe(0);
  });

  it('reads sessions and sockets from the callbacks at every scrape', async () => {
    let sessions = { connected: 2, idle: 1 };
    let sockets = 3;
    const { scrape } = setup({ sessions: () => sessions, sockets: () => sockets });
    let text = await scrape();
    expect(sample(text, 'volume_lab_sessions{state="connected"}')).toBe(2);
    expect(sample(text, 'volume_lab_sessions{state="idle"}')).toBe(1);
    expect(sample(text, 'volume_lab_open_sockets')).toBe(3);
    sessions = { connected: 0, idle: 5 };
    sockets = 0;
    text = await scrape();
    expect(sample(text, 'volume_lab_sessions{state="connected"}')).toBe(0);
    expect(sample(text, 'volume_lab_sessions{state="idle"}')).toBe(5);
    expect(sample(text, 'volume_lab_open_sockets')).toBe(0);
  });

  it('still scrapes when a callback throws', async () => {
    const { scrape } = setup({
      sessions: () => {
        throw new Error('store gone');
      },
      sockets: () => 1,
    });
    const text = await scrape();
    expect(sample(text, 'volume_lab_open_sockets')).toBe(1);
    expect(text).not.toContain('volume_lab_sessions{');
  });

  it("includes prom-client's process metrics unless turned off", async () => {
    const on = await createLabMetrics().registry.metrics();
    expect(on).toContain('process_cpu_user_seconds_total');
    expect(on).toContain('nodejs_eventloop_lag_seconds');
    const off = await createLabMetrics({ defaultMetrics: false }).registry.metrics();
    expect(off).not.toContain('process_cpu_user_seconds_total');
  });

  it('keeps caller-chosen labels few and plainly spelled', () => {
    const label = boundedLabel(2);
    expect(label('a')).toBe('a');
    expect(label('b')).toBe('b');
    expect(label('c')).toBe('other');
    expect(label('a')).toBe('a');
    expect(boundedLabel(5)('has spaces and /paths')).toBe('other');
    expect(boundedLabel(5)('x'.repeat(100))).toBe('other');
  });

  it('never lets a failing log fail the command it reports on', () => {
    const metrics = createLabMetrics({ defaultMetrics: false });
    const log = createLabLog({
      out: {
        write: () => {
          throw new Error('EPIPE');
        },
      },
    });
    const observer = createLabObserver({ metrics, log });
    expect(() =>
      observer.commandFinished({ sessionId: SESSION, command: 'ps', exitCode: 0, ms: 1 }),
    ).not.toThrow();
  });
});

describe('log lines', () => {
  it('writes one JSON line per finished command, with latency to a tenth of a millisecond', () => {
    const { observer, lines } = setup();
    observer.commandFinished({ sessionId: SESSION, command: 'volume ls', exitCode: 0, ms: 4.26 });
    expect(lines).toEqual([
      `{"time":"2025-06-01T12:00:00.000Z","level":"info","event":"command","session":"${SESSION}","command":"volume ls","exit":0,"ms":4.3}\n`,
    ]);
  });

  it('writes other events with their fields, never overriding time, level or event', () => {
    const { log, records, lines } = setup();
    log.log('warn', 'session-reaped', {
      session: SESSION,
      reason: 'idle',
      level: 'debug',
      event: 'x',
      skipped: undefined,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(lines[0]?.indexOf('\n')).toBe((lines[0]?.length ?? 0) - 1);
    expect(records()[0]).toEqual({
      time: NOON.toISOString(),
      level: 'warn',
      event: 'session-reaped',
      session: SESSION,
      reason: 'idle',
    });
  });

  it('keeps a line one line and bounded, whatever a message holds', () => {
    const { observer, records, lines } = setup();
    observer.engineError({
      engine: 'local',
      operation: 'list',
      message: `first\nsecond ${'x'.repeat(5000)}`,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.split('\n')).toHaveLength(2);
    const record = records()[0];
    expect(record).toMatchObject({
      level: 'error',
      event: 'engine-error',
      engine: 'local',
      operation: 'list',
    });
    expect(String(record?.message).length).toBeLessThan(400);
  });

  it('logs refusals and passes by name only', () => {
    const { observer, records } = setup();
    observer.policyRefused({ sessionId: SESSION, rule: '-v /etc/shadow:/x' });
    observer.checkPassed({ sessionId: SESSION, lesson: 'first-volume', step: 'create' });
    expect(records()).toEqual([
      { time: NOON.toISOString(), level: 'info', event: 'policy-refused', session: SESSION, rule: 'other' },
      {
        time: NOON.toISOString(),
        level: 'info',
        event: 'check-passed',
        session: SESSION,
        lesson: 'first-volume',
        step: 'create',
      },
    ]);
  });
});

describe('the /metrics route', () => {
  let server: Server | undefined;

  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  async function serve(token?: string): Promise<string> {
    const metrics = createLabMetrics({ defaultMetrics: false });
    metrics.policyRefused('--privileged');
    const route = createMetricsRoute({ registry: metrics.registry, token });
    const listening = createServer((req, res) => {
      if (route(req, res)) return;
      res.writeHead(404).end('site\n');
    });
    server = listening;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
  }

  it('answers in Prometheus text format without a token configured', async () => {
    const base = await serve();
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await response.text()).toContain('volume_lab_policy_refusals_total{rule="--privileged"} 1');
  });

  it('leaves other paths to the rest of the server', async () => {
    const base = await serve();
    const response = await fetch(`${base}/metricsx`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('site\n');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const base = await serve();
    const response = await fetch(`${base}/metrics`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('requires the bearer token when one is configured', async () => {
    const base = await serve('correct-horse');
    const missing = await fetch(`${base}/metrics`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await missing.text()).not.toContain('volume_lab');

    for (const authorization of [
      'Bearer wrong',
      'Bearer correct-hors',
      'Basic correct-horse',
      'correct-horse',
    ]) {
      const wrong = await fetch(`${base}/metrics`, { headers: { authorization } });
      expect(wrong.status, authorization).toBe(401);
    }

    const right = await fetch(`${base}/metrics?x=1`, { headers: { authorization: 'Bearer correct-horse' } });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('volume_lab_policy_refusals_total');
  });

  it('treats an empty token as none configured', async () => {
    const base = await serve('');
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
  });
});
