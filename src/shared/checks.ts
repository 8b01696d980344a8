/**
 * The check vocabulary: what a lesson step asks of the engine's state. Checks are data, written in a
 * lesson's frontmatter and evaluated by the server against the real engine — never by matching
 * command output — so every correct way to reach the state passes (`-v` and `--mount` alike).
 *
 * Every object is strict (strict-object.ts): a misspelt key (`readonly:` for `readOnly:`) would otherwise
 * be dropped and silently weaken the check, so it fails the build and the server's lesson loader instead.
 */
import { z } from 'zod';
import { strictObject } from './strict-object.ts';

const name = z.string().min(1).describe('A name as the learner types it (no hidden prefix).');
const absolutePath = z.string().regex(/^\//, 'an absolute path inside the container');

/** A mount a container must have. */
export const mountExpectationSchema = strictObject({
  volume: name.optional().describe('The named volume mounted; omit with `anonymous: true`.'),
  anonymous: z
    .boolean()
    .optional()
    .describe('An anonymous volume: one created without a name (`-v /path`, or `docker volume create`).'),
  target: absolutePath.describe('Where the volume appears inside the container.'),
  readOnly: z.boolean().optional().describe('Require a read-only (true) or writable (false) mount.'),
}).refine((mount) => (mount.volume !== undefined) !== (mount.anonymous === true), {
  message: 'give either volume or anonymous: true',
});

export const checkSchema = z.discriminatedUnion('kind', [
  strictObject({
    kind: z.literal('volume-exists'),
    name,
    driver: z.string().optional().describe('The volume driver it must use, e.g. local.'),
    labels: z
      .record(z.string(), z.string())
      .optional()
      .describe("Labels the volume must carry (value '' matches a label with an empty value)."),
  }).describe('A volume with this name exists (optionally with this driver and these labels).'),
  strictObject({ kind: z.literal('volume-absent'), name }).describe('No volume with this name exists.'),
  strictObject({
    kind: z.literal('container-exists'),
    name: name
      .optional()
      .describe(
        "The container's name; omit to accept any of the session's containers that matches the rest.",
      ),
    running: z.boolean().optional().describe('Require it running (true) or stopped (false).'),
    image: z
      .string()
      .min(1)
      .optional()
      .describe(
        'The image it runs: a repository (`redis`, any tag) or a reference with a tag (`redis:7.0`).',
      ),
    mount: mountExpectationSchema.optional().describe('A mount the container must have.'),
  }).describe('A container exists, optionally running or stopped, running an image, with a given mount.'),
  strictObject({ kind: z.literal('container-absent'), name }).describe('No container with this name exists.'),
  strictObject({
    kind: z.literal('file-in-volume'),
    volume: name,
    path: z.string().min(1).describe('Path of the file inside the volume, e.g. notes/today.txt.'),
    exists: z.boolean().default(true).describe('Require the file present (true, default) or gone (false).'),
    contains: z.string().optional().describe('Text the file must contain.'),
    owner: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('The uid that must own the file, as a container sees it (root is 0).'),
  }).describe('A file is (or is not) in a volume, with this text or owner; read from the engine, not run.'),
  strictObject({
    kind: z.literal('volume-mounted-by'),
    volume: name,
    atLeast: z.number().int().min(1).describe('How many containers must mount it.'),
  }).describe('At least this many containers mount the volume.'),
  strictObject({
    kind: z.literal('container-volumes-from'),
    container: name.optional().describe('The container created with --volumes-from; omit to accept any.'),
    from: name.describe('The container whose volumes it borrows.'),
  }).describe('A container was created with --volumes-from another.'),
  strictObject({
    kind: z.literal('volume-count'),
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(0).optional(),
    anonymous: z
      .boolean()
      .optional()
      .describe('Count only anonymous volumes (true) or only named ones (false).'),
  }).describe('The session has between min and max volumes (of a kind).'),
]);
export type Check = z.infer<typeof checkSchema>;
/** A check as a lesson author writes it (defaults not yet applied). */
export type CheckInput = z.input<typeof checkSchema>;

/** The outcome of one step's check; `detail` says what was found against what is expected. */
export const checkResultSchema = strictObject({ step: z.string(), ok: z.boolean(), detail: z.string() });
export type CheckResult = z.infer<typeof checkResultSchema>;
