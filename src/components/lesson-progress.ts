/**
 * <lesson-progress lesson="id" steps="a b c">: the course index's "n of m steps" for one lesson,
 * read from this browser's progress (progress.ts). The page renders "0 of m" so there is something
 * sensible before (or without) scripts; this fills in the real count and keeps it current when
 * another tab makes progress.
 *
 * Children it fills: [data-progress-text] (the words) and [data-progress-bar] (a bar, via --done).
 */
import { lessonOfKey, loadPassed } from './progress.ts';

export class LessonProgress extends HTMLElement {
  #onStorage = (event: StorageEvent): void => {
    if (event.key === null || lessonOfKey(event.key) === this.getAttribute('lesson')) this.update();
  };

  connectedCallback(): void {
    window.addEventListener('storage', this.#onStorage);
    this.update();
  }

  disconnectedCallback(): void {
    window.removeEventListener('storage', this.#onStorage);
  }

  update(): void {
    const lesson = this.getAttribute('lesson');
    if (!lesson) return;
    const steps = (this.getAttribute('steps') ?? '').split(/\s+/).filter(Boolean);
    const passed = loadPassed(lesson, steps).size;
    const total = steps.length;
    const state = passed === 0 ? 'new' : passed >= total ? 'done' : 'started';
    this.dataset.state = state;
    this.style.setProperty('--done', String(total === 0 ? 0 : passed / total));
    const text = this.querySelector<HTMLElement>('[data-progress-text]');
    if (text)
      text.textContent = state === 'done' ? `Done: all ${total} steps` : `${passed} of ${total} steps`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lesson-progress': LessonProgress;
  }
}

if (!customElements.get('lesson-progress')) customElements.define('lesson-progress', LessonProgress);
