/**
 * A read-only view of one participant's terminal for the instructor: what it showed so far, then
 * everything it shows from now on. Nothing goes back: the view has no way to write to the terminal.
 */

/** What a view needs of a terminal (TerminalShell has it). */
export interface Viewable {
  snapshot(): string;
  watch(listener: (data: string) => void): () => void;
}

export interface TerminalViewOptions {
  /** What the terminal showed before the view began. */
  start(data: string): void;
  /** More output, batched per turn of the event loop (a keystroke's echo is not a frame of its own). */
  output(data: string): void;
  /** Bytes sent to the viewer but not yet taken; above `maxBacklog` the view gives up. */
  backlog(): number;
  /** The view stopped by itself (the viewer fell too far behind). */
  ended(reason: string): void;
  /** Default 4 MiB: a dashboard that stops reading must not make the server hold a terminal's life. */
  maxBacklog?: number;
}

/** Starts a view; the returned function stops it. */
export function viewTerminal(shell: Viewable, options: TerminalViewOptions): () => void {
  const maxBacklog = options.maxBacklog ?? 4 * 1024 * 1024;
  let pending = '';
  let stopped = false;
  const flush = () => {
    if (stopped || pending === '') return;
    const data = pending;
    pending = '';
    if (options.backlog() > maxBacklog) {
      stop();
      options.ended('the dashboard fell too far behind this terminal');
      return;
    }
    options.output(data);
  };
  options.start(shell.snapshot());
  const unwatch = shell.watch((data) => {
    if (pending === '') queueMicrotask(flush);
    pending += data;
  });
  const stop = () => {
    stopped = true;
    pending = '';
    unwatch();
  };
  return stop;
}
