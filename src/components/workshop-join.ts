/**
 * <workshop-join>: the join page. In workshop mode, a participant picks a display name; the page then
 * says hello to the lab once with it, so the instructor sees them at once and the session (and its
 * first terminal, which the first lesson page reattaches to) exists before they open a lesson. Then on
 * to the course. In self-paced mode it only says that workshop mode is off.
 *
 * Children it uses: [data-checking] (shown while asking), [data-off], [data-form] with an input and
 * [data-error] (role=alert), [data-submit].
 */
import {
  type ClientMessage,
  displayNameSchema,
  type ServerMessage,
  serverMessageSchema,
  WS_PATH,
} from '../shared/protocol.ts';
import { LabSocket } from './lab-socket.ts';
import {
  storedName,
  storedTerminal,
  storedToken,
  storeName,
  storeTerminal,
  storeToken,
} from './lab-storage.ts';
import { workshopMode } from './workshop-mode.ts';

type HelloFrame = Extract<ClientMessage, { type: 'hello' }>;

/** The terminal most lesson pages (and the sandbox) have: their first terminal reattaches to this one. */
const FIRST_TERMINAL = 'main';
const JOIN_TIMEOUT_MS = 10_000;

/** Says hello once and resolves with the session token and terminal id, or rejects with text to show. */
function hello(frame: HelloFrame): Promise<{ session: string; terminal: string }> {
  return new Promise((resolve, reject) => {
    let problem = 'Could not reach the lab. Check your network, then try again.';
    const socket: LabSocket<ServerMessage, ClientMessage> = new LabSocket({
      path: WS_PATH,
      schema: serverMessageSchema,
      // No retry reaches the participant: the join gives up after JOIN_TIMEOUT_MS and says why instead.
      backoff: { firstMs: JOIN_TIMEOUT_MS, maxMs: JOIN_TIMEOUT_MS },
      name: 'workshop-join',
      onOpen: () => socket.send(frame),
      onMessage: (message) => {
        if (message.type === 'error') problem = message.message;
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve({ session: message.session, terminal: message.terminal });
          socket.close(1000, 'joined');
        }
      },
      onClose: () => {
        clearTimeout(timer);
        reject(new Error(problem));
        return 'stop';
      },
    });
    const timer = setTimeout(() => {
      socket.close(1000, 'no answer');
      reject(new Error(problem));
    }, JOIN_TIMEOUT_MS);
  });
}

export class WorkshopJoin extends HTMLElement {
  #form: HTMLFormElement | null = null;
  #input: HTMLInputElement | null = null;
  #error: HTMLElement | null = null;
  #submit: HTMLButtonElement | null = null;

  connectedCallback(): void {
    this.#form = this.querySelector('[data-form]');
    this.#input = this.querySelector('[data-form] input');
    this.#error = this.querySelector('[data-error]');
    this.#submit = this.querySelector('[data-submit]');
    this.#form?.addEventListener('submit', this.#onSubmit);
    void workshopMode().then((on) => {
      this.#show('[data-checking]', false);
      this.#show('[data-off]', !on);
      this.#show('[data-form]', on);
      if (on && this.#input) {
        this.#input.value = storedName() ?? '';
        this.#input.focus();
      }
    });
  }

  disconnectedCallback(): void {
    this.#form?.removeEventListener('submit', this.#onSubmit);
  }

  #show(selector: string, visible: boolean): void {
    const el = this.querySelector<HTMLElement>(selector);
    if (el) el.hidden = !visible;
  }

  #fail(text: string): void {
    if (this.#error) {
      this.#error.textContent = text;
      this.#error.hidden = false;
    }
    this.#input?.setAttribute('aria-invalid', 'true');
    this.#input?.focus();
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const name = displayNameSchema.safeParse(this.#input?.value ?? '');
    if (!name.success) {
      this.#fail(name.error.issues[0]?.message ?? 'That name cannot be used.');
      return;
    }
    this.#input?.removeAttribute('aria-invalid');
    if (this.#error) this.#error.hidden = true;
    storeName(name.data);
    const submit = this.#submit;
    if (submit) {
      submit.disabled = true;
      submit.textContent = 'Joining…';
    }
    const session = storedToken();
    const terminal = storedTerminal(FIRST_TERMINAL);
    try {
      const joined = await hello({
        type: 'hello',
        cols: 80,
        rows: 24,
        name: name.data,
        ...(session ? { session } : {}),
        ...(terminal ? { terminal } : {}),
      });
      storeToken(joined.session);
      storeTerminal(FIRST_TERMINAL, joined.terminal);
      window.location.assign('/');
    } catch (error) {
      this.#fail((error as Error).message);
      if (submit) {
        submit.disabled = false;
        submit.textContent = 'Join';
      }
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'workshop-join': WorkshopJoin;
  }
}

if (!customElements.get('workshop-join')) customElements.define('workshop-join', WorkshopJoin);
