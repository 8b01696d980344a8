/**
 * The sessions a lab server knows, saved to one JSON file so a restart (or a crash) loses neither a
 * learner's progress nor the knowledge of which engine objects are still wanted: the reaper removes
 * objects of sessions this file does not list. Tokens are never written, only their hashes (ids).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { sessionIdSchema } from '../../src/shared/session-id.ts';
import { strictObject } from '../../src/shared/strict-object.ts';

const sessionRecordSchema = strictObject({
  id: sessionIdSchema,
  engine: z.string().min(1),
  createdAt: z.number(),
  lastActive: z.number(),
  expiresAt: z.number(),
  name: z.string().optional(),
  lastCommand: strictObject({ command: z.string(), exitCode: z.number().int(), at: z.number() }).optional(),
  progress: z.record(z.string(), z.array(z.string())),
});
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

const sessionFileSchema = strictObject({
  version: z.literal(1),
  instance: z.string(),
  sessions: z.array(sessionRecordSchema),
});

/**
 * The saved sessions of an instance; none when the file does not exist yet. A file that cannot be
 * read stops start-up: guessing would let the reaper remove every learner's volumes.
 */
export async function loadSessionFile(path: string, instance: string): Promise<SessionRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let parsed: z.infer<typeof sessionFileSchema>;
  try {
    parsed = sessionFileSchema.parse(JSON.parse(text));
  } catch {
    throw new Error(
      `the session file ${path} is not one this lab wrote. Move it away to start with no sessions ` +
        "(the reaper will then remove every earlier session's containers and volumes).",
    );
  }
  if (parsed.instance !== instance) {
    throw new Error(
      `the session file ${path} belongs to lab instance "${parsed.instance}", not "${instance}". ` +
        'Give each instance its own LAB_STATE_FILE.',
    );
  }
  return parsed.sessions;
}

export interface SessionSaver {
  /** Writes now if anything changed since the last write. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Saves the sessions every interval when they changed. Writes go to a temporary file renamed over
 * the old one, so a crash mid-write leaves the previous, whole file.
 */
export function startSessionSaver(options: {
  path: string;
  instance: string;
  records: () => SessionRecord[];
  intervalMs: number;
  onError: (error: Error) => void;
}): SessionSaver {
  let written = '';
  let writing: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    writing = writing.then(async () => {
      const text = JSON.stringify({ version: 1, instance: options.instance, sessions: options.records() });
      if (text === written) return;
      try {
        await mkdir(dirname(options.path), { recursive: true });
        const temporary = `${options.path}.${process.pid}.tmp`;
        await writeFile(temporary, text, { mode: 0o600 });
        await rename(temporary, options.path);
        written = text;
      } catch (error) {
        options.onError(error as Error);
      }
    });
    return writing;
  };
  const timer = setInterval(() => void save(), options.intervalMs);
  timer.unref();
  return {
    flush: save,
    async stop() {
      clearInterval(timer);
      await save();
    },
  };
}
