import { describe, expect, it } from 'vitest';
import {
  deadline,
  endedMessage,
  expiryWarning,
  extend,
  type LifecyclePolicy,
} from '../../server/session/session-lifecycle.ts';

const MINUTE = 60_000;
const policy: LifecyclePolicy = {
  idleMs: 45 * MINUTE,
  lifetimeMs: 120 * MINUTE,
  extendMs: 30 * MINUTE,
  maxLifetimeMs: 240 * MINUTE,
  warnMs: 5 * MINUTE,
};
const start = 1_000_000;
const fresh = () => ({ createdAt: start, lastActive: start, expiresAt: start + policy.lifetimeMs });

describe('session deadlines', () => {
  it('ends an untouched session when it has been idle too long', () => {
    expect(deadline(fresh(), policy)).toEqual({ at: start + 45 * MINUTE, reason: 'idle' });
  });

  it('ends a busy session at the end of its lifetime', () => {
    const session = { ...fresh(), lastActive: start + 110 * MINUTE };
    expect(deadline(session, policy)).toEqual({ at: start + 120 * MINUTE, reason: 'lifetime' });
  });
});

describe('warnings', () => {
  it('says nothing while the deadline is far', () => {
    expect(expiryWarning(fresh(), policy, start + 39 * MINUTE)).toBeUndefined();
  });

  it('tells an idle learner that any key keeps the session', () => {
    expect(expiryWarning(fresh(), policy, start + 41 * MINUTE)).toBe(
      'volume-lab: this session ends in 4 minutes unless you type something. Press any key to keep it.',
    );
  });

  it('offers the extend key before the lifetime ends', () => {
    const session = { ...fresh(), lastActive: start + 117 * MINUTE };
    expect(expiryWarning(session, policy, start + 118 * MINUTE)).toBe(
      'volume-lab: this session ends in 2 minutes. Press Ctrl-X to extend it by 30 minutes.',
    );
  });

  it('does not offer the extend key at the hard limit', () => {
    const session = { ...fresh(), lastActive: start + 237 * MINUTE, expiresAt: start + 240 * MINUTE };
    expect(expiryWarning(session, policy, start + 238 * MINUTE)).toBe(
      'volume-lab: this session reaches its 240 minutes limit in 2 minutes; then its containers and volumes are removed.',
    );
  });
});

describe('extending', () => {
  it('moves the lifetime on by the extension', () => {
    const session = fresh();
    expect(extend(session, policy)).toBe(true);
    expect(session.expiresAt).toBe(start + 150 * MINUTE);
  });

  it('stacks presses up to the hard limit, and says so once there', () => {
    const session = fresh();
    const presses = Array.from({ length: 5 }, () => extend(session, policy));
    expect(presses).toEqual([true, true, true, true, false]);
    expect(session.expiresAt).toBe(start + 240 * MINUTE);
  });
});

it('says why a session ended', () => {
  expect(endedMessage('idle', policy)).toContain('nothing was typed for 45 minutes');
  expect(endedMessage('workshop', policy)).toContain('the instructor ended the workshop');
});
