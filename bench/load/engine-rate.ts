/**
 * The lab's container-start rate against the engine's capacity. Pure: samples and start times in,
 * figures out (docs/load-benchmark.md, "The lab against the engine's capacity").
 *
 * The lab's rate says something about the lab only while the room asks for more than the engine can
 * do: otherwise it is the room's pace. The engine queue has tasks waiting exactly then, so the rate is
 * taken over the *saturated* stretches: between two consecutive samples of the queue's `waiting`
 * gauge (about a second apart) that were both above zero. A sample missed (the server did not answer
 * in time) breaks a stretch rather than bridging it.
 */

/** One reading of the server's /metrics. */
export interface QueueSample {
  /** Milliseconds since the epoch (the engine's events are stamped on the same clock). */
  at: number;
  /** Container creates, starts and removes waiting for a turn, all engines. */
  waiting: number;
}

/** A stretch of time, in milliseconds since the epoch. */
export interface Stretch {
  from: number;
  to: number;
}

/** Two samples further apart than this do not make a stretch: what happened between them is unknown. */
export const MAX_SAMPLE_GAP_MS = 2500;
/** Saturated for less than this in a level, the rate then is too short-lived to compare with anything. */
export const MIN_SATURATED_S = 10;

/** The stretches during which the queue had tasks waiting, adjacent ones merged. */
export function saturatedStretches(
  samples: readonly QueueSample[],
  maxGapMs: number = MAX_SAMPLE_GAP_MS,
): Stretch[] {
  const sorted = [...samples].sort((a, b) => a.at - b.at);
  const stretches: Stretch[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1] as QueueSample;
    const after = sorted[i] as QueueSample;
    if (before.waiting <= 0 || after.waiting <= 0 || after.at - before.at > maxGapMs) continue;
    const last = stretches.at(-1);
    if (last && last.to === before.at) last.to = after.at;
    else stretches.push({ from: before.at, to: after.at });
  }
  return stretches;
}

/** How many of the times fall in one of the stretches (each stretch's start included, its end not). */
export function countWithin(times: readonly number[], stretches: readonly Stretch[]): number {
  return times.filter((time) => stretches.some((s) => time >= s.from && time < s.to)).length;
}

export type RateVerdict =
  /** Saturated long enough: `fraction` is the lab's rate then over the capacity. */
  | 'measured'
  /** The queue was saturated for less than MIN_SATURATED_S: the room never asked for more than the engine did. */
  | 'demand below capacity'
  /** Saturated, but there is no capacity to compare with (`--no-capacity`). */
  | 'no capacity'
  /** Fewer than two readings of the queue: nothing is known of its saturation. */
  | 'queue not sampled';

export interface EngineRate {
  /** Container starts of the level's sessions (the engine's `start` events). */
  starts: number;
  /** Over the whole level. */
  startsPerSecond: number;
  saturatedSeconds: number;
  saturatedStarts: number;
  /** Starts per second while the queue had tasks waiting; null when it never had. */
  saturatedPerSecond: number | null;
  /** The engine's capacity it is compared with, starts per second. */
  capacityPerSecond: number | null;
  /** `saturatedPerSecond` over the capacity, when the verdict is `measured`. */
  fraction: number | null;
  verdict: RateVerdict;
  /** The saturated stretches, in seconds since the level began. */
  stretches: Array<[number, number]>;
}

export interface RateInput {
  /** The level's beginning and end, in milliseconds since the epoch. */
  from: number;
  to: number;
  /** When each container started, in milliseconds since the epoch. */
  starts: readonly number[];
  samples: readonly QueueSample[];
  /** The engine's capacity in starts per second, or null when not known. */
  capacityPerSecond: number | null;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function engineRate(input: RateInput): EngineRate {
  const starts = input.starts.filter((time) => time >= input.from && time <= input.to);
  const stretches = saturatedStretches(input.samples);
  const saturatedMs = stretches.reduce((sum, s) => sum + (s.to - s.from), 0);
  const saturatedStarts = countWithin(starts, stretches);
  const saturatedRate = saturatedMs > 0 ? saturatedStarts / (saturatedMs / 1000) : null;
  const seconds = (input.to - input.from) / 1000;
  const verdict: RateVerdict =
    input.samples.length < 2
      ? 'queue not sampled'
      : saturatedMs < MIN_SATURATED_S * 1000
        ? 'demand below capacity'
        : input.capacityPerSecond === null || input.capacityPerSecond <= 0
          ? 'no capacity'
          : 'measured';
  return {
    starts: starts.length,
    startsPerSecond: seconds > 0 ? round(starts.length / seconds, 2) : 0,
    saturatedSeconds: round(saturatedMs / 1000, 1),
    saturatedStarts,
    saturatedPerSecond: saturatedRate === null ? null : round(saturatedRate, 2),
    capacityPerSecond: input.capacityPerSecond,
    fraction:
      verdict === 'measured' && saturatedRate !== null && input.capacityPerSecond
        ? round(saturatedRate / input.capacityPerSecond, 3)
        : null,
    verdict,
    stretches: stretches.map((s) => [
      round((s.from - input.from) / 1000, 1),
      round((s.to - input.from) / 1000, 1),
    ]),
  };
}

/**
 * The mean of readings taken inside the stretches (each reading at `t` seconds since the level began,
 * as the stretches are): how many containers ran while the queue was saturated, say. Null when no
 * reading fell in one.
 */
export function meanWithin(
  readings: ReadonlyArray<{ t: number; value: number }>,
  stretches: ReadonlyArray<[number, number]>,
): number | null {
  const inside = readings.filter(({ t }) => stretches.some(([from, to]) => t >= from && t < to));
  if (inside.length === 0) return null;
  return round(inside.reduce((sum, { value }) => sum + value, 0) / inside.length, 1);
}

/**
 * The lab's saturated rate against the engine's capacity measured with the room's running containers
 * beside it (bench/engine/background.ts): the engine the room really had, where the capacity of an
 * empty engine overstates it.
 */
export interface BesideRoom {
  /** Containers running beside the capacity's workers: the room's mean while its queue was saturated. */
  background: number;
  capacityPerSecond: number | null;
  /** The lab's saturated rate over that capacity. */
  fraction: number | null;
}

export function besideRoom(
  rate: EngineRate,
  background: number,
  capacityPerSecond: number | null,
): BesideRoom {
  return {
    background,
    capacityPerSecond,
    fraction:
      rate.saturatedPerSecond !== null && capacityPerSecond
        ? round(rate.saturatedPerSecond / capacityPerSecond, 3)
        : null,
  };
}
