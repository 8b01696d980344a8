/**
 * The dashboard's connection to `/ws/instructor` (docs/protocol.md, "Instructor protocol"): sends the
 * secret first, validates every frame with the shared schemas, and reconnects when the network drops
 * it. A refusal (wrong secret, too many guesses) is final: retrying would only count as more guesses.
 */
import {
  INSTRUCTOR_WS_PATH,
  type InstructorClientMessage,
  InstructorCloseCode,
  type InstructorServerMessage,
  instructorServerMessageSchema,
} from '../shared/workshop.ts';

export type InstructorSocketState = 'connecting' | 'open' | 'reconnecting';

export interface InstructorSocketEvents {
  message(message: InstructorServerMessage): void;
  state(state: InstructorSocketState): void;
  /** The server turned the secret away; `wrongSecret` when the secret itself was wrong. */
  refused(text: string, wrongSecret: boolean): void;
}

const BACKOFF_FIRST_MS = 1000;
const BACKOFF_MAX_MS = 15_000;

export class InstructorSocket {
  readonly #secret: string;
  readonly #events: InstructorSocketEvents;
  #socket: WebSocket | null = null;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(secret: string, events: InstructorSocketEvents) {
    this.#secret = secret;
    this.#events = events;
    this.#connect();
  }

  /** False when not connected: the dashboard says so instead of pretending it was sent. */
  send(message: InstructorClientMessage): boolean {
    if (this.#socket?.readyState !== WebSocket.OPEN) return false;
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#socket?.close(1000, 'dashboard closed');
    this.#socket = null;
  }

  #connect(): void {
    this.#events.state(this.#attempt === 0 ? 'connecting' : 'reconnecting');
    const url = new URL(INSTRUCTOR_WS_PATH, window.location.href);
    url.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.#socket = socket;
    let lastError = '';
    socket.addEventListener('open', () =>
      socket.send(JSON.stringify({ type: 'auth', secret: this.#secret })),
    );
    socket.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (socket !== this.#socket) return;
      let json: unknown;
      try {
        json = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const parsed = instructorServerMessageSchema.safeParse(json);
      if (!parsed.success) {
        console.warn('instructor-dashboard: ignoring invalid frame', parsed.error.issues);
        return;
      }
      if (parsed.data.type === 'welcome') {
        this.#attempt = 0;
        this.#events.state('open');
      }
      if (parsed.data.type === 'error') lastError = parsed.data.message;
      this.#events.message(parsed.data);
    });
    socket.addEventListener('close', (event) => {
      if (socket !== this.#socket || this.#closed) return;
      this.#socket = null;
      if (
        event.code === InstructorCloseCode.unauthorised ||
        event.code === InstructorCloseCode.tryAgainLater
      ) {
        this.#closed = true;
        this.#events.refused(
          lastError || 'The lab refused the dashboard.',
          event.code === InstructorCloseCode.unauthorised,
        );
        return;
      }
      // A dropped network or a restarting lab: try again, backing off, with jitter so tabs do not align.
      const delay =
        Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.#attempt) * (0.8 + Math.random() * 0.4);
      this.#attempt++;
      this.#events.state('reconnecting');
      this.#timer = setTimeout(() => this.#connect(), delay);
    });
  }
}
