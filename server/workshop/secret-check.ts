/**
 * SECURITY: checking the instructor secret. Comparison takes the same time however much of a guess is
 * right, and an address that guesses wrong too often is made to wait before it may guess again.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Digests have one length whatever was sent, so comparing them says nothing about the secret's length. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A constant-time test of a guess against the secret. */
export function createSecretCheck(secret: string): (guess: string) => boolean {
  const expected = digest(secret);
  return (guess) => timingSafeEqual(digest(guess.trim()), expected);
}

export interface GuessLimitOptions {
  /** Wrong guesses an address may make within `windowMs` (default 5). */
  maxFailures?: number;
  /** Default one minute. */
  windowMs?: number;
  now?: () => number;
}

/**
 * Wrong guesses per client address in a fixed window. A classroom behind one NAT shares an address, so
 * a participant guessing can make the instructor wait too; the window is short for that reason, and
 * with a secret of 12 characters or more, guessing within it is hopeless anyway.
 */
export class GuessLimit {
  private readonly failures = new Map<string, { count: number; since: number }>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: GuessLimitOptions = {}) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** True while the address has used up its wrong guesses: it may not try again yet. */
  blocked(address: string): boolean {
    const entry = this.current(address);
    return entry !== undefined && entry.count >= this.maxFailures;
  }

  failed(address: string): void {
    const entry = this.current(address);
    if (entry) entry.count++;
    else this.failures.set(address, { count: 1, since: this.now() });
  }

  /** Forgets windows that have passed, so the map holds only recent guessers. */
  sweep(): void {
    for (const address of [...this.failures.keys()]) this.current(address);
  }

  private current(address: string): { count: number; since: number } | undefined {
    const entry = this.failures.get(address);
    if (entry && this.now() - entry.since >= this.windowMs) {
      this.failures.delete(address);
      return undefined;
    }
    return entry;
  }
}
