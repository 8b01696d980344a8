/**
 * <workshop-resume>: the page a personal resume link (`/resume#<token>`) opens on another device. It
 * takes the token from the fragment (which no request carries), wipes it from the address bar and the
 * history entry, keeps it where the lab's terminals look for it, and goes on to the course.
 *
 * Children it uses: [data-checking], [data-off] (workshop mode is off), [data-invalid] (no usable token).
 */
import { sessionTokenSchema } from '../shared/protocol.ts';
import { forgetTerminals, storeToken } from './lab-storage.ts';
import { workshopMode } from './workshop-mode.ts';

export class WorkshopResume extends HTMLElement {
  connectedCallback(): void {
    const token = sessionTokenSchema.safeParse(window.location.hash.slice(1));
    // Out of the address bar and this history entry before anything else can read or share it.
    history.replaceState(null, '', window.location.pathname);
    void workshopMode().then((on) => {
      this.#show('[data-checking]', false);
      if (!on) return this.#show('[data-off]', true);
      if (!token.success) return this.#show('[data-invalid]', true);
      storeToken(token.data);
      // This tab's terminal ids belong to whatever session it had before.
      forgetTerminals();
      window.location.replace('/');
    });
  }

  #show(selector: string, visible: boolean): void {
    const el = this.querySelector<HTMLElement>(selector);
    if (el) el.hidden = !visible;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'workshop-resume': WorkshopResume;
  }
}

if (!customElements.get('workshop-resume')) customElements.define('workshop-resume', WorkshopResume);
