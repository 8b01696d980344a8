import { describe, expect, it } from 'vitest';
import {
  Admission,
  type AdmissionLimits,
  LAB_FULL_MESSAGE,
  TokenBucket,
} from '../../server/session/admission.ts';

const limits: AdmissionLimits = {
  maxSessions: 2,
  maxSockets: 3,
  maxSocketsPerAddress: 2,
  sessionsPerAddress: 2,
  connectsPerSecond: 1,
  connectBurst: 5,
  commandsPerSecond: 2,
  commandBurst: 3,
};

describe('token bucket', () => {
  it('allows the burst, then refills at the rate', () => {
    const bucket = new TokenBucket(2, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.take(499)).toBe(false);
    expect(bucket.take(500)).toBe(true);
  });
});

describe('admission', () => {
  it('tells a newcomer the lab is full once the sessions cap is reached', () => {
    const admission = new Admission(limits);
    expect(admission.session(1)).toEqual({ ok: true });
    expect(admission.session(2)).toEqual({ ok: false, reason: 'full', message: LAB_FULL_MESSAGE });
  });

  it('caps the sessions one address holds, saying so, only where the cap applies', () => {
    const admission = new Admission({ ...limits, maxSessions: 100 });
    expect(admission.session(10, 1)).toEqual({ ok: true });
    const refused = admission.session(10, 2);
    expect(refused).toMatchObject({ ok: false, reason: 'address' });
    expect(refused.ok ? '' : refused.message).toBe(
      'Your network already has 2 lab sessions, the most one address may hold at once. Carry on in the browser where you started (your work is kept there), or try again once one has ended.',
    );
    // A workshop admits by name: no address count is given.
    expect(admission.session(10)).toEqual({ ok: true });
    // The lab being full is said first.
    expect(admission.session(100, 5)).toEqual({ ok: false, reason: 'full', message: LAB_FULL_MESSAGE });
  });

  it('caps sockets per address and overall, and frees them on release', () => {
    let now = 0;
    const admission = new Admission(limits, () => now);
    const a1 = admission.socket('a');
    const a2 = admission.socket('a');
    expect(a1.ok && a2.ok).toBe(true);
    expect(admission.socket('a')).toMatchObject({ ok: false, reason: 'full' });
    const b1 = admission.socket('b');
    expect(b1.ok).toBe(true);
    expect(admission.socket('c')).toMatchObject({ ok: false, reason: 'full' });
    if (a1.ok) {
      a1.release();
      a1.release();
    }
    expect(admission.openSockets).toBe(2);
    now = 10_000;
    expect(admission.socket('c').ok).toBe(true);
  });

  it('rate-limits connections from one address without touching another', () => {
    const admission = new Admission({ ...limits, maxSockets: 100, maxSocketsPerAddress: 100 }, () => 0);
    const results = Array.from({ length: 6 }, () => admission.socket('flood').ok);
    expect(results).toEqual([true, true, true, true, true, false]);
    expect(admission.socket('quiet').ok).toBe(true);
  });

  it('rate-limits commands per session', () => {
    let now = 0;
    const admission = new Admission(limits, () => now);
    expect([1, 2, 3, 4].map(() => admission.command('s1'))).toEqual([true, true, true, false]);
    expect(admission.command('s2')).toBe(true);
    now = 500;
    expect(admission.command('s1')).toBe(true);
  });
});
