/**
 * What a learner sees while a command waits for its turn on the engine (server/docker/engine-queue.ts):
 * nothing for about a second, then one line saying how many tasks are ahead, kept up to date, and
 * gone the moment the turn comes, so that what the command prints is exactly what the docker CLI
 * prints. Where the line may appear is the terminal's call (see `StatusLine`).
 */

/** A wait shorter than this shows nothing: most turns come sooner. */
export const WAITING_LINE_DELAY_MS = 1000;

export function waitingText(ahead: number): string {
  return ahead === 0
    ? 'waiting for the engine: you are next'
    : `waiting for the engine: ${ahead} ahead of you`;
}

/** A line the terminal draws over, and erases, without it becoming part of any output. */
export interface StatusLine {
  /** Shows the text, in place of what it showed before; the terminal may decline to show it now. */
  show(text: string): void;
  hide(): void;
}

export interface Wait {
  /** How many tasks are ahead, as the queue tells it. */
  ahead(count: number): void;
  /** The turn came, or the wait was cancelled. */
  end(): void;
}

export function followWait(status: StatusLine, delayMs = WAITING_LINE_DELAY_MS): Wait {
  let latest = 0;
  let due = false;
  let ended = false;
  let timer: NodeJS.Timeout | undefined;
  return {
    ahead(count) {
      if (ended) return;
      latest = count;
      if (due) status.show(waitingText(count));
      else
        timer ??= setTimeout(() => {
          due = true;
          status.show(waitingText(latest));
        }, delayMs);
    },
    end() {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      if (due) status.hide();
    },
  };
}
