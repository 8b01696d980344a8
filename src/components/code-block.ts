/**
 * <code-block>: a highlighted code block from a lesson with Run and Copy buttons (CodeBlock.astro
 * renders it). Run types the block's command lines into the terminal the block targets: the nearest
 * `data-terminal` attribute around it, else the page's first terminal.
 *
 * Children it uses: the <pre>, [data-action="run"] (absent for blocks that are not commands) and
 * [data-action="copy"], and an optional [data-announce] live region for "Copied".
 */
import { commandsFrom, copyText, flash, runCommands, SHELL_LANGUAGES, terminalFor } from './run-command.ts';

export class CodeBlock extends HTMLElement {
  #commands: string[] = [];
  #copyText = '';

  /** The command lines Run sends, as parsed from the block. */
  get commands(): readonly string[] {
    return this.#commands;
  }

  connectedCallback(): void {
    const pre = this.querySelector('pre');
    if (!pre) return;
    const language = (this.dataset.language ?? '').toLowerCase();
    const text = (pre.textContent ?? '').replace(/\n$/, '');
    this.#commands = SHELL_LANGUAGES.has(language) ? commandsFrom(text, language) : [];
    // A transcript is copied as the commands alone: pasting "$ " and output into a shell helps nobody.
    this.#copyText = language === 'console' || language === 'shellsession' ? this.#commands.join('\n') : text;
    if (!this.#copyText) this.#copyText = text;

    const run = this.querySelector<HTMLButtonElement>('[data-action="run"]');
    if (run) {
      if (this.#commands.length === 0) {
        run.remove();
      } else {
        const summary = this.#commands.length === 1 ? this.#commands[0] : `${this.#commands.length} commands`;
        const target = terminalFor(this)?.terminalName;
        const where = target && document.querySelectorAll('lab-terminal').length > 1 ? ` in ${target}` : '';
        run.setAttribute('aria-label', `Run${where}: ${summary}`);
        run.title = `Type into the terminal${where} and press Enter`;
        run.addEventListener('click', () => this.#run(run));
      }
    }
    const copy = this.querySelector<HTMLButtonElement>('[data-action="copy"]');
    copy?.addEventListener('click', () => void this.#copy(copy));
    this.dataset.ready = '';
  }

  #run(button: HTMLButtonElement): void {
    const terminal = terminalFor(this);
    if (!terminal) return;
    runCommands(terminal, this.#commands);
    flash(button, 'sent');
  }

  async #copy(button: HTMLButtonElement): Promise<void> {
    const ok = await copyText(this.#copyText);
    flash(button, ok ? 'copied' : 'failed');
    const announce = this.querySelector<HTMLElement>('[data-announce]');
    if (announce)
      announce.textContent = ok ? 'Copied to the clipboard' : 'Could not copy; select the text instead';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'code-block': CodeBlock;
  }
}

if (!customElements.get('code-block')) customElements.define('code-block', CodeBlock);
