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
import { LabSocket } from './lab-socket.ts';

export type InstructorSocketState = 'connecting' | 'open' | 'reconnecting';

export interface InstructorSocketEvents {
  message(message: InstructorServerMessage): void;
  state(state: InstructorSocketState): void;
  /** The server turned the secret away; `wrongSecret` when the secret itself was wrong. */
  refused(text: string, wrongSecret: boolean): void;
}

const BACKOFF = { firstMs: 1000, maxMs: 15_000 };

export class InstructorSocket {
  readonly #socket: LabSocket<InstructorServerMessage, InstructorClientMessage>;
  /** The last `error` of this connection: it says why, should the server then close it for good. */
  #lastError = '';

  constructor(secret: string, events: InstructorSocketEvents) {
    events.state('connecting');
    this.#socket = new LabSocket({
      path: INSTRUCTOR_WS_PATH,
      schema: instructorServerMessageSchema,
      backoff: BACKOFF,
      name: 'instructor-dashboard',
      onOpen: () => {
        this.#lastError = '';
        this.#socket.send({ type: 'auth', secret });
      },
      onMessage: (message) => {
        if (message.type === 'welcome') {
          this.#socket.resetBackoff();
          events.state('open');
        }
        if (message.type === 'error') this.#lastError = message.message;
        events.message(message);
      },
      onClose: (event) => {
        if (
          event.code !== InstructorCloseCode.unauthorised &&
          event.code !== InstructorCloseCode.tryAgainLater
        )
          return 'backoff';
        events.refused(
          this.#lastError || 'The lab refused the dashboard.',
          event.code === InstructorCloseCode.unauthorised,
        );
        return 'stop';
      },
      // A dropped network or a restarting lab.
      onRetry: () => events.state('reconnecting'),
    });
  }

  /** False when not connected: the dashboard says so instead of pretending it was sent. */
  send(message: InstructorClientMessage): boolean {
    return this.#socket.send(message);
  }

  close(): void {
    this.#socket.close(1000, 'dashboard closed');
  }
}
