/**
 * The check vocabulary: what a lesson step asks of the engine's state. Checks are data, written in a
 * lesson's frontmatter and evaluated by the server against the real engine — never by matching
 * command output — so every correct way to reach the state passes (`-v` and `--mount` alike).
 */
import { z } from 'zod';

const name = z.string().min(1).describe('A name as the learner types it (no hidden prefix).');
const absolutePath = z.string().regex(/^\//, 'an absolute path inside the container');

/** A mount a container must have. */
export const mountExpectationSchema = z
  .object({
    /** The named volume mounted; omit with `anonymous: true`. */
    volume: name.optional(),
    /** An anonymous volume (one the engine named). */
    anonymous: z.boolean().optional(),
    target: absolutePath.describe('Where the volume appears inside the container.'),
    readOnly: z.boolean().optional().describe('Require a read-only (true) or writable (false) mount.'),
  })
  .refine((mount) => (mount.volume !== undefined) !== (mount.anonymous === true), {
    message: 'give either volume or anonymous: true',
  });

export const checkSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('volume-exists'),
    name,
    driver: z.string().optional(),
    /** Labels the volume must carry (value '' matches a label with an empty value). */
    labels: z.record(z.string(), z.string()).optional(),
  }),
  z.object({ kind: z.literal('volume-absent'), name }),
  z.object({
    kind: z.literal('container-exists'),
    /** The container's name; omit to accept any of the session's containers that matches the rest. */
    name: name.optional(),
    running: z.boolean().optional(),
    mount: mountExpectationSchema.optional(),
  }),
  z.object({ kind: z.literal('container-absent'), name }),
  z.object({
    kind: z.literal('file-in-volume'),
    volume: name,
    path: z.string().min(1).describe('Path of the file inside the volume, e.g. notes/today.txt.'),
    exists: z.boolean().default(true),
    /** Text the file must contain. */
    contains: z.string().optional(),
  }),
  z.object({ kind: z.literal('volume-mounted-by'), volume: name, atLeast: z.number().int().min(1) }),
  z.object({
    kind: z.literal('container-volumes-from'),
    /** The container created with --volumes-from; omit to accept any. */
    container: name.optional(),
    from: name,
  }),
  z.object({
    kind: z.literal('volume-count'),
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(0).optional(),
    /** Count only anonymous volumes (true) or only named ones (false). */
    anonymous: z.boolean().optional(),
  }),
]);
export type Check = z.infer<typeof checkSchema>;
/** A check as a lesson author writes it (defaults not yet applied). */
export type CheckInput = z.input<typeof checkSchema>;

/** The outcome of one step's check; `detail` says what was found against what is expected. */
export const checkResultSchema = z.object({ step: z.string(), ok: z.boolean(), detail: z.string() });
export type CheckResult = z.infer<typeof checkResultSchema>;
