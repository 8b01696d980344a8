/**
 * The one translator of dockerode's errors. dockerode (through docker-modem) rejects with loosely typed
 * objects; every engine call in server/docker goes through `engineCall`, so everything above it sees
 * an EngineError when the daemon answered, and the error as it was (a socket that closed, an abort)
 * when it did not.
 */

/** An error the daemon answered with. `message` is the daemon's own text, as the CLI prints it. */
export class EngineError extends Error {
  readonly statusCode: number;
  constructor(statusCode: number, message: string) {
    super(message);
    this.name = 'EngineError';
    this.statusCode = statusCode;
  }
}

/** What docker-modem rejects with when the daemon answered: the status and the daemon's JSON body. */
interface DockerodeError {
  statusCode?: number;
  json?: { message?: string } | null;
  message?: string;
  reason?: string;
}

function toEngineError(error: unknown): Error {
  const e = error as DockerodeError;
  if (typeof e?.statusCode === 'number') {
    const message = e.json?.message ?? e.reason ?? e.message ?? 'unknown error';
    return new EngineError(e.statusCode, message);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Runs one dockerode call, rejecting with an EngineError for whatever the daemon refused. */
export async function engineCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toEngineError(error);
  }
}
