/**
 * What an operator sees of a running lab: one log line per command (no arguments, no contents) and
 * Prometheus metrics at /metrics, from a real server running real commands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { createLabLog } from '../../server/observability/command-log.ts';
import { createLabObserver } from '../../server/observability/lab-observer.ts';
import { createLabMetrics } from '../../server/observability/metrics.ts';
import { createMetricsRoute } from '../../server/observability/metrics-route.ts';

describe('a lab with logs and metrics', () => {
  let lab: LabFixture;
  const lines: string[] = [];

  beforeAll(async () => {
    const metrics = createLabMetrics({ defaultMetrics: false, lessons: ['01-what-is-a-volume'] });
    const observer = createLabObserver({
      metrics,
      log: createLabLog({ out: { write: (line) => lines.push(line) } }),
    });
    lab = await startLabFixture({
      server: {
        observer,
        routes: [createMetricsRoute({ registry: metrics.registry, token: 'scrape-secret' })],
      },
    });
  });

  afterAll(async () => {
    await lab?.stop();
  });

  async function scrape(): Promise<string> {
    const response = await fetch(`${lab.lab.url}/metrics`, {
      headers: { authorization: 'Bearer scrape-secret' },
    });
    expect(response.status).toBe(200);
    return response.text();
  }

  it('logs each command with its name, exit code and latency, never its arguments', async () => {
    const client = await lab.connect();
    expect((await client.run('docker volume create secret-name-xyz')).exitCode).toBe(0);
    expect((await client.run('docker volume inspect nope')).exitCode).toBe(1);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const commands = logged.filter((line) => line.event === 'command');
    expect(commands.map(({ command, exit }) => ({ command, exit }))).toEqual([
      { command: 'volume create', exit: 0 },
      { command: 'volume inspect', exit: 1 },
    ]);
    expect(commands[0]?.session).toMatch(/^[0-9a-f]{12}$/);
    expect(typeof commands[0]?.ms).toBe('number');
    expect(lines.join('')).not.toContain('secret-name-xyz');
  });

  it('counts commands, refusals and check passes at /metrics', async () => {
    const client = await lab.connect();
    client.send({ type: 'watch', lesson: '01-what-is-a-volume' });
    expect((await client.run('docker volume create intro-notes')).exitCode).toBe(0);
    await client.checks('01-what-is-a-volume');
    expect((await client.run('docker run --privileged busybox true')).exitCode).toBe(125);
    const text = await scrape();
    expect(text).toMatch(/volume_lab_commands_total\{command="volume create",result="ok"\} [1-9]/);
    expect(text).toMatch(/volume_lab_commands_total\{command="volume inspect",result="error"\} 1/);
    expect(text).toMatch(/volume_lab_policy_refusals_total\{rule="--privileged"\} 1/);
    expect(text).toMatch(/volume_lab_check_passes_total\{lesson="01-what-is-a-volume"\} 1/);
    expect(text).toMatch(
      /volume_lab_command_duration_seconds_bucket\{le="0.1",command="volume create"\} [1-9]/,
    );
  });

  it('asks for the bearer token', async () => {
    expect((await fetch(`${lab.lab.url}/metrics`)).status).toBe(401);
  });
});
