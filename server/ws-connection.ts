/**
 * One WebSocket: validates every frame, joins the socket to a session's terminal on `hello`, and
 * relays input and output. A malformed frame is answered with an `error` message, never a crash.
 */
import { WebSocket } from 'ws';
import { parseFrame } from '../src/shared/frame.ts';
import type { Lesson } from '../src/shared/lesson.ts';
import {
  CloseCode,
  clientMessageSchema,
  MAX_FRAME_BYTES,
  type ServerMessage,
} from '../src/shared/protocol.ts';
import { createLessonWatch, type LessonWatch } from './checks/lesson-watch.ts';
import type { Refusal } from './session/admission.ts';
import type { LabSession, SessionManager } from './session/session-manager.ts';
import type { TerminalShell, TerminalSink } from './shell/terminal-shell.ts';

/** What one socket asks of the sessions behind it. */
export type ConnectionManager = Pick<SessionManager, 'join' | 'track'>;

/** A socket that never says hello is closed after this long. */
const HELLO_TIMEOUT_MS = 10_000;

/** A refusal a page can show: said in an `error` frame, then the socket is closed as "try again later". */
export function refuseSocket(ws: WebSocket, refusal: Refusal): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'error', message: refusal.message }));
  const reasons: Record<Refusal['reason'], string> = {
    full: 'lab full',
    rate: 'rate limited',
    address: 'address at its session cap',
  };
  ws.close(CloseCode.tryAgainLater, reasons[refusal.reason]);
}

/**
 * Serves one admitted socket; `lessons` are the course's lessons by id, for `watch` and `check`, and
 * `address` is the client's, as admission counts it.
 */
export function handleConnection(
  ws: WebSocket,
  manager: ConnectionManager,
  lessons: ReadonlyMap<string, Lesson>,
  address: string,
): void {
  let shell: TerminalShell | undefined;
  let active: LabSession | undefined;
  let lessonWatch: LessonWatch | undefined;
  let untrack: (() => void) | undefined;
  const send = (message: ServerMessage) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  };
  // readline echoes keystroke by keystroke; output written in one turn of the event loop goes out as
  // one frame instead of dozens.
  let pending = '';
  const flush = () => {
    if (pending === '') return;
    const data = pending;
    pending = '';
    send({ type: 'output', data });
  };
  const sink: TerminalSink = {
    output: (data) => {
      if (pending === '') queueMicrotask(flush);
      pending += data;
    },
    done: (command, exitCode) => {
      flush();
      send({ type: 'done', command, exitCode });
      lessonWatch?.changed();
    },
    backlog: () => ws.bufferedAmount + pending.length,
  };
  const helloTimer = setTimeout(() => ws.close(CloseCode.protocolError, 'expected hello'), HELLO_TIMEOUT_MS);

  ws.on('message', (data, isBinary) => {
    if (isBinary) return send({ type: 'error', message: 'binary frames are not part of the protocol' });
    const parsed = parseFrame(data.toString(), clientMessageSchema, MAX_FRAME_BYTES);
    if (!parsed.ok) {
      send({ type: 'error', message: parsed.reason });
      // Without a valid hello there is no terminal to talk to: say why, then hang up.
      if (!shell) ws.close(CloseCode.protocolError, 'expected hello');
      return;
    }
    const message = parsed.message;
    if (message.type === 'hello') {
      if (shell) return send({ type: 'error', message: 'hello was already received on this connection' });
      clearTimeout(helloTimer);
      const joined = manager.join(message, address);
      if (!joined.ok) return refuseSocket(ws, joined);
      const { session, services, terminal } = joined;
      active = session;
      lessonWatch = createLessonWatch({
        lessons,
        services,
        ns: session.ns,
        progress: session.progress,
        resets: session.resets,
        report: (lesson, results, passed, epoch) => send({ type: 'checks', lesson, results, passed, epoch }),
        reportState: (state) => send({ type: 'state', ...state }),
      });
      lessonWatch.picture();
      untrack = manager.track(session.id, ws, () => lessonWatch?.changed());
      shell = terminal.shell;
      send({ type: 'ready', session: joined.token, terminal: terminal.id });
      shell.attach(sink);
      if (terminal.fresh) shell.start();
      else {
        shell.replay();
        shell.resize(message.cols, message.rows);
      }
      return;
    }
    if (!shell) {
      send({ type: 'error', message: `send hello before ${message.type}` });
      ws.close(CloseCode.protocolError, 'expected hello');
      return;
    }
    // Typing is what keeps a session alive; a page merely left open is not.
    if (active && (message.type === 'input' || message.type === 'run')) active.lastActive = Date.now();
    switch (message.type) {
      case 'input':
        shell.input(message.data);
        break;
      case 'resize':
        shell.resize(message.cols, message.rows);
        break;
      case 'run':
        shell.runLine(message.command);
        break;
      case 'watch': {
        const problem = lessonWatch?.watch(message.lesson);
        if (problem) send({ type: 'error', message: problem });
        else if (active) active.lesson = message.lesson ?? undefined;
        break;
      }
      case 'check': {
        const problem = lessonWatch?.check(message.lesson);
        if (problem) send({ type: 'error', message: problem });
        break;
      }
      case 'reset': {
        const problem = lessonWatch?.reset(message.lesson);
        if (problem) send({ type: 'error', message: problem });
        break;
      }
    }
  });
  ws.on('close', () => {
    clearTimeout(helloTimer);
    untrack?.();
    shell?.detach(sink);
  });
  // ws reports protocol violations (oversized frames, bad UTF-8) here and closes the socket itself.
  ws.on('error', () => {});
}
