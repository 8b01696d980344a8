import { describe, expect, it } from 'vitest';
import type { EngineRate } from '../../bench/load/engine-rate.ts';
import { evaluateTargets, type LevelMeasures } from '../../bench/load/report.ts';
import type { Summary } from '../../bench/load/stats.ts';

const p95 = (ms: number): Summary => ({ count: 100, p50: ms / 2, p95: ms, p99: ms, mean: ms / 2, max: ms });

const rate = (overrides: Partial<EngineRate> = {}): EngineRate => ({
  starts: 900,
  startsPerSecond: 2,
  saturatedSeconds: 200,
  saturatedStarts: 700,
  saturatedPerSecond: 3.5,
  capacityPerSecond: 3.8,
  fraction: 0.921,
  verdict: 'measured',
  stretches: [[10, 210]],
  ...overrides,
});

/** A level that meets every target of issue 14, changed by `overrides`. */
function level(participants: number, overrides: Partial<LevelMeasures> = {}): LevelMeasures {
  return {
    participants,
    durationS: 420,
    commandCount: 3000,
    commands: { 'run --rm': p95(2500), 'volume ls': p95(90) },
    volumeCommands: p95(120),
    checksAfterDone: p95(250),
    stepPassed: p95(260),
    connect: p95(400),
    reset: p95(900),
    errors: { count: 0, byKind: {}, first: [] },
    server: {
      peakRssMb: 200,
      meanCpuPct: 10,
      peakCpuPct: 40,
      meanMachinePct: 80,
      peakMachinePct: 100,
      builtSite: false,
      timeline: {},
    },
    containers: { peak: 10, peakRunning: 5, meanRunningWhileSaturated: null, peakCheckers: 0, timeline: {} },
    benchCpuPct: 5,
    loadBefore: 0.2,
    serverLogTail: '',
    cleanup: { containers: 0, volumes: 0, unlabelled: [], left: [] },
    engineRate: rate(),
    besideRoom: null,
    queue: { samples: 420, missed: 0, lastMiss: '', timeline: { t: [], waiting: [] } },
    ...overrides,
  };
}

const verdicts = (targets: ReturnType<typeof evaluateTargets>) =>
  Object.fromEntries(targets.results.map((t) => [t.name, t.pass]));

describe('the targets of a level', () => {
  it("at 50 participants are issue 14's: errors, run --rm, volume commands, checks, connect", () => {
    const targets = evaluateTargets(level(50, { connect: p95(600), commands: { 'run --rm': p95(3000) } }));
    expect(targets).toMatchObject({ room: 50, exact: true, met: false });
    expect(verdicts(targets)).toEqual({
      errors: true,
      'run --rm p95': true,
      'volume commands p95': true,
      'checks after done p95': true,
      'connect to prompt p95': false,
    });
  });

  it("at 100 participants are issue 14's: no errors or timeouts, volume commands, checks, and the lab's share of the engine", () => {
    const targets = evaluateTargets(
      level(100, { commands: { 'run --rm': p95(40_000) }, engineRate: rate({ fraction: 0.85 }) }),
    );
    expect(targets).toMatchObject({ room: 100, exact: true, met: false });
    expect(verdicts(targets)).toEqual({
      errors: true,
      timeouts: true,
      'volume commands p95': true,
      'checks after done p95': true,
      'lab / engine capacity': false,
    });
  });

  it('count a timeout as an error and as a timeout', () => {
    const errors = { count: 1, byKind: { timeout: 1 }, first: [] };
    const targets = evaluateTargets(level(100, { errors }));
    expect(verdicts(targets)).toMatchObject({ errors: false, timeouts: false });
  });

  it('do not judge the share of the engine when the room never saturated it', () => {
    const targets = evaluateTargets(
      level(100, { engineRate: rate({ verdict: 'demand below capacity', fraction: null }) }),
    );
    const share = targets.results.find((t) => t.name === 'lab / engine capacity');
    expect(share).toMatchObject({ pass: null, note: 'demand below capacity' });
    expect(targets.met).toBe(true);
  });

  it('hold a smaller room to the 50-participant targets and a larger one to the 100-participant ones', () => {
    expect(evaluateTargets(level(25))).toMatchObject({ room: 50, exact: false, met: true });
    expect(evaluateTargets(level(25, { commands: { 'run --rm': p95(3100) } })).met).toBe(false);
    expect(evaluateTargets(level(75))).toMatchObject({ room: 100, exact: false });
    expect(evaluateTargets(level(200))).toMatchObject({ room: 100, exact: false });
  });
});
