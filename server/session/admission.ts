/**
 * SECURITY: how much one client can ask of the lab. Caps on sessions and sockets keep a full room
 * from tipping the server over (newcomers are told the lab is full instead); rate limits per client
 * address and per session keep one script from crowding out everyone else.
 */

/** A token bucket: `burst` at once, refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly perSecond: number;
  private readonly burst: number;

  constructor(perSecond: number, burst: number, now: number) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.last = now;
  }

  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** True once the bucket has refilled: it can be forgotten without changing anyone's limit. */
  full(now: number): boolean {
    return this.tokens + ((now - this.last) / 1000) * this.perSecond >= this.burst;
  }
}

export interface AdmissionLimits {
  /** Sessions the server keeps at once (connected or not, until they expire). */
  maxSessions: number;
  /** Open WebSockets over all clients. */
  maxSockets: number;
  /** Open WebSockets from one client address (a classroom behind one NAT shares one). */
  maxSocketsPerAddress: number;
  /**
   * Sessions one client address may hold at once, in self-paced mode: without it one script takes
   * every session and the lab is full for everyone until they expire. A workshop admits by name.
   */
  sessionsPerAddress: number;
  /** New WebSockets per second one address may open, after a burst of `connectBurst`. */
  connectsPerSecond: number;
  connectBurst: number;
  /** Commands per second one session may run, after a burst of `commandBurst`. */
  commandsPerSecond: number;
  commandBurst: number;
}

export type Refusal = { ok: false; reason: 'full' | 'rate' | 'address'; message: string };

export const LAB_FULL_MESSAGE = 'The lab is full right now. Try again in a minute.';
const RATE_MESSAGE = 'Too many connections from your address. Try again in a minute.';

export class Admission {
  readonly limits: AdmissionLimits;
  private sockets = 0;
  private readonly perAddress = new Map<string, number>();
  private readonly connectBuckets = new Map<string, TokenBucket>();
  private readonly commandBuckets = new Map<string, TokenBucket>();
  private readonly now: () => number;

  constructor(limits: AdmissionLimits, now: () => number = Date.now) {
    this.limits = limits;
    this.now = now;
  }

  /**
   * Admits a new socket from an address, or says why not. An admitted socket must be released when
   * it closes.
   */
  socket(address: string): { ok: true; release: () => void } | Refusal {
    const now = this.now();
    let bucket = this.connectBuckets.get(address);
    if (!bucket) {
      bucket = new TokenBucket(this.limits.connectsPerSecond, this.limits.connectBurst, now);
      this.connectBuckets.set(address, bucket);
    }
    if (!bucket.take(now)) return { ok: false, reason: 'rate', message: RATE_MESSAGE };
    const fromAddress = this.perAddress.get(address) ?? 0;
    if (this.sockets >= this.limits.maxSockets || fromAddress >= this.limits.maxSocketsPerAddress) {
      return { ok: false, reason: 'full', message: LAB_FULL_MESSAGE };
    }
    this.sockets++;
    this.perAddress.set(address, fromAddress + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.sockets--;
        const left = (this.perAddress.get(address) ?? 1) - 1;
        if (left === 0) this.perAddress.delete(address);
        else this.perAddress.set(address, left);
      },
    };
  }

  /**
   * Whether a session that does not exist yet may start, given how many there are and, where the
   * per-address cap applies, how many its client's address holds.
   */
  session(existing: number, fromAddress?: number): { ok: true } | Refusal {
    if (existing >= this.limits.maxSessions) return { ok: false, reason: 'full', message: LAB_FULL_MESSAGE };
    if (fromAddress !== undefined && fromAddress >= this.limits.sessionsPerAddress) {
      const cap = this.limits.sessionsPerAddress;
      return {
        ok: false,
        reason: 'address',
        message: `Your network already has ${cap} lab session${cap === 1 ? '' : 's'}, the most one address may hold at once. Carry on in the browser where you started (your work is kept there), or try again once one has ended.`,
      };
    }
    return { ok: true };
  }

  /** Whether a session may run one more command now. */
  command(sessionId: string): boolean {
    const now = this.now();
    let bucket = this.commandBuckets.get(sessionId);
    if (!bucket) {
      bucket = new TokenBucket(this.limits.commandsPerSecond, this.limits.commandBurst, now);
      this.commandBuckets.set(sessionId, bucket);
    }
    return bucket.take(now);
  }

  get openSockets(): number {
    return this.sockets;
  }

  /** Forgets buckets that have refilled, so the maps hold only recently busy clients. */
  sweep(): void {
    const now = this.now();
    for (const [key, bucket] of this.connectBuckets) if (bucket.full(now)) this.connectBuckets.delete(key);
    for (const [key, bucket] of this.commandBuckets) if (bucket.full(now)) this.commandBuckets.delete(key);
  }
}
