import { describe, expect, it } from 'vitest';
import { participantsPerCore } from '../../bench/load/per-core.ts';

/** A level of `participants` lasting 400 s whose room asked for `perParticipant` starts/s each. */
const level = (participants: number, met: boolean, saturatedSeconds = 0, perParticipant = 0.07) => ({
  participants,
  durationS: 400,
  met,
  starts: Math.round(participants * 400 * perParticipant),
  saturatedSeconds,
});

describe('participants per core at the targets', () => {
  it('from the levels: the largest level that met its targets, over the cores', () => {
    const figures = participantsPerCore([level(25, true), level(50, true), level(100, false)], null, 2);
    expect(figures.fromLevels).toEqual({ participants: 50, perCore: 25 });
  });

  it('from the levels: none when no level met its targets', () => {
    expect(participantsPerCore([level(25, false)], null, 2).fromLevels).toBeNull();
  });

  it("predicted: the capacity per core over one participant's demand, from the levels the engine did not hold back", () => {
    // At 100 the queue was saturated most of the level: its room got less than it asked for.
    const figures = participantsPerCore(
      [level(25, true), level(50, true, 20), level(100, false, 300, 0.03)],
      2.1,
      2,
    );
    expect(figures.predicted).toEqual({
      capacityPerCore: 2.1,
      demandPerParticipant: 0.07,
      fromLevels: [25, 50],
      demandMet: true,
      perCore: 30,
    });
  });

  it('predicted: an upper bound when every level was held back by the engine', () => {
    const figures = participantsPerCore([level(100, false, 300, 0.05)], 2, 2);
    expect(figures.predicted).toMatchObject({ demandPerParticipant: 0.05, demandMet: false, perCore: 40 });
  });

  it('predicted: none without a capacity', () => {
    expect(participantsPerCore([level(25, true)], null, 2).predicted).toBeNull();
  });
});
