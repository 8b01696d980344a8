import { describe, expect, it } from 'vitest';
import { ANONYMOUS_LABEL, DECLARED_VOLUME_LABEL } from '../../server/labels.ts';
import {
  anonymousVolumeLabels,
  ENGINE_ANONYMOUS_LABEL,
  isAnonymousVolume,
} from '../../server/sandbox/anonymous-volume.ts';
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

describe('anonymousVolumeLabels', () => {
  it('gives the engine’s own label where Engine 26.1 gives it, and none to a --mount without a source', () => {
    expect(anonymousVolumeLabels(ns, { kind: 'create' }, true)).toEqual(
      labels({ [ENGINE_ANONYMOUS_LABEL]: '' }),
    );
    expect(anonymousVolumeLabels(ns, { kind: 'volume-flag', declaredAs: '/d/' }, true)).toEqual(
      labels({ [DECLARED_VOLUME_LABEL]: '/d/', [ENGINE_ANONYMOUS_LABEL]: '' }),
    );
    expect(anonymousVolumeLabels(ns, { kind: 'image-volume', declaredAs: '/data' }, true)).toEqual(
      labels({ [DECLARED_VOLUME_LABEL]: '/data', [ENGINE_ANONYMOUS_LABEL]: '' }),
    );
    const mount = anonymousVolumeLabels(ns, { kind: 'mount-flag' }, true);
    expect(mount).toEqual(labels());
    expect(isAnonymousVolume(ns, { Name: hex, Labels: mount })).toBe(false);
  });

  it('marks every one with the lab’s own label on an engine without one (20.10)', () => {
    for (const origin of [{ kind: 'create' }, { kind: 'mount-flag' }] as const) {
      const marked = anonymousVolumeLabels(ns, origin, false);
      expect(marked[ANONYMOUS_LABEL]).toBe('');
      expect(marked[ENGINE_ANONYMOUS_LABEL]).toBeUndefined();
      expect(isAnonymousVolume(ns, { Name: hex, Labels: marked })).toBe(true);
    }
  });
});
