/**
 * <step-list lesson="id">: the lesson's steps with their live state (StepList.astro renders them).
 *
 * State comes from the server's `checks` messages, which <lab-terminal lesson> turns into `lab-checks`
 * events. A step passes when its check holds and every step before it has passed, and then stays
 * passed (progress.ts); the first step not passed is the current one. The server's `detail` is shown under the current step only,
 * and only once the learner has tried it (a command finished, or Check now), so nobody is told off for
 * a step they have not started.
 */
import type { CheckResult } from '../shared/checks.ts';
import type { LabChecksDetail, LabReadyDetail, LabTerminal } from './lab-terminal.ts';
import { clearProgress, loadPassed, savePassed } from './progress.ts';
import { findTerminal, flash, runCommands, terminalFor } from './run-command.ts';

/** How long "Check now" waits for an answer before saying none came. */
const CHECK_TIMEOUT_MS = 5000;

/**
 * Hook for "Reset this lesson": removing the lesson's volumes and containers on the server. The
 * server has no message for that yet; when it does, send it here through `terminal`. Progress in the
 * browser is already cleared by the caller.
 */
export async function resetLessonResources(lesson: string, terminal: LabTerminal | null): Promise<void> {
  terminal?.reset(lesson);
}

export class StepList extends HTMLElement {
  #lesson = '';
  #stepIds: string[] = [];
  #passed = new Set<string>();
  /** The lowest reset count of results still worth applying (see the protocol's `epoch`). */
  #epoch = 0;
  #results = new Map<string, CheckResult>();
  /** Steps the learner has tried while they were current: their failure detail may be shown. */
  #tried = new Set<string>();
  /** The step that was current when a command finished; tried once its checks arrive. */
  #pendingTry: string | null = null;
  #checkTimer: ReturnType<typeof setTimeout> | undefined;

  #onChecks = (event: CustomEvent<LabChecksDetail>): void => this.#applyChecks(event.detail);
  #onDone = (): void => {
    this.#pendingTry = this.#current();
  };
  #onReady = (event: CustomEvent<LabReadyDetail>): void => {
    // Ask once for the state as it is now (another tab, or before a reload, may have moved it on);
    // only through one terminal, so two terminals do not double the work.
    if (event.detail.terminal === this.#terminal()) event.detail.terminal.check(this.#lesson);
  };

  connectedCallback(): void {
    this.#lesson = this.getAttribute('lesson') ?? '';
    this.#stepIds = [...this.querySelectorAll<HTMLElement>('[data-step]')].map((li) => li.dataset.step ?? '');
    this.#passed = loadPassed(this.#lesson, this.#stepIds);
    document.addEventListener('lab-checks', this.#onChecks);
    document.addEventListener('lab-done', this.#onDone);
    document.addEventListener('lab-ready', this.#onReady);
    this.addEventListener('click', this.#onClick);
    this.#render();
  }

  disconnectedCallback(): void {
    document.removeEventListener('lab-checks', this.#onChecks);
    document.removeEventListener('lab-done', this.#onDone);
    document.removeEventListener('lab-ready', this.#onReady);
    this.removeEventListener('click', this.#onClick);
    clearTimeout(this.#checkTimer);
  }

  /** The terminal that speaks for this lesson: the first one watching it. */
  #terminal(): LabTerminal | null {
    const watching = [...document.querySelectorAll('lab-terminal')].find((t) => t.lesson === this.#lesson);
    return watching ?? findTerminal();
  }

  #current(): string | null {
    return this.#stepIds.find((id) => !this.#passed.has(id)) ?? null;
  }

  #onClick = (event: MouseEvent): void => {
    const target = event.target instanceof Element ? event.target : null;
    const button = target?.closest<HTMLButtonElement>('button');
    if (!button || !this.contains(button)) return;
    if (button.dataset.run) {
      const terminal = terminalFor(button);
      if (terminal) runCommands(terminal, [button.dataset.run]);
      flash(button, 'sent');
    } else if (button.dataset.action === 'check') {
      this.#checkNow(button);
    } else if (button.dataset.action === 'reset') {
      void this.#reset();
    }
  };

  #checkNow(button: HTMLButtonElement): void {
    const current = this.#current();
    if (current) this.#tried.add(current);
    const terminal = this.#terminal();
    if (!terminal?.check(this.#lesson)) {
      this.#announce('Not connected to the lab yet. Try again in a moment.');
      return;
    }
    button.setAttribute('aria-busy', 'true');
    clearTimeout(this.#checkTimer);
    this.#checkTimer = setTimeout(() => {
      button.removeAttribute('aria-busy');
      this.#announce('The lab did not answer the check. Try again in a moment.');
    }, CHECK_TIMEOUT_MS);
  }

  #applyChecks({ lesson, results, passed, epoch }: LabChecksDetail): void {
    if (lesson !== this.#lesson) return;
    // Results evaluated before the latest reset can still be on their way: they describe what the
    // reset removed, so they must not tick steps again.
    if (epoch < this.#epoch) return;
    // A reset this page did not make (an instructor's, another tab's): the server's record is the truth now.
    const resetElsewhere = epoch > this.#epoch;
    this.#epoch = epoch;
    if (resetElsewhere) {
      this.#passed.clear();
      this.#results.clear();
      clearProgress(this.#lesson);
    }
    // The server's record is in step order too; it carries progress made on another device.
    const serverPassed = new Set(passed);
    clearTimeout(this.#checkTimer);
    this.querySelector('[data-action="check"]')?.removeAttribute('aria-busy');
    if (this.#pendingTry) this.#tried.add(this.#pendingTry);
    this.#pendingTry = null;

    for (const result of results) {
      if (this.#stepIds.includes(result.step)) this.#results.set(result.step, result);
    }
    // Steps pass in order: a check that holds before its step's turn ("no container named x" before
    // x was ever started) must not tick the step. Checks run after every command, so a step whose
    // state was reached early still passes as soon as the steps before it have.
    const newlyPassed: string[] = [];
    for (const id of this.#stepIds) {
      if (this.#passed.has(id)) continue;
      if (!this.#results.get(id)?.ok && !serverPassed.has(id)) break;
      this.#passed.add(id);
      newlyPassed.push(id);
    }
    if (newlyPassed.length > 0 || resetElsewhere) savePassed(this.#lesson, this.#passed);
    // Steps restored from the server's record after a reset elsewhere are not news.
    if (newlyPassed.length > 0 && !resetElsewhere) this.#announcePassed(newlyPassed);
    this.#render();
  }

  async #reset(): Promise<void> {
    if (
      !window.confirm(
        'Reset this lesson? Its containers and volumes are removed and your progress on its steps is cleared.',
      )
    )
      return;
    clearProgress(this.#lesson);
    this.#passed.clear();
    this.#results.clear();
    this.#tried.clear();
    this.#pendingTry = null;
    this.#render();
    // The server counts a reset twice (started, finished): only results from after it count now.
    this.#epoch += 2;
    await resetLessonResources(this.#lesson, this.#terminal());
    this.#announce('Progress on this lesson cleared.');
  }

  #titleOf(id: string): string {
    const title = this.querySelector(`[data-step="${CSS.escape(id)}"] .step-title`);
    // The title's hidden state words are not part of the step's name.
    const clone = title?.cloneNode(true);
    if (!(clone instanceof HTMLElement)) return id;
    for (const extra of clone.querySelectorAll('[data-state-text], .step-terminal')) extra.remove();
    return (clone.textContent ?? id).replace(/\s+/g, ' ').trim();
  }

  #announcePassed(ids: string[]): void {
    const passedWords = ids
      .map((id) => `Step ${this.#stepIds.indexOf(id) + 1} passed: ${this.#titleOf(id)}.`)
      .join(' ');
    const current = this.#current();
    const after = current
      ? ` Next, step ${this.#stepIds.indexOf(current) + 1}: ${this.#titleOf(current)}.`
      : ' All steps done: lesson complete.';
    this.#announce(passedWords + after);
  }

  #announce(text: string): void {
    const region = this.querySelector<HTMLElement>('[data-announce]');
    if (!region) return;
    // Clearing first makes a repeated message (two failed checks in a row) announced again.
    region.textContent = '';
    requestAnimationFrame(() => {
      region.textContent = text;
    });
  }

  #render(): void {
    const current = this.#current();
    for (const li of this.querySelectorAll<HTMLElement>('[data-step]')) {
      const id = li.dataset.step ?? '';
      const state = this.#passed.has(id) ? 'passed' : id === current ? 'current' : 'pending';
      li.dataset.state = state;
      if (state === 'current') li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
      const stateText = li.querySelector('[data-state-text]');
      if (stateText) stateText.textContent = state === 'passed' ? '(done)' : '(not done yet)';

      const detail = li.querySelector<HTMLElement>('[data-detail]');
      const result = this.#results.get(id);
      const show = state === 'current' && this.#tried.has(id) && result !== undefined && !result.ok;
      if (detail) {
        detail.hidden = !show;
        detail.textContent = show && result ? `Not yet: ${result.detail}` : '';
      }
    }
    const done = this.#passed.size;
    const total = this.#stepIds.length;
    const count = this.querySelector('[data-count]');
    if (count) count.textContent = String(done);
    this.style.setProperty('--done', String(total === 0 ? 0 : done / total));
    const complete = this.querySelector<HTMLElement>('[data-complete]');
    if (complete) complete.hidden = current !== null;
    // The page styles its end-of-lesson section from this (Lesson.astro).
    this.toggleAttribute('data-all-passed', current === null);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'step-list': StepList;
  }
}

if (!customElements.get('step-list')) customElements.define('step-list', StepList);
