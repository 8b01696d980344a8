/**
 * Participants per core at the targets, two ways. Pure: levels and capacity in, figures out
 * (docs/load-benchmark.md, "Participants per core").
 *
 * - From the levels: the largest level that met every target it is held to, over the machine's cores.
 * - Predicted: the engine's capacity per core over the start rate one participant asks for. That
 *   demand is a level's starts over its participants and its length, pooled over the levels whose
 *   queue was saturated for less than a tenth of the level: in the others the engine held the room
 *   back, so they show less than it asked for. Only when every level was held back are they used, and
 *   then the demand is a lower bound and the prediction an upper one (`demandMet: false`).
 */

export interface LevelDemand {
  participants: number;
  durationS: number;
  /** The level met every target it is held to (report.ts). */
  met: boolean;
  starts: number;
  saturatedSeconds: number;
}

export interface ParticipantsPerCore {
  cores: number;
  fromLevels: { participants: number; perCore: number } | null;
  predicted: {
    capacityPerCore: number;
    /** Container starts per second one participant asks for. */
    demandPerParticipant: number;
    /** The participant counts of the levels the demand was taken from. */
    fromLevels: number[];
    /** False when every level was held back by the engine: the demand is then a lower bound. */
    demandMet: boolean;
    perCore: number;
  } | null;
}

/** A level whose queue was saturated for less than this share of it showed what its room asked for. */
export const UNSATURATED_SHARE = 0.1;

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function participantsPerCore(
  levels: readonly LevelDemand[],
  /** The engine's capacity in starts per second per core of the machine it was measured on. */
  capacityPerCore: number | null,
  cores: number,
): ParticipantsPerCore {
  const met = levels.filter((level) => level.met).sort((a, b) => b.participants - a.participants)[0];
  const unheld = levels.filter((level) => level.saturatedSeconds < UNSATURATED_SHARE * level.durationS);
  const demandMet = unheld.length > 0;
  const source = (demandMet ? unheld : levels).filter((level) => level.durationS > 0);
  const participantSeconds = source.reduce((sum, level) => sum + level.participants * level.durationS, 0);
  const starts = source.reduce((sum, level) => sum + level.starts, 0);
  const demand = participantSeconds > 0 ? starts / participantSeconds : 0;
  return {
    cores,
    fromLevels: met ? { participants: met.participants, perCore: round(met.participants / cores, 1) } : null,
    predicted:
      capacityPerCore !== null && capacityPerCore > 0 && demand > 0
        ? {
            capacityPerCore,
            demandPerParticipant: round(demand, 4),
            fromLevels: source.map((level) => level.participants),
            demandMet,
            perCore: round(capacityPerCore / demand, 1),
          }
        : null,
  };
}
