import { describe, expect, it } from 'vitest';
import { findCapacity } from '../../bench/engine/capacity.ts';

const levels = (rates: Record<number, number>) =>
  Object.entries(rates).map(([workers, startsPerSecond]) => ({
    workers: Number(workers),
    startsPerSecond,
    p95Ms: 100 * Number(workers),
  }));

describe("the engine benchmark's capacity", () => {
  it('is the best rate up to the first level that adds less than the gain', () => {
    const capacity = findCapacity(levels({ 1: 1.8, 2: 3.1, 4: 4.0, 8: 4.3, 16: 4.1 }), 0.1);
    expect(capacity).toMatchObject({ startsPerSecond: 4.3, workers: 8, kneeWorkers: 8, reached: true });
  });

  it('ignores a better rate past the knee, where latency already grew for nothing', () => {
    const capacity = findCapacity(levels({ 1: 2, 2: 3.5, 4: 3.6, 8: 3.7, 16: 4.5 }), 0.1);
    expect(capacity).toMatchObject({ startsPerSecond: 3.6, workers: 4, kneeWorkers: 4 });
  });

  it('is a lower bound when every level still scaled', () => {
    const capacity = findCapacity(levels({ 1: 1, 2: 2, 4: 3.5 }), 0.1);
    expect(capacity).toMatchObject({ startsPerSecond: 3.5, workers: 4, kneeWorkers: null, reached: false });
  });

  it('counts levels in order of concurrency, whatever order they ran in', () => {
    const capacity = findCapacity(levels({ 4: 3, 1: 1, 2: 2.9 }), 0.1);
    expect(capacity).toMatchObject({ startsPerSecond: 3, workers: 4, kneeWorkers: 4 });
  });
});
