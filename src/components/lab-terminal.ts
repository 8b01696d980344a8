/**
 * <lab-terminal>: one xterm.js terminal wired to a shell in the learner's sandbox over the
 * WebSocket protocol in src/shared/protocol.ts (described in docs/protocol.md).
 *
 * Attributes:
 *   terminal-name  which terminal of the page this is (default "main"); a reload reattaches to it.
 *   focus-on-load  give it keyboard focus once created.
 *   lesson         the lesson the page shows: after every `ready` the terminal sends `watch` for it,
 *                  so the server pushes that lesson's `checks` after each finished command.
 *
 * Light DOM, so the page stylesheet (and xterm.css) apply. Optional children it uses when present:
 *   [data-screen]       where xterm renders; created if missing. Its data-keys-hint names the id of
 *                       the text that says how to leave the terminal by keyboard.
 *   [data-status]       the role=status live region; created if missing.
 *   [data-status-text]  the text inside it that names the connection state.
 *
 * Events (all bubble):
 *   `lab-ready`   detail {terminal}: connected (again); the page may ask for `check()` now.
 *   `lab-done`    detail {command, exitCode} after each finished command line.
 *   `lab-checks`  detail {lesson, results} for each `checks` message from the server.
 *   `lab-state`   detail {volumes, containers} for each `state` message: the session's volumes and
 *                 containers as they are now (pushed while the page watches a lesson); empty once
 *                 the session has ended.
 *
 * Keyboard: Tab belongs to the shell (completion), so Escape then Tab within a second leaves the
 * terminal instead — otherwise a keyboard-only learner could never get out again.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import type { CheckResult } from '../shared/checks.ts';
import {
  type ClientMessage,
  CloseCode,
  checkMessageSchema,
  MAX_FRAME_BYTES,
  resetMessageSchema,
  runMessageSchema,
  type ServerMessage,
  type SessionState,
  serverMessageSchema,
  WS_PATH,
  watchMessageSchema,
} from '../shared/protocol.ts';
import { LabSocket, type Retry } from './lab-socket.ts';
import { storedName, storedTerminal, storedToken, storeTerminal, storeToken } from './lab-storage.ts';
import { readTheme } from './terminal-theme.ts';

/** `waiting`: the lab is full or rate limits us, retrying in a minute; `ended`: the session is over, no retries. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'waiting' | 'ended';

export interface LabDoneDetail {
  command: string;
  exitCode: number;
}

export interface LabChecksDetail {
  lesson: string;
  results: CheckResult[];
  /** Steps the session has passed, as the server keeps them (another device, an earlier visit). */
  passed: string[];
  /** The session's reset count for the lesson when these results were evaluated. */
  epoch: number;
}

/** The session as the server last described it; the message minus its `type`. */
export type LabStateDetail = Omit<SessionState, 'type'>;

export interface LabReadyDetail {
  terminal: LabTerminal;
}

export interface RunOptions {
  /**
   * Move keyboard focus into the terminal (default true). Run buttons pass false: a keyboard user
   * reading down the page should stay where they are, and on a phone focus would open the keyboard.
   */
  focus?: boolean;
}

const BACKOFF = { firstMs: 500, maxMs: 15_000 };
/** After "the lab is full" (1013), retrying sooner would only keep it full. */
const TRY_AGAIN_MS = 60_000;
/** Run-button clicks made while offline are kept for the next connection, but not without bound. */
const MAX_PENDING_RUNS = 8;
/** How long after Escape a Tab still means "leave the terminal". */
const ESCAPE_TAB_MS = 1000;
const MIN_SIZE = 2;
const MAX_SIZE = 1000;

const STATE_TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  waiting: 'Lab busy: retrying in a minute',
  ended: 'Session ended: reload to start again',
};

const encoder = new TextEncoder();

function clampSize(n: number): number {
  return Math.min(MAX_SIZE, Math.max(MIN_SIZE, Math.floor(n)));
}

/** Server text shown in the terminal must not be able to smuggle in escape sequences. */
function printable(text: string): string {
  return Array.from(text, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code < 0x20 || (code >= 0x7f && code < 0xa0) ? ' ' : ch;
  }).join('');
}

export class LabTerminal extends HTMLElement {
  #term: Terminal | null = null;
  #fit: FitAddon | null = null;
  #resizeObserver: ResizeObserver | null = null;
  #fitFrame = 0;
  #socket: LabSocket<ServerMessage, ClientMessage> | null = null;
  #ready = false;
  #helloSize = { cols: 0, rows: 0 };
  #terminalId: string | undefined;
  #pendingRuns: ClientMessage[] = [];
  #state: ConnectionState | null = null;
  #statusText: HTMLElement | null = null;
  /** Command lines of a multi-line Run still to send, one per `done`. */
  #sequence: string[] = [];
  #escapeAt = 0;
  #onOnline = (): void => {
    // The network is back: don't make the learner sit out the rest of a long backoff.
    this.#socket?.retryNow();
  };

  get terminalName(): string {
    return this.getAttribute('terminal-name') || 'main';
  }

  get state(): ConnectionState | null {
    return this.#state;
  }

  /** The lesson this terminal watches, from the `lesson` attribute; null for a free sandbox. */
  get lesson(): string | null {
    return this.getAttribute('lesson') || null;
  }

  /** Types `command` at the prompt and presses Enter; queued until connected if need be. */
  run(command: string, options: RunOptions = {}): void {
    // A Run button's command is written by a course author, so a malformed one is a bug to surface.
    const message = runMessageSchema.parse({ type: 'run', command });
    if (this.#ready) {
      this.#send(message);
    } else {
      this.#pendingRuns.push(message);
      if (this.#pendingRuns.length > MAX_PENDING_RUNS) this.#pendingRuns.shift();
    }
    if (options.focus !== false) this.#term?.focus();
  }

  /**
   * Runs several command lines one after another, each once the previous one is `done`, as a
   * learner would type them. Sending them all at once would type the later ones into the first
   * command while it runs. A new call replaces whatever of an earlier sequence is still waiting.
   */
  runAll(commands: readonly string[], options: RunOptions = {}): void {
    const [first, ...rest] = commands;
    if (first === undefined) return;
    for (const command of rest) runMessageSchema.parse({ type: 'run', command });
    this.#sequence = rest;
    this.run(first, options);
  }

  /** Asks the server to remove what the lesson made and forget its progress; false when not connected. */
  reset(lesson: string): boolean {
    if (!this.#ready) return false;
    this.#send(resetMessageSchema.parse({ type: 'reset', lesson }));
    return true;
  }

  /** Asks the server to evaluate the lesson's checks now; false when not connected to ask. */
  check(lesson: string | null = this.lesson): boolean {
    if (!this.#ready) return false;
    this.#send(checkMessageSchema.parse(lesson ? { type: 'check', lesson } : { type: 'check' }));
    return true;
  }

  override focus(options?: FocusOptions): void {
    if (this.#term) this.#term.focus();
    else super.focus(options);
  }

  connectedCallback(): void {
    if (this.#term) return;
    const screen = this.#ensureChild(
      '[data-screen]',
      () => {
        const el = document.createElement('div');
        el.dataset.screen = '';
        el.style.height = '100%';
        return el;
      },
      'append',
    );
    this.#ensureStatus();
    this.#terminalId = this.#storedTerminalId();

    const style = getComputedStyle(this);
    const term = new Terminal({
      cursorBlink: true,
      screenReaderMode: true,
      // The server already sends \r\n; converting again would double-space raw-mode programs.
      convertEol: false,
      fontFamily: style.getPropertyValue('--font-mono').trim() || 'monospace',
      fontSize: Number.parseFloat(style.getPropertyValue('--term-font-size')) || 14,
      lineHeight: 1.2,
      scrollback: 5000,
      theme: readTheme(style),
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(screen);
    // Screen readers then tell a keyboard user how to get out again (see #onKey).
    const keysHint = screen.dataset.keysHint;
    if (keysHint) term.textarea?.setAttribute('aria-describedby', keysHint);
    this.#term = term;
    this.#fit = fit;
    this.#fitNow();

    term.attachCustomKeyEventHandler((event) => this.#onKey(event));
    term.onData((data) => this.#sendInput(data));
    term.onResize(({ cols, rows }) => {
      if (this.#ready) this.#send({ type: 'resize', cols: clampSize(cols), rows: clampSize(rows) });
    });

    this.#resizeObserver = new ResizeObserver(() => this.#scheduleFit());
    this.#resizeObserver.observe(screen);
    // Glyph metrics change once web fonts land; refit so the last column is not clipped.
    document.fonts.ready.then(() => this.#scheduleFit());
    window.addEventListener('online', this.#onOnline);

    if (this.hasAttribute('focus-on-load')) term.focus();
    this.#setState('connecting');
    this.#connect();
  }

  disconnectedCallback(): void {
    window.removeEventListener('online', this.#onOnline);
    cancelAnimationFrame(this.#fitFrame);
    this.#resizeObserver?.disconnect();
    this.#resizeObserver = null;
    const socket = this.#socket;
    this.#socket = null;
    this.#ready = false;
    socket?.close(1000, 'terminal removed');
    this.#term?.dispose();
    this.#term = null;
    this.#fit = null;
  }

  #ensureChild(selector: string, create: () => HTMLElement, where: 'prepend' | 'append'): HTMLElement {
    const found = this.querySelector<HTMLElement>(selector);
    if (found) return found;
    const el = create();
    this[where](el);
    return el;
  }

  #ensureStatus(): void {
    const create = (): HTMLElement => {
      const el = document.createElement('div');
      el.dataset.status = '';
      el.setAttribute('role', 'status');
      el.setAttribute('aria-live', 'polite');
      return el;
    };
    const status = this.#ensureChild('[data-status]', create, 'prepend');
    this.#statusText = status.querySelector<HTMLElement>('[data-status-text]') ?? status;
  }

  #announceState(detail: LabStateDetail): void {
    this.dispatchEvent(
      new CustomEvent<LabStateDetail>('lab-state', { detail, bubbles: true, composed: true }),
    );
  }

  #storedTerminalId(): string | undefined {
    return storedTerminal(this.terminalName) ?? undefined;
  }

  #storedSession(): string | undefined {
    return storedToken() ?? undefined;
  }

  #scheduleFit(): void {
    cancelAnimationFrame(this.#fitFrame);
    this.#fitFrame = requestAnimationFrame(() => this.#fitNow());
  }

  #fitNow(): void {
    const screen = this.#term?.element?.parentElement;
    // A hidden terminal has no box; fitting it would shrink it to the minimum size.
    if (!this.#fit || !screen || screen.clientWidth === 0 || screen.clientHeight === 0) return;
    this.#fit.fit();
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.dataset.state = state;
    // Only touched on a real change, so the live region announces transitions, not every retry.
    if (this.#statusText) this.#statusText.textContent = STATE_TEXT[state];
  }

  #connect(): void {
    this.#socket = new LabSocket({
      path: WS_PATH,
      schema: serverMessageSchema,
      backoff: BACKOFF,
      name: 'lab-terminal',
      onOpen: () => this.#sendHello(),
      onMessage: (message) => this.#handle(message),
      onClose: (event) => this.#onClose(event),
      onRetry: (delay, onSchedule) => {
        if (onSchedule) this.#setState('reconnecting');
        if (this.#statusText) this.#statusText.title = `next attempt in ${Math.round(delay / 1000)} s`;
      },
    });
  }

  #sendHello(): void {
    const term = this.#term;
    if (!term) return;
    this.#helloSize = { cols: clampSize(term.cols), rows: clampSize(term.rows) };
    const session = this.#storedSession();
    // A workshop participant's display name, from the join page; self-paced learners have none.
    const name = storedName();
    this.#send({
      type: 'hello',
      ...(session ? { session } : {}),
      ...(name ? { name } : {}),
      ...(this.#terminalId ? { terminal: this.#terminalId } : {}),
      ...this.#helloSize,
    });
  }

  #handle(message: ServerMessage): void {
    switch (message.type) {
      case 'ready':
        this.#onReady(message.session, message.terminal);
        break;
      case 'output':
        this.#term?.write(message.data);
        break;
      case 'done': {
        const next = this.#sequence.shift();
        if (next !== undefined) this.run(next, { focus: false });
        this.dispatchEvent(
          new CustomEvent<LabDoneDetail>('lab-done', {
            detail: { command: message.command, exitCode: message.exitCode },
            bubbles: true,
            composed: true,
          }),
        );
        break;
      }
      case 'checks':
        this.dispatchEvent(
          new CustomEvent<LabChecksDetail>('lab-checks', {
            detail: {
              lesson: message.lesson,
              results: message.results,
              passed: message.passed,
              epoch: message.epoch,
            },
            bubbles: true,
            composed: true,
          }),
        );
        break;
      case 'state':
        // Already validated against stateMessageSchema by serverMessageSchema in the LabSocket.
        this.#announceState({ volumes: message.volumes, containers: message.containers });
        break;
      case 'error':
        this.#notice(message.message);
        break;
    }
  }

  #onReady(session: string, terminal: string): void {
    storeToken(session);
    storeTerminal(this.terminalName, terminal);
    this.#terminalId = terminal;
    this.#ready = true;
    this.#socket?.resetBackoff();
    this.#setState('connected');
    if (this.#statusText) this.#statusText.title = '';
    const term = this.#term;
    // Resizes between hello and ready were not sent; catch the server up.
    if (term && (term.cols !== this.#helloSize.cols || term.rows !== this.#helloSize.rows)) {
      this.#send({ type: 'resize', cols: clampSize(term.cols), rows: clampSize(term.rows) });
    }
    // Watching is re-sent on every ready: a new connection must not depend on the last one's state.
    const lesson = this.lesson;
    if (lesson) this.#send(watchMessageSchema.parse({ type: 'watch', lesson }));
    for (const message of this.#pendingRuns.splice(0)) this.#send(message);
    this.dispatchEvent(
      new CustomEvent<LabReadyDetail>('lab-ready', {
        detail: { terminal: this },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** xterm's key hook: false lets the browser have the key (here, Tab to move focus on). */
  #onKey(event: KeyboardEvent): boolean {
    if (event.type !== 'keydown') return true;
    if (event.key === 'Escape') {
      this.#escapeAt = event.timeStamp;
      return true;
    }
    if (event.key === 'Tab' && !event.ctrlKey && !event.altKey && !event.metaKey) {
      const leaving = this.#escapeAt > 0 && event.timeStamp - this.#escapeAt < ESCAPE_TAB_MS;
      this.#escapeAt = 0;
      return !leaving;
    }
    this.#escapeAt = 0;
    return true;
  }

  #onClose(event: CloseEvent): Retry {
    const wasReady = this.#ready;
    this.#ready = false;
    // The `done` that would release the next line may never come; don't fire it at a later command.
    this.#sequence = [];
    if (!wasReady && event.code === CloseCode.protocolError) {
      // The server refused our hello, most likely over a session or terminal it no longer knows.
      // Retrying with the same ids would fail forever, so start afresh.
      storeToken(null);
      storeTerminal(this.terminalName, null);
      this.#terminalId = undefined;
    }
    if (event.code === CloseCode.sessionEnded) {
      // The session is over (it expired, or the workshop ended) and its sandbox is gone: reconnecting
      // would quietly start a new one. Stop, forget it, and say how to start again.
      storeToken(null);
      storeTerminal(this.terminalName, null);
      this.#terminalId = undefined;
      this.#pendingRuns = [];
      this.#setState('ended');
      this.#notice('session ended, reload to start again');
      // Everything the session had was removed with it: the diagram shows that, not its last picture.
      this.#announceState({ volumes: [], containers: [] });
      return 'stop';
    }
    if (event.code === CloseCode.tryAgainLater) {
      // The lab is full or rate limits this address; the `error` just before the close said which, and
      // the terminal shows it. Retrying at the usual pace would only keep it full.
      this.#setState('waiting');
      return { afterMs: TRY_AGAIN_MS };
    }
    if (wasReady) {
      const why = event.code === CloseCode.goingAway ? 'the lab server is restarting' : 'connection lost';
      this.#notice(`${why}; reconnecting…`);
    }
    return 'backoff';
  }

  #sendInput(data: string): void {
    if (!this.#ready) return;
    const message: ClientMessage = { type: 'input', data };
    const bytes = encoder.encode(JSON.stringify(message)).byteLength;
    if (bytes > MAX_FRAME_BYTES) {
      // Refused whole, never truncated: half a paste could run half a command.
      this.#notice(
        `paste not sent: ${Math.ceil(bytes / 1024)} KiB is over the ${MAX_FRAME_BYTES / 1024} KiB limit`,
      );
      return;
    }
    this.#socket?.send(message);
  }

  #send(message: ClientMessage): void {
    this.#socket?.send(message);
  }

  /** A line from the lab itself rather than the shell, dimmed so it reads as an aside. */
  #notice(text: string): void {
    const term = this.#term;
    if (!term) return;
    // Writes are parsed asynchronously; wait for earlier output to land before reading the cursor.
    term.write('', () => {
      const lead = term.buffer.active.cursorX === 0 ? '' : '\r\n';
      term.write(`${lead}\x1b[2m${printable(text)}\x1b[22m\r\n`);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lab-terminal': LabTerminal;
  }
  interface HTMLElementEventMap {
    'lab-ready': CustomEvent<LabReadyDetail>;
    'lab-done': CustomEvent<LabDoneDetail>;
    'lab-checks': CustomEvent<LabChecksDetail>;
    'lab-state': CustomEvent<LabStateDetail>;
  }
  interface DocumentEventMap {
    'lab-ready': CustomEvent<LabReadyDetail>;
    'lab-done': CustomEvent<LabDoneDetail>;
    'lab-checks': CustomEvent<LabChecksDetail>;
    'lab-state': CustomEvent<LabStateDetail>;
  }
}

if (!customElements.get('lab-terminal')) customElements.define('lab-terminal', LabTerminal);
