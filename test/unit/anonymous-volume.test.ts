import { describe, expect, it } from 'vitest';
import { ANONYMOUS_LABEL } from '../../server/labels.ts';
import { isAnonymousVolume } from '../../server/sandbox/anonymous-volume.ts';
import { createNamespace } from '../../server/sandbox/namespace.ts';

const ns = createNamespace('anontest0000');
const hex = 'c0ffee'.padEnd(64, '0');
const labels = (extra: Record<string, string> = {}) => ({ ...ns.labels, ...extra });

describe('isAnonymousVolume', () => {
  it('calls a volume a container made without a name anonymous (the engine named it)', () => {
    expect(isAnonymousVolume(ns, { Name: hex, Labels: labels({ 'com.docker.volume.anonymous': '' }) })).toBe(
      true,
    );
  });

  it('calls a bare `docker volume create` anonymous, as docker does, though the lab named it', () => {
    expect(isAnonymousVolume(ns, { Name: ns.toEngine(hex), Labels: labels({ [ANONYMOUS_LABEL]: '' }) })).toBe(
      true,
    );
  });

  it('calls a volume the learner named named, even a 64-hex name typed on purpose', () => {
    expect(isAnonymousVolume(ns, { Name: ns.toEngine('my-volume'), Labels: labels() })).toBe(false);
    expect(isAnonymousVolume(ns, { Name: ns.toEngine(hex), Labels: labels() })).toBe(false);
  });

  it('judges a name alone when the labels are unknown (a mount the listing has not seen yet)', () => {
    expect(isAnonymousVolume(ns, { Name: hex, Labels: null })).toBe(true);
    expect(isAnonymousVolume(ns, { Name: ns.toEngine('data'), Labels: null })).toBe(false);
  });
});
