/**
 * A session's terminals: made the first time a page names one, then kept on the session, so a reload
 * or a second device gets the same shell (and its history) back. A new terminal runs the lab's
 * commands against its session's engine, with its session's rate limit and extend key.
 */

import { createCompleter } from '../commands/complete.ts';
import type { LabServices } from '../commands/context.ts';
import { runCommand } from '../commands/dispatch.ts';
import { TerminalShell } from '../shell/terminal-shell.ts';
import { newTerminalId, type Session } from './session-store.ts';

/** What a page asks for: a terminal it had (by id), or a new one, at its size. */
export interface TerminalRequest {
  readonly terminal?: string | undefined;
  readonly cols: number;
  readonly rows: number;
}

export interface OpenedTerminal {
  readonly id: string;
  readonly shell: TerminalShell;
  /** Made for this page, which starts its prompt; otherwise the page replays what it missed. */
  readonly fresh: boolean;
}

/** What a new terminal asks of its session's manager. */
export interface TerminalHooks {
  /** The session's rate limit: false refuses the command line with a reason. */
  mayRun(): boolean;
  /** The extend key was pressed; returns what to tell the learner. */
  extend(): string;
}

export function openTerminal(
  session: Session<TerminalShell>,
  services: LabServices,
  request: TerminalRequest,
  hooks: TerminalHooks,
): OpenedTerminal {
  const id = request.terminal ?? newTerminalId();
  const existing = session.terminals.get(id);
  if (existing) return { id, shell: existing, fresh: false };
  const shell = new TerminalShell({
    id,
    services,
    ns: session.ns,
    run: runCommand,
    cols: request.cols,
    rows: request.rows,
    mayRun: hooks.mayRun,
    onCommand: (command, exitCode) => {
      session.lastCommand = { command, exitCode, at: Date.now() };
    },
    onExtendKey: hooks.extend,
    complete: createCompleter(services.engine, services.containers, session.ns),
  });
  session.terminals.set(id, shell);
  return { id, shell, fresh: true };
}
