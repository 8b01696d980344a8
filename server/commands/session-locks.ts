/**
 * One lock per session, for what must not interleave between its terminals: checking a quota and
 * creating what it limits. Several terminals of one session sending `docker run` at the same moment
 * would otherwise all pass the check before any of them created anything.
 */
export class SessionLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` once every earlier task of the same session has finished. */
  run<T>(sessionId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(sessionId) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => {});
    this.tails.set(sessionId, tail);
    void tail.then(() => {
      if (this.tails.get(sessionId) === tail) this.tails.delete(sessionId);
    });
    return result;
  }
}
