/**
 * SECURITY: one instructor's WebSocket (`/ws/instructor`). Nothing is said to it before the first
 * frame, `auth`, carries the right secret: a wrong one is answered with an `error` and the socket is
 * closed, and an address that keeps guessing is made to wait. Once in, the instructor sees the roster,
 * watches a participant's terminal read-only, resets a participant, broadcasts a line, or ends the
 * workshop. Participants are named by session id: no token ever reaches this socket.
 */
import { type WebSocket, WebSocket as WebSocketState } from 'ws';
import { parseFrame } from '../../src/shared/frame.ts';
import { MAX_FRAME_BYTES } from '../../src/shared/protocol.ts';
import {
  InstructorCloseCode,
  type InstructorServerMessage,
  instructorClientMessageSchema,
} from '../../src/shared/workshop.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { GuessLimit } from './secret-check.ts';
import { type Viewable, viewTerminal } from './terminal-view.ts';

/** A socket that does not authenticate within this long is closed. */
const AUTH_TIMEOUT_MS = 10_000;

/** What the workshop hub sees of a channel once it is authenticated. */
export interface InstructorChannel {
  /** A roster frame, already serialised (one serialisation for every dashboard). */
  sendRaw(frame: string): void;
  /** Called every roster tick: ends a view whose terminal is gone. */
  tick(): void;
}

export interface InstructorDeps {
  lab: Pick<SessionManager, 'session' | 'broadcast'>;
  checkSecret(guess: string): boolean;
  guesses: GuessLimit;
  stuckMs: number;
  /** Registers an authenticated channel (it gets the roster from now on); returns its removal. */
  join(channel: InstructorChannel): () => void;
  /** Resets one participant's sandbox; false when the session is unknown. */
  reset(sessionId: string): Promise<boolean>;
  /** Ends the workshop; resolves once everything is removed. */
  end(): Promise<number>;
}

/** Serves one dashboard socket; `address` is the client's, which secret guesses are limited by. */
export function handleInstructor(ws: WebSocket, address: string, deps: InstructorDeps): void {
  let leave: (() => void) | undefined;
  let view: { session: string; terminal: string; shell: Viewable; stop: () => void } | undefined;

  const send = (message: InstructorServerMessage) => {
    if (ws.readyState === WebSocketState.OPEN) ws.send(JSON.stringify(message));
  };
  const refuse = (message: string, code: number, reason: string) => {
    send({ type: 'error', message });
    ws.close(code, reason);
  };
  const nameOf = (sessionId: string) => {
    const name = deps.lab.session(sessionId)?.name;
    return name ?? `participant ${sessionId.slice(0, 6)}`;
  };
  const stopView = (reason?: string) => {
    if (!view) return;
    const { session, terminal, stop } = view;
    view = undefined;
    stop();
    if (reason) send({ type: 'view-end', session, terminal, reason });
  };

  const channel: InstructorChannel = {
    sendRaw: (frame) => {
      if (ws.readyState === WebSocketState.OPEN) ws.send(frame);
    },
    tick: () => {
      if (!view) return;
      const current = deps.lab.session(view.session)?.terminals.get(view.terminal);
      if (current !== view.shell) stopView('the terminal is gone: the session ended');
    },
  };

  const authTimer = setTimeout(
    () => refuse('send auth first', InstructorCloseCode.protocolError, 'expected auth'),
    AUTH_TIMEOUT_MS,
  );

  const startView = (sessionId: string, terminalId: string | undefined) => {
    const session = deps.lab.session(sessionId);
    if (!session) return send({ type: 'error', message: 'that participant has left' });
    const id = terminalId ?? session.terminals.keys().next().value;
    const shell = id === undefined ? undefined : session.terminals.get(id);
    if (id === undefined || !shell) {
      return send({ type: 'error', message: `${nameOf(sessionId)} has no terminal open yet` });
    }
    stopView();
    const stop = viewTerminal(shell, {
      start: (data) => send({ type: 'view-start', session: sessionId, terminal: id, data }),
      output: (data) => send({ type: 'view-output', session: sessionId, terminal: id, data }),
      backlog: () => ws.bufferedAmount,
      ended: (reason) => {
        view = undefined;
        send({ type: 'view-end', session: sessionId, terminal: id, reason });
      },
    });
    view = { session: sessionId, terminal: id, shell, stop };
  };

  ws.on('message', (data, isBinary) => {
    if (isBinary) return send({ type: 'error', message: 'binary frames are not part of the protocol' });
    const parsed = parseFrame(data.toString(), instructorClientMessageSchema, MAX_FRAME_BYTES);
    if (!leave) {
      clearTimeout(authTimer);
      if (!parsed.ok || parsed.message.type !== 'auth') {
        return refuse('send auth first', InstructorCloseCode.protocolError, 'expected auth');
      }
      if (deps.guesses.blocked(address)) {
        return refuse(
          'Too many wrong secrets from your address. Wait a minute, then try again.',
          InstructorCloseCode.tryAgainLater,
          'rate limited',
        );
      }
      if (!deps.checkSecret(parsed.message.secret)) {
        deps.guesses.failed(address);
        return refuse('That is not the instructor secret.', InstructorCloseCode.unauthorised, 'wrong secret');
      }
      send({ type: 'welcome', stuckMinutes: deps.stuckMs / 60_000 });
      leave = deps.join(channel);
      return;
    }
    if (!parsed.ok) return send({ type: 'error', message: parsed.reason });
    const message = parsed.message;
    switch (message.type) {
      case 'auth':
        send({ type: 'error', message: 'already authenticated' });
        break;
      case 'view':
        startView(message.session, message.terminal);
        break;
      case 'unview':
        stopView();
        break;
      case 'reset': {
        const name = nameOf(message.session);
        deps.reset(message.session).then(
          (found) =>
            send(
              found
                ? { type: 'result', action: 'reset', message: `Reset ${name}'s sandbox.` }
                : { type: 'error', message: 'that participant has left' },
            ),
          (error: Error) => send({ type: 'error', message: `could not reset ${name}: ${error.message}` }),
        );
        break;
      }
      case 'broadcast': {
        const terminals = deps.lab.broadcast(`volume-lab: message from the instructor: ${message.message}`);
        const word = terminals === 1 ? 'terminal' : 'terminals';
        send({ type: 'result', action: 'broadcast', message: `Message sent to ${terminals} ${word}.` });
        break;
      }
      case 'end':
        stopView('the workshop has ended');
        deps.end().then(
          (sessions) =>
            send({
              type: 'result',
              action: 'end',
              message: `The workshop has ended: ${sessions} ${sessions === 1 ? 'session' : 'sessions'} closed, their containers and volumes removed.`,
            }),
          (error: Error) => send({ type: 'error', message: `could not end the workshop: ${error.message}` }),
        );
        break;
    }
  });
  ws.on('close', () => {
    clearTimeout(authTimer);
    stopView();
    leave?.();
  });
  ws.on('error', () => {});
}
