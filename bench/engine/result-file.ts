/**
 * What `npm run bench:engine` wrote to bench/results/engine-*.json, as far as its readers need it: the
 * summary that compares the files, and `npm run bench:load -- --capacity FILE`. Fields added by later
 * versions of the bench are optional, so older files still read.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { WORKLOADS } from './options.ts';

const summarySchema = z.object({ p50: z.number(), p95: z.number() }).nullable();

export const engineResultSchema = z
  .object({
    generatedAt: z.string(),
    machine: z.object({ cpus: z.number() }).optional(),
    engine: z.object({ version: z.string(), runtime: z.string(), cpuMethod: z.string() }),
    // Files written before the lessons workload ran the script workload.
    options: z.object({ kneeGain: z.number(), workload: z.enum(WORKLOADS).default('script') }),
    // Files written before `--background` had nothing running beside the workers.
    background: z.object({ running: z.number() }).default({ running: 0 }),
    serial: summarySchema,
    levels: z.array(
      z.object({
        workers: z.number(),
        startsPerSecond: z.number(),
        latencyMs: z.object({ total: z.object({ p95: z.number() }).nullable() }),
        loadBefore: z.array(z.number()),
        busyBeforePercent: z.number().optional(),
        engineCpuPercent: z.number().nullable(),
        engineCpuMsPerRun: z.number().nullable(),
        machineCpuMsPerRun: z.number().nullable(),
        errors: z.object({ count: z.number() }),
        // Files written before the lessons workload ran the lessons' execs have no count of them.
        execsPerRun: z.number().optional(),
      }),
    ),
  })
  .transform((result) =>
    // ...and their lessons workload was the runs alone.
    result.options.workload === 'lessons' && result.levels.every((level) => level.execsPerRun === undefined)
      ? { ...result, options: { ...result.options, workload: 'lesson-runs' as const } }
      : result,
  );
export type EngineResult = z.infer<typeof engineResultSchema>;

/** Reads one result file; the error names the file and what in it is wrong. */
export async function readEngineResult(file: string): Promise<EngineResult> {
  const parsed = engineResultSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file} is not a result of npm run bench:engine: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
