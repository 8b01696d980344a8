/**
 * `npm run bench:load -- --calls`: the Docker Engine API calls a lesson costs. For each checkout
 * (`--root`, this one by default; give several to compare, e.g. a base commit and this one), a lab
 * server process starts with the call counter preloaded (engine-call-counter.ts, which imports nothing
 * of the lab, so every version is counted the same way), and one participant replays each lesson in
 * turn on a fresh session: its page's `watch` and first `check`, every solution line, then the
 * lesson's reset. The calls the server makes from the moment a lesson starts until it is quiet again
 * are that lesson's, counted by method and path; the engine's health pings are left out.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { loadLessons } from '../../server/lessons/lesson-store.ts';
import type { Lesson } from '../../src/shared/lesson.ts';
import { releaseSessionStorage, removeSessionObjects } from './cleanup.ts';
import { runParticipant } from './participant.ts';
import { Recorder } from './recorder.ts';
import { benchEnv, prepareSite, startServer } from './server-process.ts';
import type { TimedTerminal } from './terminal.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const COUNTER = join(import.meta.dirname, 'engine-call-counter.ts');
/** The server has made no call for this long: the lesson's work is done. */
const QUIET_MS = 1500;
/** Health pings: one every few seconds per engine, whatever the learners do. */
const LEFT_OUT = new Set(['GET /_ping', 'HEAD /_ping']);

export interface CallsOptions {
  /** Checkouts to count, in the order their columns are printed. */
  roots: string[];
  /** Lessons to replay, all when empty. */
  lessons: string[];
  /** Think time before each command. */
  pauseMs: { min: number; max: number };
  serverEnv: Record<string, string>;
  docker: Docker;
  signal: AbortSignal;
}

export interface LessonCalls {
  lesson: string;
  total: number;
  byKind: Record<string, number>;
  /** Commands, checks or sockets that went wrong: the counts of a lesson that failed mean little. */
  errors: number;
}

export interface CheckoutCalls {
  root: string;
  commit: string;
  lessons: LessonCalls[];
}

function linesOf(file: string): string[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
  } catch {
    return [];
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Resolves once the server has made no engine call for QUIET_MS. */
async function quiet(file: string, signal: AbortSignal): Promise<void> {
  let size = sizeOf(file);
  let still = 0;
  while (still < QUIET_MS && !signal.aborted) {
    await sleep(250);
    const now = sizeOf(file);
    still = now === size ? still + 250 : 0;
    size = now;
  }
}

function commitOf(root: string): string {
  try {
    return execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function countCheckout(root: string, options: CallsOptions): Promise<CheckoutCalls> {
  const all = await loadLessons(join(root, 'src', 'content', 'lessons'));
  const lessons: [string, Lesson][] = [...all].filter(
    ([id]) => options.lessons.length === 0 || options.lessons.includes(id),
  );
  if (root === ROOT) await prepareSite();
  const file = join(tmpdir(), `volume-lab-engine-calls-${process.pid}-${Date.now()}.jsonl`);
  const env: Record<string, string> = { ...benchEnv(1, options.serverEnv), VL_ENGINE_CALLS: file };
  const server = await startServer(env, { root, preload: COUNTER });
  const sessions = new Set<string>();
  const counted: LessonCalls[] = [];
  try {
    console.log(`bench: counting engine calls of ${root} (${commitOf(root)}), server pid ${server.pid}`);
    for (const [id, lesson] of lessons) {
      if (options.signal.aborted) break;
      await quiet(file, options.signal);
      const from = linesOf(file).length;
      const recorder = new Recorder();
      await runParticipant({
        index: 0,
        url: server.url,
        lessons: [[id, lesson]],
        pauseMs: options.pauseMs,
        joinAfterMs: 0,
        recorder,
        sessions,
        open: new Set<TimedTerminal>(),
        signal: options.signal,
        describeContainer: async () => 'not looked up when counting calls',
      });
      await quiet(file, options.signal);
      const byKind: Record<string, number> = {};
      let total = 0;
      for (const line of linesOf(file).slice(from)) {
        const { call } = JSON.parse(line) as { call: string };
        if (LEFT_OUT.has(call)) continue;
        byKind[call] = (byKind[call] ?? 0) + 1;
        total++;
      }
      counted.push({ lesson: id, total, byKind, errors: recorder.errorCount });
      const first = recorder.errors[0];
      console.log(
        `  ${id}: ${total} calls${recorder.errorCount > 0 ? `, ${recorder.errorCount} errors (first: ${first?.kind} ${first?.detail.slice(0, 200)})` : ''}`,
      );
    }
  } finally {
    await server.stop();
    await removeSessionObjects(options.docker, env.LAB_INSTANCE ?? 'bench', sessions);
    await releaseSessionStorage(options.docker, sessions);
    await rm(file, { force: true });
  }
  return { root, commit: commitOf(root), lessons: counted };
}

export async function countEngineCalls(options: CallsOptions): Promise<CheckoutCalls[]> {
  const results: CheckoutCalls[] = [];
  for (const root of options.roots.length > 0 ? options.roots : [ROOT]) {
    if (options.signal.aborted) break;
    results.push(await countCheckout(resolve(root), options));
  }
  return results;
}

const pad = (text: string, width: number) => text.padStart(width);

/** The table: calls per lesson, one column per checkout, then every kind of call over all lessons. */
export function formatCalls(results: readonly CheckoutCalls[]): string {
  const heads = results.map((result) => `${result.root === ROOT ? 'this' : result.root} ${result.commit}`);
  const width = Math.max(12, ...heads.map((head) => head.length)) + 2;
  const lessons = [...new Set(results.flatMap((result) => result.lessons.map((lesson) => lesson.lesson)))];
  const first = Math.max(28, ...lessons.map((lesson) => lesson.length)) + 2;
  const row = (name: string, values: (number | undefined)[]) =>
    `${name.padEnd(first)}${values.map((value) => pad(value === undefined ? '-' : String(value), width)).join('')}`;
  const lines = [
    'engine API calls per lesson (one participant: watch, solutions, reset; health pings left out)',
    `${''.padEnd(first)}${heads.map((head) => pad(head, width)).join('')}`,
  ];
  for (const lesson of lessons) {
    lines.push(
      row(
        lesson,
        results.map((result) => result.lessons.find((each) => each.lesson === lesson)?.total),
      ),
    );
  }
  const sum = (result: CheckoutCalls) => result.lessons.reduce((total, lesson) => total + lesson.total, 0);
  lines.push(row('all lessons', results.map(sum)));
  const kinds = new Map<string, number[]>();
  results.forEach((result, column) => {
    for (const lesson of result.lessons) {
      for (const [kind, count] of Object.entries(lesson.byKind)) {
        const counts = kinds.get(kind) ?? results.map(() => 0);
        counts[column] = (counts[column] ?? 0) + count;
        kinds.set(kind, counts);
      }
    }
  });
  lines.push('', 'by kind, all lessons');
  const ordered = [...kinds].sort(([, a], [, b]) => Math.max(...b) - Math.max(...a));
  for (const [kind, counts] of ordered) lines.push(row(`  ${kind}`, counts));
  const errors = results.flatMap((result) => result.lessons.filter((lesson) => lesson.errors > 0));
  if (errors.length > 0)
    lines.push('', `lessons with errors (their counts mean less): ${errors.map((e) => e.lesson).join(', ')}`);
  return lines.join('\n');
}
