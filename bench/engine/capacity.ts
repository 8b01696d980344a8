/**
 * The engine's capacity from a run of rising concurrency levels. Pure: rates in, capacity out.
 *
 * A level *scales* when its rate is at least (1 + gain) times the rate of the level before it. The
 * *knee* is the first level that does not scale: from there on, more concurrent work only queues, so
 * latency grows while throughput does not (Little's law: workers = rate × time per run). The
 * *capacity* is the highest rate of any level up to and including the knee. When every level scales,
 * the knee was not reached and the capacity is a lower bound: run higher levels.
 */

export interface LevelRate {
  workers: number;
  startsPerSecond: number;
  /** p95 of a whole run at this level, in milliseconds. */
  p95Ms: number | null;
}

export interface Capacity {
  /** Container starts per second the engine sustains. */
  startsPerSecond: number;
  /** The level that reached it. */
  workers: number;
  p95Ms: number | null;
  /** Workers at the knee, or null when every level scaled (then the capacity is only a lower bound). */
  kneeWorkers: number | null;
  reached: boolean;
}

export function findCapacity(levels: readonly LevelRate[], gain: number): Capacity | null {
  const sorted = [...levels].sort((a, b) => a.workers - b.workers);
  const first = sorted[0];
  if (first === undefined) return null;
  let kneeIndex = sorted.findIndex(
    (level, i) => i > 0 && level.startsPerSecond < (1 + gain) * (sorted[i - 1]?.startsPerSecond ?? 0),
  );
  const reached = kneeIndex !== -1;
  if (!reached) kneeIndex = sorted.length - 1;
  const best = sorted
    .slice(0, kneeIndex + 1)
    .reduce((top, level) => (level.startsPerSecond > top.startsPerSecond ? level : top), first);
  return {
    startsPerSecond: best.startsPerSecond,
    workers: best.workers,
    p95Ms: best.p95Ms,
    kneeWorkers: reached ? (sorted[kneeIndex]?.workers ?? null) : null,
    reached,
  };
}
