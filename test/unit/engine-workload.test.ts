import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_INSTANCE } from '../../bench/engine/background.ts';
import { lessonRuns } from '../../bench/engine/lesson-runs.ts';
import { parseOptions } from '../../bench/engine/options.ts';
import { BENCH_INSTANCE, planWorkload, scriptSource } from '../../bench/engine/workload.ts';
import { loadConfig, sandboxLimits } from '../../server/config.ts';
import { INSTANCE_LABEL } from '../../server/labels.ts';
import { loadLessons } from '../../server/lessons/lesson-store.ts';

const engine = { apiVersion: '1.41' };
const limits = sandboxLimits(loadConfig({}));
const course = () => loadLessons(join(import.meta.dirname, '..', '..', 'src', 'content', 'lessons'));

const lesson = (solution: string[]) => ({ steps: [{ solution }] });

describe("the engine bench's lessons workload", () => {
  it("takes every docker run line of the solutions, in order, and leaves out only what it can't replay", () => {
    const { runs, skipped } = lessonRuns(
      [
        [
          '01-x',
          lesson([
            'docker volume create x',
            "docker run --rm -v x:/d busybox sh -c 'echo hi > /d/f'",
            'docker run --name lender -v x:/d busybox true',
            'docker run --rm --volumes-from lender busybox cat /d/f',
            'docker run -d --name web nginx',
            'docker exec -u nginx web curl -s localhost/',
            'docker exec -it web sh',
            'docker exec lender true',
          ]),
        ],
        ['02-y', lesson(['docker exec web true'])],
      ],
      engine,
    );
    expect(runs.map((run) => [run.image, run.command])).toEqual([
      ['busybox', ['sh', '-c', 'echo hi > /d/f']],
      ['busybox', ['true']],
      ['nginx', []],
    ]);
    expect(runs.map((run) => run.execs.map((exec) => [exec.user, exec.cmd]))).toEqual([
      [],
      [],
      [['nginx', ['curl', '-s', 'localhost/']]],
    ]);
    expect(skipped).toEqual([
      {
        lesson: '01-x',
        line: 'docker run --rm --volumes-from lender busybox cat /d/f',
        why: 'it borrows the volumes of a container the bench does not keep',
      },
      { lesson: '01-x', line: 'docker exec -it web sh', why: 'it waits for a learner to type' },
      {
        lesson: '01-x',
        line: 'docker exec lender true',
        why: 'the lesson starts no detached container named lender before it',
      },
      {
        lesson: '02-y',
        line: 'docker exec web true',
        why: 'the lesson starts no detached container named web before it',
      },
    ]);
  });

  it('leaves the execs out of the lesson-runs workload', () => {
    const { runs, skipped } = lessonRuns(
      [['01-x', lesson(['docker run -d --name web nginx', 'docker exec web true'])]],
      engine,
      { execs: false },
    );
    expect(runs.map((run) => run.execs)).toEqual([[]]);
    expect(skipped).toEqual([]);
  });

  it("runs about one exec for every four of the course's containers, as a room does", async () => {
    const { runs } = lessonRuns(await course(), engine);
    const work = planWorkload(runs, limits, engine);
    const execs = work.runs.reduce((sum, run) => sum + run.execs.length, 0);
    expect(execs / work.runs.length).toBeGreaterThan(0.15);
    expect(execs / work.runs.length).toBeLessThan(0.4);
  });

  it("plans the course's containers as the lab's policy does: its four images, foreground and detached", async () => {
    const { runs } = lessonRuns(await course(), engine);
    const work = planWorkload(runs, limits, engine);
    expect(new Set(runs.map((run) => run.image))).toEqual(new Set(['busybox', 'debian', 'nginx', 'redis']));
    expect(work.runs.some((run) => run.detach)).toBe(true);
    expect(work.runs.some((run) => !run.detach)).toBe(true);
    for (const run of work.runs) {
      expect(run.request.HostConfig.AutoRemove).toBe(false);
      expect(run.request.HostConfig.Memory).toBeGreaterThan(0);
      for (const volume of run.volumes) expect(work.ns.fromEngine(volume.name)).toBeDefined();
    }
  });

  it('refuses what the policy refuses, naming the line', () => {
    const { runs } = lessonRuns([['01-x', lesson(['docker run --privileged busybox true'])]], engine);
    expect(() => planWorkload(runs, limits, engine)).toThrow(
      "the lab's policy refused the bench's container (01-x: docker run --privileged busybox true)",
    );
  });

  it("labels the background's containers and volumes apart from the workers', so reaping a level leaves them", () => {
    const { runs } = lessonRuns([['01-x', lesson(['docker run -d -v db:/data redis'])]], engine);
    for (const [instance, work] of [
      [BENCH_INSTANCE, planWorkload(runs, limits, engine)],
      [BACKGROUND_INSTANCE, planWorkload(runs, limits, engine, BACKGROUND_INSTANCE)],
    ] as const) {
      expect(work.runs[0].request.Labels?.[INSTANCE_LABEL]).toBe(instance);
      expect(work.runs[0].volumes[0]?.labels[INSTANCE_LABEL]).toBe(instance);
    }
  });

  it('runs the script workload as one foreground container that must succeed', () => {
    const work = planWorkload([scriptSource('busybox', 'true')], limits, engine);
    expect(work.runs).toHaveLength(1);
    expect(work.runs[0]).toMatchObject({ detach: false, mustSucceed: true });
    expect(work.runs[0].volumes.map((volume) => volume.name)).toEqual([work.ns.toEngine('data')]);
  });
});

describe("the engine bench's options", () => {
  it('run the lessons unless told to run a script', () => {
    expect(parseOptions([])).toMatchObject({ workload: 'lessons' });
    expect(parseOptions(['--workload', 'lesson-runs'])).toMatchObject({ workload: 'lesson-runs' });
    expect(parseOptions(['--workload', 'script', '--image', 'debian'])).toMatchObject({
      workload: 'script',
      image: 'debian',
    });
  });

  it('refuse an image or script for the lessons workload, and an unknown workload', () => {
    expect(() => parseOptions(['--image', 'debian'])).toThrow('give --workload script too');
    expect(() => parseOptions(['--workload', 'mixed'])).toThrow(
      '--workload is one of lessons, lesson-runs, script',
    );
  });

  it('keep nothing running beside the workers unless told how many', () => {
    expect(parseOptions([])).toMatchObject({ background: 0 });
    expect(parseOptions(['--background', '67'])).toMatchObject({ background: 67 });
    expect(() => parseOptions(['--background', 'some'])).toThrow('--background takes a number');
    expect(() => parseOptions(['--background=-1'])).toThrow('--background takes a number');
  });
});
