/**
 * The page's end of the lab's WebSockets, shared by the terminal, the instructor's dashboard and the
 * join page: the socket URL (wss: when the page came over https), frames read with the shared parser
 * and schemas, and reconnection with backoff (or none, for the join page's one hello).
 */
import type { z } from 'zod';
import { parseFrame } from '../shared/frame.ts';

export interface Backoff {
  /** Delay before the first retry, in ms; it doubles with every attempt that fails again. */
  firstMs: number;
  /** The most the delay grows to, in ms. */
  maxMs: number;
}

/** What to do after the server closed the socket: retry on the backoff schedule, after a set wait, or never. */
export type Retry = 'backoff' | 'stop' | { afterMs: number };

/** The URL of the lab endpoint `path` on the server that served `page`, with the matching ws: or wss:. */
export function socketUrl(path: string, page: Pick<Location, 'href' | 'protocol'>): URL {
  const url = new URL(path, page.href);
  url.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return url;
}

/** ±20 %, so many tabs that lost the same server do not come back to it in lockstep. */
function jitter(ms: number, random: () => number): number {
  return ms * (0.8 + random() * 0.4);
}

/** The wait before retry number `attempt` (0 for the first): doubling from `firstMs` up to `maxMs`, jittered. */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  return jitter(Math.min(backoff.maxMs, backoff.firstMs * 2 ** attempt), random);
}

export interface LabSocketOptions<In> {
  /** The endpoint's path on the page's server, e.g. `WS_PATH`. */
  path: string;
  /** Every frame from the server must match it; one that does not is dropped with a console warning. */
  schema: z.ZodType<In>;
  backoff: Backoff;
  /** Who owns the socket, to name in console warnings. */
  name: string;
  /** The socket is open: the place for the first frame (hello, auth). */
  onOpen(): void;
  onMessage(message: In): void;
  /** The server or the network closed the socket (not `close()`): whether and when to try again. */
  onClose(event: CloseEvent): Retry;
  /** A retry is due in `delayMs`; `onSchedule` when the backoff schedule chose the delay, not the server. */
  onRetry?(delayMs: number, onSchedule: boolean): void;
}

/**
 * A lab WebSocket that reconnects until told otherwise. Only the current connection's events reach the
 * owner, so a late close from a socket already replaced cannot start a second retry.
 */
export class LabSocket<In, Out> {
  readonly #options: LabSocketOptions<In>;
  #socket: WebSocket | null = null;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  /** Connects at once. */
  constructor(options: LabSocketOptions<In>) {
    this.#options = options;
    this.#connect();
  }

  /** False when not connected, so the caller can say so instead of pretending it was sent. */
  send(message: Out): boolean {
    if (this.#socket?.readyState !== WebSocket.OPEN) return false;
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  /** The server accepted us (ready, welcome): the next drop starts the backoff schedule from the top. */
  resetBackoff(): void {
    this.#attempt = 0;
  }

  /** Retries now if a retry is waiting, e.g. when the network is back; does nothing otherwise. */
  retryNow(): void {
    if (this.#timer !== undefined) this.#connect();
  }

  /** Closes for good: no retry follows, and no event of this socket reaches the owner any more. */
  close(code: number, reason: string): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(code, reason);
  }

  #connect(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const { path, schema, name } = this.#options;
    let socket: WebSocket;
    try {
      socket = new WebSocket(socketUrl(path, window.location));
    } catch (error) {
      console.warn(`${name}: cannot open WebSocket`, error);
      this.#schedule('backoff');
      return;
    }
    this.#socket = socket;
    socket.addEventListener('open', () => {
      if (socket === this.#socket) this.#options.onOpen();
    });
    socket.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (socket !== this.#socket) return;
      const frame = parseFrame(event.data, schema);
      if (frame.ok) this.#options.onMessage(frame.message);
      else console.warn(`${name}: ignoring frame, ${frame.reason}`);
    });
    // 'error' is always followed by 'close', so close alone drives reconnection.
    socket.addEventListener('close', (event) => {
      if (socket !== this.#socket || this.#closed) return;
      this.#socket = null;
      this.#schedule(this.#options.onClose(event));
    });
  }

  #schedule(retry: Retry): void {
    if (retry === 'stop') {
      this.#closed = true;
      return;
    }
    const delay =
      retry === 'backoff'
        ? backoffDelay(this.#attempt, this.#options.backoff)
        : jitter(retry.afterMs, Math.random);
    this.#attempt += 1;
    this.#options.onRetry?.(delay, retry === 'backoff');
    this.#timer = setTimeout(() => this.#connect(), delay);
  }
}
