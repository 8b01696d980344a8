/**
 * The containers the course makes, as the engine bench runs them: every `docker run` line of every
 * step's solution, in course order, read by the lab's own grammar (so flags mean what they mean to a
 * learner's command), each with the `docker exec` lines the lesson then runs in it. An exec costs the
 * engine about a third of a container's life (a runtime process joining the container), and the
 * course has about one for every four runs: a capacity without them is that of a room that never
 * execs. Pure: lessons in, runs out.
 *
 * Left out, each with its reason: a run that borrows another container's volumes (`--volumes-from`
 * names a container the bench does not keep), an interactive run or exec (nobody types into it), and
 * an exec into a container the lesson did not start detached under that name before it.
 */
import type { EngineInfo } from '../../server/cli/command-spec.ts';
import { dockerExec, dockerRun } from '../../server/cli/container-commands.ts';
import { parseCommandArgs } from '../../server/cli/parse-args.ts';
import { tokenize } from '../../server/shell/tokenize.ts';
import type { ExecSource, RunSource } from './workload.ts';

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
  options: { execs: boolean } = { execs: true },
): { runs: RunSource[]; skipped: SkippedRun[] } {
  const runs: RunSource[] = [];
  const skipped: SkippedRun[] = [];
  for (const [lesson, { steps }] of lessons) {
    /** The lesson's detached runs so far, by the name they were given: what its execs run in. */
    const named = new Map<string, ExecSource[]>();
    for (const line of steps.flatMap((step) => step.solution)) {
      const words = tokenize(line);
      if (!words.ok || words.words[0] !== 'docker') continue;
      if (words.words[1] === 'exec' && options.execs) {
        const why = addExec(words.words.slice(2), engine, named);
        if (why !== undefined) skipped.push({ lesson, line, why });
        continue;
      }
      if (words.words[1] !== 'run') continue;
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
      const execs: ExecSource[] = [];
      const name = parsed.flags.string('name');
      if (parsed.flags.bool('detach') && name !== '') named.set(name, execs);
      runs.push({
        label: `${lesson}: ${line}`,
        flags: parsed.flags,
        image,
        command,
        mustSucceed: false,
        execs,
      });
    }
  }
  return { runs, skipped };
}

/** Adds an exec line to the run it names; says why not when it cannot. */
function addExec(
  words: readonly string[],
  engine: EngineInfo,
  named: ReadonlyMap<string, ExecSource[]>,
): string | undefined {
  const parsed = parseCommandArgs(dockerExec, words, { engine });
  if (parsed.kind !== 'run') return parsed.stderr.trim() || 'the lab does not run it';
  if (parsed.flags.bool('interactive') || parsed.flags.bool('tty')) return 'it waits for a learner to type';
  const [container = '', ...cmd] = parsed.args;
  const execs = named.get(container);
  if (!execs) return `the lesson starts no detached container named ${container} before it`;
  execs.push({
    cmd,
    user: parsed.flags.string('user'),
    workdir: parsed.flags.string('workdir'),
    env: parsed.flags.stringArray('env').filter((value) => value.includes('=')),
  });
  return undefined;
}
