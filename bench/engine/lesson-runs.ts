/**
 * The containers the course makes, as the engine bench runs them: every `docker run` line of every
 * step's solution, in course order, read by the lab's own grammar (so flags mean what they mean to a
 * learner's command). Pure: lessons in, runs out.
 *
 * Left out, each with its reason: a run that borrows another container's volumes (`--volumes-from`
 * names a container the bench does not keep), and an interactive one (nobody types into it).
 */
import type { EngineInfo } from '../../server/cli/command-spec.ts';
import { dockerRun } from '../../server/cli/container-commands.ts';
import { parseCommandArgs } from '../../server/cli/parse-args.ts';
import { tokenize } from '../../server/shell/tokenize.ts';
import type { RunSource } from './workload.ts';

export interface SkippedRun {
  lesson: string;
  line: string;
  why: string;
}

const UNKEPT_FLAGS: Array<[string, string]> = [
  ['volumes-from', 'it borrows the volumes of a container the bench does not keep'],
  ['interactive', 'it waits for a learner to type'],
];

/** What the workload reads of a lesson (src/shared/lesson.ts): its steps' solutions. */
interface Solutions {
  steps: ReadonlyArray<{ solution: readonly string[] }>;
}

export function lessonRuns(
  lessons: Iterable<[string, Solutions]>,
  engine: EngineInfo,
): { runs: RunSource[]; skipped: SkippedRun[] } {
  const runs: RunSource[] = [];
  const skipped: SkippedRun[] = [];
  for (const [lesson, { steps }] of lessons) {
    for (const line of steps.flatMap((step) => step.solution)) {
      const words = tokenize(line);
      if (!words.ok || words.words[0] !== 'docker' || words.words[1] !== 'run') continue;
      const parsed = parseCommandArgs(dockerRun, words.words.slice(2), { engine });
      if (parsed.kind !== 'run') {
        skipped.push({ lesson, line, why: parsed.stderr.trim() || 'the lab does not run it' });
        continue;
      }
      const unkept = UNKEPT_FLAGS.find(([flag]) => parsed.flags.changed(flag));
      if (unkept) {
        skipped.push({ lesson, line, why: unkept[1] });
        continue;
      }
      const [image = '', ...command] = parsed.args;
      runs.push({ label: `${lesson}: ${line}`, flags: parsed.flags, image, command, mustSucceed: false });
    }
  }
  return { runs, skipped };
}
