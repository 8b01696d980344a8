/**
 * A read-only xterm for the instructor's live view of a participant's terminal: it shows what the
 * server sends and nothing typed into it goes anywhere (stdin is off, and nobody listens for data).
 * Colours come from the same CSS variables as the learners' terminals.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { readTheme } from './terminal-theme.ts';

export class TerminalViewer {
  readonly #term: Terminal;
  readonly #fit = new FitAddon();
  readonly #observer: ResizeObserver;
  readonly #host: HTMLElement;
  #frame = 0;

  constructor(host: HTMLElement) {
    this.#host = host;
    const style = getComputedStyle(host);
    this.#term = new Terminal({
      disableStdin: true,
      cursorBlink: false,
      convertEol: false,
      fontFamily: style.getPropertyValue('--font-mono').trim() || 'monospace',
      fontSize: 12,
      lineHeight: 1.15,
      scrollback: 3000,
      theme: readTheme(style),
    });
    this.#term.loadAddon(this.#fit);
    this.#term.open(host);
    // xterm's hidden input box is not an input here; keep it out of the tab order and away from screen readers.
    this.#term.textarea?.setAttribute('tabindex', '-1');
    this.#term.textarea?.setAttribute('aria-hidden', 'true');
    this.#observer = new ResizeObserver(() => {
      cancelAnimationFrame(this.#frame);
      this.#frame = requestAnimationFrame(() => this.#fitNow());
    });
    this.#observer.observe(host);
    this.#fitNow();
  }

  /** A new view: what the terminal showed so far. */
  start(data: string): void {
    this.#term.reset();
    this.#term.write(data);
  }

  write(data: string): void {
    this.#term.write(data);
  }

  clear(): void {
    this.#term.reset();
  }

  dispose(): void {
    cancelAnimationFrame(this.#frame);
    this.#observer.disconnect();
    this.#term.dispose();
  }

  #fitNow(): void {
    if (this.#host.clientWidth > 0 && this.#host.clientHeight > 0) this.#fit.fit();
  }
}
