import { describe, expect, it } from 'vitest';
import {
  besideRoom,
  countWithin,
  engineRate,
  meanWithin,
  saturatedStretches,
} from '../../bench/load/engine-rate.ts';
import { queueWaiting } from '../../bench/load/queue-sampler.ts';

/** One queue reading a second from t0, with these `waiting` values. */
const T0 = 1_700_000_000_000;
const readings = (waiting: number[], everyMs = 1000) =>
  waiting.map((w, i) => ({ at: T0 + i * everyMs, waiting: w }));
/** Start times spread evenly, `perSecond` of them a second, over [fromS, toS) seconds after t0. */
const startsAt = (fromS: number, toS: number, perSecond: number) =>
  Array.from(
    { length: Math.round((toS - fromS) * perSecond) },
    (_, i) => T0 + fromS * 1000 + (i * 1000) / perSecond,
  );

describe("the engine queue's saturated stretches", () => {
  it('lie between consecutive readings that both had tasks waiting, adjacent ones merged', () => {
    const stretches = saturatedStretches(readings([0, 2, 3, 1, 0, 4, 0, 5, 5]));
    expect(stretches).toEqual([
      { from: T0 + 1000, to: T0 + 3000 },
      { from: T0 + 7000, to: T0 + 8000 },
    ]);
  });

  it('are not bridged across a missed reading', () => {
    const samples = [
      { at: T0, waiting: 3 },
      { at: T0 + 1000, waiting: 3 },
      { at: T0 + 5000, waiting: 3 },
      { at: T0 + 6000, waiting: 3 },
    ];
    expect(saturatedStretches(samples)).toEqual([
      { from: T0, to: T0 + 1000 },
      { from: T0 + 5000, to: T0 + 6000 },
    ]);
  });

  it('count a start at the beginning of a stretch, not one at its end', () => {
    expect(countWithin([T0, T0 + 999, T0 + 1000], [{ from: T0, to: T0 + 1000 }])).toBe(2);
  });
});

describe("the lab's start rate against the engine's capacity", () => {
  it('is taken only while the queue was saturated, over the capacity', () => {
    // 60 s: 20 s at the room's own pace (1/s, queue empty), then 40 s saturated at 3.6/s.
    const waiting = [...Array(21).fill(0), ...Array(40).fill(4)];
    const rate = engineRate({
      from: T0,
      to: T0 + 60_000,
      starts: [...startsAt(0, 20, 1), ...startsAt(21, 60, 3.6)],
      samples: readings(waiting),
      capacityPerSecond: 4,
    });
    expect(rate).toMatchObject({
      verdict: 'measured',
      saturatedSeconds: 39,
      saturatedPerSecond: 3.59,
      fraction: 0.897,
      stretches: [[21, 60]],
    });
    expect(rate.starts).toBe(20 + 140);
    expect(rate.startsPerSecond).toBeCloseTo(160 / 60, 2);
  });

  it('is held to the capacity beside the room too, the same saturated rate over a lower capacity', () => {
    const waiting = [...Array(21).fill(0), ...Array(40).fill(4)];
    const rate = engineRate({
      from: T0,
      to: T0 + 60_000,
      starts: startsAt(21, 60, 3.6),
      samples: readings(waiting),
      capacityPerSecond: 4,
    });
    expect(besideRoom(rate, 67, 3.2)).toEqual({ background: 67, capacityPerSecond: 3.2, fraction: 1.122 });
    expect(besideRoom(rate, 67, null)).toEqual({ background: 67, capacityPerSecond: null, fraction: null });
  });

  it('says the demand was below capacity when the queue was hardly ever saturated', () => {
    const waiting = [...Array(50).fill(0), 3, 3, 3, ...Array(10).fill(0)];
    const rate = engineRate({
      from: T0,
      to: T0 + 62_000,
      starts: startsAt(0, 60, 1),
      samples: readings(waiting),
      capacityPerSecond: 4,
    });
    expect(rate).toMatchObject({ verdict: 'demand below capacity', fraction: null, saturatedSeconds: 2 });
  });

  it('gives no fraction without a capacity, and says so', () => {
    const rate = engineRate({
      from: T0,
      to: T0 + 30_000,
      starts: startsAt(0, 30, 2),
      samples: readings(Array(31).fill(1)),
      capacityPerSecond: null,
    });
    expect(rate).toMatchObject({ verdict: 'no capacity', fraction: null, saturatedPerSecond: 2 });
  });

  it('knows nothing of saturation when the queue could not be read', () => {
    const rate = engineRate({ from: T0, to: T0 + 30_000, starts: [], samples: [], capacityPerSecond: 4 });
    expect(rate.verdict).toBe('queue not sampled');
  });
});

describe('the running containers the capacity beside the room is measured with', () => {
  it('are the mean of the readings taken while the queue was saturated, none outside', () => {
    const running = [10, 60, 70, 80, 150, 20].map((value, t) => ({ t, value }));
    expect(
      meanWithin(running, [
        [1, 3],
        [3, 4],
      ]),
    ).toBe(70);
    expect(meanWithin(running, [])).toBeNull();
  });
});

describe("the queue's waiting gauge in the server's /metrics", () => {
  it('is summed over engines, and 0 before any engine has a series', () => {
    const metrics = [
      '# HELP volume_lab_engine_queue_waiting Container creates, starts and removes waiting for their turn, by engine.',
      '# TYPE volume_lab_engine_queue_waiting gauge',
      'volume_lab_engine_queue_waiting{engine="primary"} 3',
      'volume_lab_engine_queue_waiting{engine="second"} 2',
      'volume_lab_engine_queue_wait_seconds_count{engine="primary"} 40',
      'volume_lab_engine_queue_tasks_total{engine="primary"} 41',
    ].join('\n');
    expect(queueWaiting(metrics)).toBe(5);
    expect(queueWaiting('# TYPE volume_lab_engine_queue_waiting gauge\n')).toBe(0);
  });
});
