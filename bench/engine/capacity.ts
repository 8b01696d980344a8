/**
 * The engine's capacity from a run of rising concurrency levels. Pure: rates in, capacity out.
 *
 * The *plateau* is the highest rate any level reached. The *knee* is the level with the fewest workers
 * that reaches at least (1 - gain) of the plateau: past it, more concurrent work adds at most `gain`
 * more throughput while latency grows with the workers (Little's law: workers = rate × time per run).
 * The *capacity* is the knee's rate. Other work on the machine can only lower a level's rate, never
 * raise it, so taking the plateau from the best level keeps one disturbed level from faking a knee.
 * When the knee is the last level, no level beyond it showed the plateau: the capacity is a lower
 * bound, and higher levels should be run.
 */

/** What the capacity reads of a level (bench/engine/level.ts's LevelResult, or one read from a file). */
export interface LevelRate {
  workers: number;
  startsPerSecond: number;
  /** The whole run's latency at this level, in milliseconds. */
  latencyMs: { total: { p95: number } | null };
}

export interface Capacity {
  /** Container starts per second at the knee. */
  startsPerSecond: number;
  /** Workers at the knee. */
  workers: number;
  /** p95 of a whole run at the knee. */
  p95Ms: number | null;
  /** The highest rate of any level. */
  plateauPerSecond: number;
  /** False when the knee is the last level, so the capacity is only a lower bound. */
  reached: boolean;
}

export function findCapacity(levels: readonly LevelRate[], gain: number): Capacity | null {
  const sorted = [...levels].sort((a, b) => a.workers - b.workers);
  if (sorted.length === 0) return null;
  const plateau = Math.max(...sorted.map((level) => level.startsPerSecond));
  const kneeIndex = sorted.findIndex((level) => level.startsPerSecond >= (1 - gain) * plateau);
  const knee = sorted[kneeIndex];
  if (knee === undefined) return null;
  return {
    startsPerSecond: knee.startsPerSecond,
    workers: knee.workers,
    p95Ms: knee.latencyMs.total?.p95 ?? null,
    plateauPerSecond: plateau,
    reached: kneeIndex < sorted.length - 1,
  };
}
