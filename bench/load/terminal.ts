/**
 * A LabClient with the arrival time of every message, and waits that end as soon as the socket drops
 * rather than at a timeout: latency is measured to when a frame arrived, not to when a waiting
 * participant happened to resume, since `done` and `checks` can come in one read.
 */
import { performance } from 'node:perf_hooks';
import { LabClient } from '../../harness/lab-client.ts';
import type { ServerMessage } from '../../src/shared/protocol.ts';

export class BenchFailure extends Error {
  readonly kind: 'socket' | 'timeout';
  constructor(kind: 'socket' | 'timeout', message: string) {
    super(message);
    this.kind = kind;
  }
}

interface Waiter {
  from: number;
  match: (message: ServerMessage) => boolean;
  resolve: (index: number) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class TimedTerminal {
  readonly client: LabClient;
  /** performance.now() at which messages[i] arrived (undefined for those before the wrapper existed). */
  private readonly arrivals: number[] = [];
  private waiters: Waiter[] = [];
  private leaving = false;
  private closedWith: string | undefined;

  private constructor(client: LabClient, onProblem: (kind: 'protocol' | 'socket', detail: string) => void) {
    this.client = client;
    // LabClient's own listener was added first, so the message is already in `messages`.
    client.ws.on('message', () => {
      const index = client.messages.length - 1;
      this.arrivals[index] = performance.now();
      const message = client.messages[index];
      if (!message) return;
      if (message.type === 'error') onProblem('protocol', `server error message: ${message.message}`);
      this.waiters = this.waiters.filter((waiter) => {
        if (index < waiter.from || !waiter.match(message)) return true;
        clearTimeout(waiter.timer);
        waiter.resolve(index);
        return false;
      });
    });
    client.ws.on('close', (code, reason) => {
      this.closedWith = `socket closed with ${code} ${reason.toString()}`.trim();
      if (!this.leaving) onProblem('socket', this.closedWith);
      for (const waiter of this.waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new BenchFailure('socket', this.closedWith));
      }
      this.waiters = [];
    });
  }

  /** Connects as a page does (new session, or resuming one), timing open to first prompt. */
  static async connect(
    url: string,
    options: { session?: string; terminal?: string },
    onProblem: (kind: 'protocol' | 'socket', detail: string) => void,
  ): Promise<{ terminal: TimedTerminal; ms: number }> {
    const start = performance.now();
    const client = await LabClient.connect(url, options);
    const ms = performance.now() - start;
    return { terminal: new TimedTerminal(client, onProblem), ms };
  }

  get length(): number {
    return this.client.messages.length;
  }

  message(index: number): ServerMessage | undefined {
    return this.client.messages[index];
  }

  arrivedAt(index: number): number {
    return this.arrivals[index] ?? performance.now();
  }

  send(frame: unknown): void {
    this.client.send(frame);
  }

  /** The index of the first message from `from` on that matches, already received or still to come. */
  waitFor(from: number, match: (message: ServerMessage) => boolean, timeoutMs: number, what: string) {
    for (let i = from; i < this.client.messages.length; i++) {
      const message = this.client.messages[i];
      if (message && match(message)) return Promise.resolve(i);
    }
    if (this.closedWith) return Promise.reject(new BenchFailure('socket', this.closedWith));
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.timer !== timer);
        reject(new BenchFailure('timeout', `no ${what} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.waiters.push({ from, match, resolve, reject, timer });
    });
  }

  /** Closes on purpose, as a page does when the learner moves to the next lesson. */
  close(): Promise<void> {
    this.leaving = true;
    return this.client.close();
  }
}
