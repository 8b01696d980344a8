/**
 * Draws the instructor's roster: one table row per participant and the per-lesson completion list.
 * Rows are kept by session id and only the cells that changed are touched, so a button keeps its
 * focus while the room changes around it. Times are shown relative to the server's clock (the roster
 * says what time it was there), so a dashboard on a laptop with a wrong clock still reads right.
 */
import type { LessonCount, Participant, RosterMessage } from '../shared/workshop.ts';

export interface RosterViewElements {
  rows: HTMLTableSectionElement;
  lessons: HTMLOListElement;
  /** "n participants · n connected · n stuck" */
  summary: HTMLElement;
  /** Shown while nobody has joined. */
  empty: HTMLElement;
}

const MINUTE = 60_000;

/** "just now", "12 s ago", "4 min ago", "2 h ago" */
export function ago(ms: number): string {
  if (ms < 5000) return 'just now';
  if (ms < MINUTE) return `${Math.floor(ms / 1000)} s ago`;
  if (ms < 60 * MINUTE) return `${Math.floor(ms / MINUTE)} min ago`;
  return `${Math.floor(ms / (60 * MINUTE))} h ago`;
}

export function displayName(participant: Pick<Participant, 'id' | 'name'>): string {
  return participant.name ?? `Unnamed ${participant.id.slice(0, 6)}`;
}

function setText(el: Element | null, text: string): void {
  if (el && el.textContent !== text) el.textContent = text;
}

function cell(tag: 'td' | 'th', className: string, html: string): HTMLTableCellElement {
  const el = document.createElement(tag);
  el.className = className;
  // Static markup only: every value goes in later through textContent.
  el.innerHTML = html;
  return el;
}

function newRow(id: string): HTMLTableRowElement {
  const row = document.createElement('tr');
  row.dataset.id = id;
  const name = cell('th', 'c-name', '<span class="name"></span><span class="sub" data-completed></span>');
  name.scope = 'row';
  row.append(
    name,
    cell('td', 'c-lesson', '<span class="lesson"></span>'),
    cell(
      'td',
      'c-steps',
      '<span class="steps"></span><span class="bar" aria-hidden="true"><span></span></span>',
    ),
    cell(
      'td',
      'c-command',
      '<span class="command"><code></code><span class="exit"></span></span><span class="sub" data-when></span>',
    ),
    cell(
      'td',
      'c-status',
      '<span class="state"><span class="dot" aria-hidden="true"></span><span data-state-text></span></span><span class="stuck" data-stuck hidden></span>',
    ),
    cell(
      'td',
      'c-actions',
      '<button type="button" class="button" data-action="view">View</button><button type="button" class="button button-quiet" data-action="reset">Reset</button>',
    ),
  );
  for (const button of row.querySelectorAll('button')) button.dataset.session = id;
  return row;
}

export class RosterView {
  readonly #el: RosterViewElements;
  #roster: RosterMessage | null = null;
  /** Server clock minus this page's clock, from the last roster. */
  #skew = 0;
  #rows = new Map<string, HTMLTableRowElement>();
  #lessonItems = new Map<string, HTMLLIElement>();

  constructor(elements: RosterViewElements) {
    this.#el = elements;
  }

  /** The server's clock now, as best this page can tell. */
  serverNow(): number {
    return Date.now() + this.#skew;
  }

  participant(id: string): Participant | undefined {
    return this.#roster?.participants.find((p) => p.id === id);
  }

  lessonTitle(id: string | null): string {
    if (id === null || !this.#roster) return '';
    const index = this.#roster.lessons.findIndex((lesson) => lesson.id === id);
    const lesson = this.#roster.lessons[index];
    return lesson ? `${index + 1}. ${lesson.title}` : id;
  }

  update(roster: RosterMessage): void {
    this.#roster = roster;
    this.#skew = roster.at - Date.now();
    const seen = new Set<string>();
    let previous: HTMLTableRowElement | null = null;
    for (const participant of roster.participants) {
      seen.add(participant.id);
      let row = this.#rows.get(participant.id);
      if (!row) {
        row = newRow(participant.id);
        this.#rows.set(participant.id, row);
      }
      // Keep the server's order without re-inserting rows that are already in place (that would drop focus).
      const wanted: Element | null = previous ? previous.nextElementSibling : this.#el.rows.firstElementChild;
      if (wanted !== row) {
        if (previous) previous.after(row);
        else this.#el.rows.prepend(row);
      }
      this.#fill(row, participant);
      previous = row;
    }
    for (const [id, row] of this.#rows) {
      if (seen.has(id)) continue;
      row.remove();
      this.#rows.delete(id);
    }
    this.#el.empty.hidden = roster.participants.length > 0;
    this.#renderLessons(roster.lessons, roster.participants.length);
    const connected = roster.participants.filter((p) => p.connected).length;
    const stuck = roster.participants.filter((p) => p.stuck).length;
    const count = roster.participants.length;
    setText(
      this.#el.summary,
      `${count} ${count === 1 ? 'participant' : 'participants'} · ${connected} connected · ${stuck} stuck`,
    );
  }

  /** Relative times age between rosters; call it every few seconds. */
  refreshTimes(): void {
    if (!this.#roster) return;
    for (const participant of this.#roster.participants) {
      const row = this.#rows.get(participant.id);
      if (row) this.#fillTimes(row, participant);
    }
  }

  #fill(row: HTMLTableRowElement, p: Participant): void {
    const name = displayName(p);
    setText(row.querySelector('.name'), name);
    setText(
      row.querySelector('[data-completed]'),
      `${p.completed} ${p.completed === 1 ? 'lesson' : 'lessons'} done`,
    );
    const lesson = row.querySelector<HTMLElement>('.lesson');
    const title = p.lesson === null ? 'Not in a lesson yet' : this.lessonTitle(p.lesson);
    setText(lesson, title);
    if (lesson) {
      lesson.title = title;
      lesson.classList.toggle('none', p.lesson === null);
    }
    setText(row.querySelector('.steps'), p.lesson === null ? '–' : `${p.passed} of ${p.steps}`);
    const bar = row.querySelector<HTMLElement>('.bar');
    bar?.style.setProperty('--done', String(p.steps === 0 ? 0 : p.passed / p.steps));
    if (bar) bar.hidden = p.lesson === null;
    setText(row.querySelector('.c-command code'), p.lastCommand ? p.lastCommand.command : '');
    const exit = row.querySelector<HTMLElement>('.exit');
    setText(exit, p.lastCommand && p.lastCommand.exitCode !== 0 ? `exit ${p.lastCommand.exitCode}` : '');
    if (exit) exit.hidden = !p.lastCommand || p.lastCommand.exitCode === 0;
    row.dataset.connected = String(p.connected);
    row.dataset.stuck = String(p.stuck);
    setText(row.querySelector('[data-state-text]'), p.connected ? 'Connected' : 'Offline');
    const view = row.querySelector<HTMLButtonElement>('[data-action="view"]');
    if (view) {
      view.disabled = p.terminals.length === 0;
      view.setAttribute('aria-label', `View ${name}'s terminal`);
    }
    row.querySelector('[data-action="reset"]')?.setAttribute('aria-label', `Reset ${name}'s sandbox`);
    this.#fillTimes(row, p);
  }

  #fillTimes(row: HTMLTableRowElement, p: Participant): void {
    const now = this.serverNow();
    setText(
      row.querySelector('[data-when]'),
      p.lastCommand ? ago(Math.max(0, now - p.lastCommand.at)) : 'no command yet',
    );
    const stuck = row.querySelector<HTMLElement>('[data-stuck]');
    if (stuck) {
      stuck.hidden = !p.stuck;
      setText(stuck, p.stuck ? `Stuck ${Math.floor(Math.max(0, now - p.progressAt) / MINUTE)} min` : '');
    }
  }

  #renderLessons(lessons: readonly LessonCount[], participants: number): void {
    lessons.forEach((lesson, index) => {
      let item = this.#lessonItems.get(lesson.id);
      if (!item) {
        item = document.createElement('li');
        // Static markup only, as in cell().
        item.innerHTML =
          '<span class="l-title"></span><span class="bar" aria-hidden="true"><span></span></span><span class="l-count"></span>';
        this.#lessonItems.set(lesson.id, item);
        this.#el.lessons.append(item);
      }
      setText(item.querySelector('.l-title'), `${index + 1}. ${lesson.title}`);
      const here = lesson.here > 0 ? ` · ${lesson.here} on it now` : '';
      setText(item.querySelector('.l-count'), `${lesson.completed} of ${participants} done${here}`);
      item
        .querySelector<HTMLElement>('.bar')
        ?.style.setProperty('--done', String(participants === 0 ? 0 : lesson.completed / participants));
      item.dataset.complete = String(participants > 0 && lesson.completed === participants);
    });
  }
}
