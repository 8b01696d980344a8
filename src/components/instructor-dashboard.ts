/**
 * <instructor-dashboard>: the instructor's page. Asks the lab whether it runs a workshop, asks for the
 * instructor secret (kept in sessionStorage, so it dies with the tab), then shows the room live: the
 * participants (roster-view.ts), a read-only view of one participant's terminal (terminal-viewer.ts),
 * and the instructor's actions: reset a participant, broadcast a line, end the workshop.
 *
 * The markup is instructor.astro's; this element finds its parts by data attributes.
 */
import {
  broadcastTextSchema,
  INSTRUCTOR_SECRET_KEY,
  type InstructorServerMessage,
  type RosterMessage,
} from '../shared/workshop.ts';
import { copyText } from './copy-text.ts';
import { InstructorSocket, type InstructorSocketState } from './instructor-socket.ts';
import { displayName, RosterView } from './roster-view.ts';
import { TerminalViewer } from './terminal-viewer.ts';
import { workshopMode } from './workshop-mode.ts';

/** How often relative times ("3 min ago", "stuck 6 min") are brought up to date between rosters. */
const TIMES_MS = 10_000;

const CONNECTION_TEXT: Record<InstructorSocketState, string> = {
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Connection lost: reconnecting…',
};

function storedSecret(): string | null {
  try {
    return window.sessionStorage.getItem(INSTRUCTOR_SECRET_KEY);
  } catch {
    return null;
  }
}

function storeSecret(secret: string | null): void {
  try {
    if (secret === null) window.sessionStorage.removeItem(INSTRUCTOR_SECRET_KEY);
    else window.sessionStorage.setItem(INSTRUCTOR_SECRET_KEY, secret);
  } catch {
    // Without storage the secret is asked for again on reload; nothing else changes.
  }
}

export class InstructorDashboard extends HTMLElement {
  #socket: InstructorSocket | null = null;
  #roster: RosterView | null = null;
  #viewer: TerminalViewer | null = null;
  /** The terminal shown in the live view, while a view runs. */
  #viewing: { session: string; terminal: string | undefined } | null = null;
  #stuck = new Set<string>();
  #timesTimer: ReturnType<typeof setInterval> | undefined;

  connectedCallback(): void {
    this.#roster = new RosterView({
      rows: this.#part<HTMLTableSectionElement>('[data-rows]'),
      lessons: this.#part<HTMLOListElement>('[data-lessons]'),
      summary: this.#part('[data-summary]'),
      empty: this.#part('[data-empty]'),
    });
    this.#part('[data-signin]').addEventListener('submit', this.#onSignIn);
    this.#part('[data-broadcast]').addEventListener('submit', this.#onBroadcast);
    this.#part('[data-rows]').addEventListener('click', this.#onRowClick);
    this.#part('[data-end]').addEventListener('click', this.#onEnd);
    this.#part('[data-signout]').addEventListener('click', this.#onSignOut);
    this.#part('[data-unview]').addEventListener('click', this.#onUnview);
    this.#part('[data-view-terminal]').addEventListener('change', this.#onPickTerminal);
    this.#part('[data-copy-join]').addEventListener('click', this.#onCopyJoin);
    this.#part<HTMLInputElement>('[data-join-link]').value = new URL('/join', window.location.href).href;
    this.#timesTimer = setInterval(() => this.#roster?.refreshTimes(), TIMES_MS);

    void workshopMode().then((on) => {
      this.#show('[data-checking]', false);
      if (!on) return this.#show('[data-off]', true);
      const secret = storedSecret();
      if (secret) this.#open(secret);
      else this.#showSignIn();
    });
  }

  disconnectedCallback(): void {
    clearInterval(this.#timesTimer);
    this.#socket?.close();
    this.#socket = null;
    this.#viewer?.dispose();
    this.#viewer = null;
  }

  #part<T extends HTMLElement = HTMLElement>(selector: string): T {
    const el = this.querySelector<T>(selector);
    if (!el) throw new Error(`instructor-dashboard: missing ${selector}`);
    return el;
  }

  #show(selector: string, visible: boolean): void {
    this.#part(selector).hidden = !visible;
  }

  #showSignIn(error?: string): void {
    this.#show('[data-board]', false);
    this.#show('[data-conn]', false);
    this.#show('[data-signin]', true);
    const problem = this.#part('[data-signin-error]');
    problem.textContent = error ?? '';
    problem.hidden = !error;
    const input = this.#part<HTMLInputElement>('[data-signin] input');
    input.toggleAttribute('aria-invalid', Boolean(error));
    const submit = this.#part<HTMLButtonElement>('[data-signin] button');
    submit.disabled = false;
    input.focus();
  }

  #onSignIn = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = this.#part<HTMLInputElement>('[data-signin] input');
    const secret = input.value.trim();
    if (secret === '') {
      this.#showSignIn('Type the instructor secret the lab was started with.');
      return;
    }
    this.#part<HTMLButtonElement>('[data-signin] button').disabled = true;
    storeSecret(secret);
    this.#open(secret);
  };

  #open(secret: string): void {
    this.#socket?.close();
    this.#socket = new InstructorSocket(secret, {
      message: (message) => this.#onMessage(message),
      state: (state) => {
        const conn = this.#part('[data-conn]');
        conn.textContent = CONNECTION_TEXT[state];
        conn.dataset.state = state;
      },
      refused: (text, wrongSecret) => {
        this.#socket = null;
        // A wrong secret is forgotten; after "too many guesses" the right one may still be right.
        if (wrongSecret) storeSecret(null);
        this.#showSignIn(text);
      },
    });
  }

  #onMessage(message: InstructorServerMessage): void {
    switch (message.type) {
      case 'welcome': {
        this.#part<HTMLInputElement>('[data-signin] input').value = '';
        this.#part('[data-announce]').textContent = '';
        this.#show('[data-signin]', false);
        this.#show('[data-board]', true);
        this.#show('[data-conn]', true);
        this.#part('[data-stuck-minutes]').textContent = String(Math.round(message.stuckMinutes * 10) / 10);
        // A reconnect starts without a view on the server: ask for the one that was showing.
        if (this.#viewing) this.#view(this.#viewing.session, this.#viewing.terminal);
        break;
      }
      case 'roster':
        this.#onRoster(message);
        break;
      case 'view-start': {
        if (this.#viewing?.session !== message.session) return;
        this.#viewing = { session: message.session, terminal: message.terminal };
        this.#ensureViewer().start(message.data);
        this.#describeView();
        break;
      }
      case 'view-output':
        if (this.#viewing?.session === message.session && this.#viewing.terminal === message.terminal) {
          this.#viewer?.write(message.data);
        }
        break;
      case 'view-end':
        if (this.#viewing?.session === message.session) {
          const who = this.#nameOf(message.session);
          this.#viewing = null;
          this.#describeView(`${who}: view ended (${message.reason}).`);
        }
        break;
      case 'result':
        this.#announce(message.message);
        if (message.action === 'broadcast') this.#part<HTMLInputElement>('[data-broadcast] input').value = '';
        if (message.action === 'end') this.#closeView();
        break;
      case 'error':
        // Before sign-in, an error is the refusal, which the sign-in form shows.
        if (!this.#part('[data-board]').hidden) this.#announce(message.message);
        break;
    }
  }

  #onRoster(roster: RosterMessage): void {
    this.#roster?.update(roster);
    const stuckNow = new Set(roster.participants.filter((p) => p.stuck).map((p) => p.id));
    const newlyStuck = roster.participants.filter((p) => p.stuck && !this.#stuck.has(p.id));
    this.#stuck = stuckNow;
    if (newlyStuck.length > 0) {
      const names = newlyStuck.map((p) => `${displayName(p)} (${this.#roster?.lessonTitle(p.lesson)})`);
      this.#announce(`May be stuck: ${names.join(', ')}.`);
    }
    if (this.#viewing) this.#describeView();
  }

  #nameOf(session: string): string {
    const participant = this.#roster?.participant(session);
    return participant ? displayName(participant) : 'That participant';
  }

  #ensureViewer(): TerminalViewer {
    this.#show('[data-view-screen]', true);
    this.#show('[data-view-empty]', false);
    this.#viewer ??= new TerminalViewer(this.#part('[data-view-screen]'));
    return this.#viewer;
  }

  /** The live view's caption and terminal picker, from the view and the latest roster. */
  #describeView(ended?: string): void {
    const caption = this.#part('[data-view-caption]');
    const pick = this.#part('[data-view-pick]');
    const select = this.#part<HTMLSelectElement>('[data-view-terminal]');
    const viewing = this.#viewing;
    this.#show('[data-unview]', viewing !== null);
    if (!viewing) {
      pick.hidden = true;
      caption.textContent = ended ?? '';
      return;
    }
    const participant = this.#roster?.participant(viewing.session);
    caption.textContent = `${this.#nameOf(viewing.session)}, read-only`;
    const terminals = participant?.terminals ?? [];
    pick.hidden = terminals.length < 2;
    const wanted = terminals.map((id, index) => `${id}:${index + 1}`).join(' ');
    if (select.dataset.options !== wanted) {
      select.dataset.options = wanted;
      select.replaceChildren(...terminals.map((id, index) => new Option(`Terminal ${index + 1}`, id)));
    }
    if (viewing.terminal) select.value = viewing.terminal;
  }

  #view(session: string, terminal?: string): void {
    this.#viewing = { session, terminal };
    if (!this.#socket?.send({ type: 'view', session, ...(terminal ? { terminal } : {}) })) {
      this.#announce('Not connected to the lab: try again in a moment.');
    }
  }

  #onRowClick = (event: MouseEvent): void => {
    const button = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button') : null;
    const session = button?.dataset.session;
    if (!button || !session) return;
    const name = this.#nameOf(session);
    if (button.dataset.action === 'view') {
      this.#view(session);
    } else if (button.dataset.action === 'reset') {
      const sure = window.confirm(
        `Reset ${name}'s sandbox? All their containers and volumes are removed and their progress is cleared.`,
      );
      if (sure && !this.#socket?.send({ type: 'reset', session })) {
        this.#announce('Not connected to the lab: try again in a moment.');
      }
    }
  };

  #onPickTerminal = (): void => {
    const session = this.#viewing?.session;
    if (session) this.#view(session, this.#part<HTMLSelectElement>('[data-view-terminal]').value);
  };

  #onUnview = (): void => {
    this.#socket?.send({ type: 'unview' });
    this.#closeView();
  };

  /** Back to the empty live view. */
  #closeView(): void {
    this.#viewing = null;
    this.#viewer?.clear();
    this.#show('[data-view-screen]', false);
    this.#show('[data-view-empty]', true);
    this.#describeView();
  }

  #onBroadcast = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = this.#part<HTMLInputElement>('[data-broadcast] input');
    const text = broadcastTextSchema.safeParse(input.value);
    if (!text.success) {
      this.#announce(text.error.issues[0]?.message ?? 'That message cannot be sent.');
      input.focus();
      return;
    }
    if (!this.#socket?.send({ type: 'broadcast', message: text.data })) {
      this.#announce('Not connected to the lab: try again in a moment.');
    }
  };

  #onEnd = (): void => {
    const sure = window.confirm(
      "End the workshop for everyone? Every participant's session ends now and all their containers and volumes are removed. This cannot be undone.",
    );
    if (!sure) return;
    if (!this.#socket?.send({ type: 'end' }))
      this.#announce('Not connected to the lab: try again in a moment.');
    else this.#announce('Ending the workshop…');
  };

  #onSignOut = (): void => {
    storeSecret(null);
    this.#socket?.close();
    this.#socket = null;
    this.#closeView();
    this.#showSignIn();
  };

  #onCopyJoin = async (): Promise<void> => {
    const field = this.#part<HTMLInputElement>('[data-join-link]');
    const ok = await copyText(field.value, field);
    this.#announce(ok ? 'Join link copied.' : 'Select the join link and copy it.');
  };

  #announce(text: string): void {
    const region = this.#part('[data-announce]');
    // Cleared first, so the same message twice in a row is announced twice.
    region.textContent = '';
    requestAnimationFrame(() => {
      region.textContent = text;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'instructor-dashboard': InstructorDashboard;
  }
}

if (!customElements.get('instructor-dashboard'))
  customElements.define('instructor-dashboard', InstructorDashboard);
