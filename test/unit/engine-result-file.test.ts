import { describe, expect, it } from 'vitest';
import { engineResultSchema } from '../../bench/engine/result-file.ts';

/** A result file of `npm run bench:engine`, as little of it as its readers need. */
function resultFile(workload: string | undefined, level: Record<string, unknown> = {}) {
  return {
    generatedAt: '2026-12-05T12:00:00.000Z',
    engine: { version: '20.10.24', runtime: 'runc', cpuMethod: 'cgroup' },
    options: { kneeGain: 0.1, ...(workload === undefined ? {} : { workload }) },
    serial: null,
    levels: [
      {
        workers: 8,
        startsPerSecond: 9.87,
        latencyMs: { total: null },
        loadBefore: [0.1, 0.1, 0.1],
        engineCpuPercent: 98,
        engineCpuMsPerRun: 99.5,
        machineCpuMsPerRun: 141,
        errors: { count: 0 },
        ...level,
      },
    ],
  };
}

describe("an engine result file's workload", () => {
  it('reads a lessons file written before the execs were run as the runs alone', () => {
    expect(engineResultSchema.parse(resultFile('lessons')).options.workload).toBe('lesson-runs');
  });

  it('keeps a lessons file that counted its execs, and the others, as they say', () => {
    expect(engineResultSchema.parse(resultFile('lessons', { execsPerRun: 0.27 })).options.workload).toBe(
      'lessons',
    );
    expect(engineResultSchema.parse(resultFile('script')).options.workload).toBe('script');
    expect(engineResultSchema.parse(resultFile(undefined)).options.workload).toBe('script');
  });
});
