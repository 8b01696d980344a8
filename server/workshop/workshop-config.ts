/**
 * SECURITY: whether the lab runs a workshop, and the instructor secret that opens its dashboard. The
 * secret comes from `LAB_INSTRUCTOR_SECRET` or `--instructor-secret <s>` (the flag wins); without one
 * the lab is self-paced and has no instructor endpoint at all. The environment is the better place:
 * a command-line flag is visible to every user of the machine in `ps`.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { strictObject } from '../../src/shared/strict-object.ts';
import { instructorSecretSchema } from '../../src/shared/workshop.ts';

export interface WorkshopConfig {
  /** The instructor secret; undefined in self-paced mode. */
  secret: string | undefined;
  /** A participant counts as stuck after this long without a new step while active. */
  stuckMs: number;
}

/** The variables this module reads, and only those: the rest of the environment is none of its business. */
const workshopEnvSchema = strictObject({
  LAB_INSTRUCTOR_SECRET: instructorSecretSchema.optional(),
  /** Minutes without a new step (while typing) before the dashboard calls a participant stuck. */
  LAB_STUCK_MINUTES: z.coerce.number().min(1).max(240).default(5),
});

/**
 * Reads the workshop settings from the environment and the command line (`npm start -- --instructor-secret s`).
 * Throws with a message naming what is wrong, as loadConfig does.
 */
export function loadWorkshopConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): WorkshopConfig {
  let flag: string | undefined;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { 'instructor-secret': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    flag = values['instructor-secret'];
  } catch (error) {
    throw new Error(`invalid command line: ${(error as Error).message}`);
  }
  const result = workshopEnvSchema.safeParse({
    // An empty variable means "not set", as for the other settings with defaults.
    LAB_INSTRUCTOR_SECRET: flag ?? (env.LAB_INSTRUCTOR_SECRET || undefined),
    LAB_STUCK_MINUTES: env.LAB_STUCK_MINUTES,
  });
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const field = issue.path.join('.');
      const name = field === 'LAB_INSTRUCTOR_SECRET' && flag !== undefined ? '--instructor-secret' : field;
      return `  ${name}: ${issue.message}`;
    });
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return { secret: result.data.LAB_INSTRUCTOR_SECRET, stuckMs: result.data.LAB_STUCK_MINUTES * 60_000 };
}
