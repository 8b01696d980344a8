/**
 * <resume-link hidden>: on the course index in workshop mode, the participant's personal resume link
 * with a Copy button (to carry on from another device), or, before they joined, a pointer to the join
 * page. Stays hidden in self-paced mode.
 *
 * Children it uses: [data-joined] with [data-joined-as] and [data-name], input[data-link], button[data-copy],
 * [data-copied] (a live region); [data-not-joined].
 */
import { copyText } from './copy-text.ts';
import { resumeLink, storedName, storedToken } from './lab-storage.ts';
import { workshopMode } from './workshop-mode.ts';

export class ResumeLink extends HTMLElement {
  #copy = async (): Promise<void> => {
    const field = this.querySelector<HTMLInputElement>('input[data-link]');
    const copied = this.querySelector<HTMLElement>('[data-copied]');
    if (!field) return;
    const ok = await copyText(field.value, field);
    if (copied) copied.textContent = ok ? 'Copied.' : 'Select the link and copy it.';
  };

  connectedCallback(): void {
    this.querySelector('[data-copy]')?.addEventListener('click', this.#copy);
    void workshopMode().then((on) => {
      if (!on) return;
      const token = storedToken();
      const joined = this.querySelector<HTMLElement>('[data-joined]');
      const notJoined = this.querySelector<HTMLElement>('[data-not-joined]');
      if (joined) joined.hidden = token === null;
      if (notJoined) notJoined.hidden = token !== null;
      if (token) {
        const field = this.querySelector<HTMLInputElement>('input[data-link]');
        if (field) field.value = resumeLink(token);
        // A device that came in through a resume link never saw the join page: no name to show there.
        const name = storedName();
        const joinedAs = this.querySelector<HTMLElement>('[data-joined-as]');
        if (joinedAs) joinedAs.hidden = name === null;
        const nameEl = this.querySelector<HTMLElement>('[data-name]');
        if (nameEl) nameEl.textContent = name ?? '';
      }
      this.hidden = false;
    });
  }

  disconnectedCallback(): void {
    this.querySelector('[data-copy]')?.removeEventListener('click', this.#copy);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'resume-link': ResumeLink;
  }
}

if (!customElements.get('resume-link')) customElements.define('resume-link', ResumeLink);
