/**
 * Every second, the lab server's engine queue as its /metrics shows it: how many container creates,
 * starts and removes wait for a turn (`volume_lab_engine_queue_waiting`, summed over engines). The
 * bench reads what an operator's Prometheus would, from outside the process.
 */
import type { QueueSample } from './engine-rate.ts';

const WAITING = 'volume_lab_engine_queue_waiting';
const TIMEOUT_MS = 2000;

/**
 * The waiting gauge summed over its series in Prometheus' text format; 0 when it has none yet (the
 * gauge gets an engine's series the first time that engine's queue changes).
 */
export function queueWaiting(metrics: string): number {
  let sum = 0;
  for (const line of metrics.split('\n')) {
    const match = /^(\w+)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match?.[1] === WAITING) sum += Number(match[2]);
  }
  return sum;
}

export function sampleQueue(baseUrl: string, token: string | undefined, intervalMs = 1000) {
  const samples: QueueSample[] = [];
  const missed = { count: 0, last: '' };
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let busy = false;
  const timer = setInterval(() => {
    // A server too busy to answer within the interval must not pile up requests: skip a tick.
    if (busy) return;
    busy = true;
    const sentAt = Date.now();
    fetch(`${baseUrl}/metrics`, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) })
      .then(async (response) => {
        if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
        const text = await response.text();
        // The gauge was read somewhere between the request and the answer.
        samples.push({ at: (sentAt + Date.now()) / 2, waiting: queueWaiting(text) });
      })
      .catch((error: unknown) => {
        missed.count++;
        missed.last = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  return {
    samples,
    /** Ticks whose sample failed, and why the last one did. */
    missed,
    stop: () => clearInterval(timer),
  };
}
