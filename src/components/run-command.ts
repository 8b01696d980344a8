/**
 * What the lesson pages' Run buttons share: turning a code block's text into command lines, finding
 * the terminal a block targets, and sending the lines there.
 */
import type { LabTerminal } from './lab-terminal.ts';

/** Languages whose blocks are commands to run; `console` blocks also hold output (see commandsFrom). */
export const SHELL_LANGUAGES: ReadonlySet<string> = new Set([
  'sh',
  'shell',
  'bash',
  'zsh',
  'console',
  'shellsession',
]);
const TRANSCRIPT_LANGUAGES: ReadonlySet<string> = new Set(['console', 'shellsession']);

/**
 * The command lines in a code block: backslash-continued lines joined, blank lines and comments
 * dropped. In a transcript (`console`) only lines after a `$ ` prompt are commands; the rest is output.
 */
export function commandsFrom(text: string, language: string): string[] {
  const transcript = TRANSCRIPT_LANGUAGES.has(language);
  const commands: string[] = [];
  let pending: string | null = null;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line = raw;
    if (pending === null) {
      if (transcript) {
        const prompt = /^\s*\$\s?/.exec(line);
        if (!prompt) continue;
        line = line.slice(prompt[0].length);
      }
      if (/^\s*(#|$)/.test(line)) continue;
    }
    const continued = /\\\s*$/.test(line);
    const body = continued ? line.replace(/\\\s*$/, '') : line;
    pending = pending === null ? body.trimEnd() : `${pending.trimEnd()} ${body.trim()}`;
    if (!continued) {
      commands.push(pending.trim());
      pending = null;
    }
  }
  if (pending?.trim()) commands.push(pending.trim());
  return commands;
}

/** The terminal called `name` on this page, or the first terminal when there is none by that name. */
export function findTerminal(name?: string | null): LabTerminal | null {
  const all = [...document.querySelectorAll('lab-terminal')];
  return all.find((terminal) => name && terminal.terminalName === name) ?? all[0] ?? null;
}

/** The terminal a Run button inside `from` targets: the nearest `data-terminal` around it, else the first. */
export function terminalFor(from: Element): LabTerminal | null {
  return findTerminal(from.closest<HTMLElement>('[data-terminal]')?.dataset.terminal);
}

/**
 * Types `commands` into `terminal` one after another. Focus stays on the button; when the terminal is
 * out of sight (the stacked phone layout) it is scrolled into view so the learner sees what happened.
 */
export function runCommands(terminal: LabTerminal, commands: readonly string[]): void {
  terminal.runAll(commands, { focus: false });
  const box = terminal.getBoundingClientRect();
  const visible = Math.min(box.bottom, window.innerHeight) - Math.max(box.top, 0);
  if (visible < Math.min(box.height, window.innerHeight) * 0.4) {
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    terminal.scrollIntoView({ block: 'nearest', behavior: smooth ? 'smooth' : 'auto' });
  }
}

/** Copies text, falling back to a selection copy where the Clipboard API is missing (plain-http LAN origins). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    // Deprecated, but the only way left on an insecure origin.
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** Briefly shows an outcome on a button ("Sent", "Copied") without changing its accessible name for good. */
export function flash(button: HTMLElement, state: string, ms = 1400): void {
  button.dataset.flash = state;
  const previous = Number(button.dataset.flashTimer ?? 0);
  clearTimeout(previous);
  button.dataset.flashTimer = String(window.setTimeout(() => delete button.dataset.flash, ms));
}
