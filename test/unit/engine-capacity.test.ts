import { describe, expect, it } from 'vitest';
import { findCapacity } from '../../bench/engine/capacity.ts';

const levels = (rates: Record<number, number>) =>
  Object.entries(rates).map(([workers, startsPerSecond]) => ({
    workers: Number(workers),
    startsPerSecond,
    latencyMs: { total: { p95: 100 * Number(workers) } },
  }));

describe("the engine benchmark's capacity", () => {
  it('is the rate of the fewest workers that reach 90% of the best rate', () => {
    const capacity = findCapacity(levels({ 1: 1.8, 2: 3.1, 4: 4.0, 8: 4.3, 16: 4.1 }), 0.1);
    expect(capacity).toEqual({
      startsPerSecond: 4.0,
      workers: 4,
      p95Ms: 400,
      plateauPerSecond: 4.3,
      reached: true,
    });
  });

  it('is not fooled by one disturbed level below the plateau', () => {
    const capacity = findCapacity(levels({ 1: 5.4, 2: 5.4, 4: 9.5, 8: 8.9, 16: 8.7 }), 0.1);
    expect(capacity).toMatchObject({ startsPerSecond: 9.5, workers: 4, reached: true });
  });

  it('is a lower bound when only the last level reached the plateau', () => {
    const capacity = findCapacity(levels({ 1: 1, 2: 2, 4: 3.5 }), 0.1);
    expect(capacity).toMatchObject({ startsPerSecond: 3.5, workers: 4, reached: false });
  });

  it('counts levels in order of concurrency, whatever order they ran in', () => {
    const capacity = findCapacity(levels({ 4: 3, 1: 1, 2: 2.9 }), 0.1);
    expect(capacity).toMatchObject({ startsPerSecond: 2.9, workers: 2, reached: true });
  });
});
