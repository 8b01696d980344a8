/**
 * Workshop mode: what the instructor's dashboard and the lab server say to each other over
 * `/ws/instructor`, and the one HTTP answer (`/api/workshop`) that tells a page whether workshop mode
 * is on. Shared by page and server, read at both ends with parseFrame (frame.ts) and these strict
 * schemas. Documented for humans in docs/protocol.md ("Instructor protocol") and docs/workshop.md —
 * keep them in step.
 *
 * SECURITY: nothing here carries a session token. The dashboard names participants by session id (a
 * one-way hash of the token), which opens nothing.
 */
import { z } from 'zod';
import { lessonIdSchema, terminalIdSchema } from './protocol.ts';
import { sessionIdSchema } from './session-id.ts';
import { strictObject } from './strict-object.ts';

/** GET: `{workshop: boolean}`. A page asks it before showing anything of workshop mode. */
export const WORKSHOP_INFO_PATH = '/api/workshop';
/** The instructor's WebSocket; the first frame must be `auth`. */
export const INSTRUCTOR_WS_PATH = '/ws/instructor';

/** Where the join page keeps the participant's display name (localStorage); lab-terminal sends it in `hello`. */
export const DISPLAY_NAME_KEY = 'volume-lab.name';
/** Where the dashboard keeps the instructor secret: sessionStorage, so it dies with the tab. */
export const INSTRUCTOR_SECRET_KEY = 'volume-lab.instructor-secret';

export const MIN_SECRET_LENGTH = 12;
export const MAX_SECRET_LENGTH = 256;
/** A broadcast is one line in every terminal: a sentence, not an essay. */
export const MAX_BROADCAST_LENGTH = 200;

/** Close codes of the instructor socket beyond the lab's own (see CloseCode in protocol.ts). */
export const InstructorCloseCode = {
  /** The first frame was not `auth`, or none came in time. */
  protocolError: 1002,
  /** Wrong secret. The `error` frame before it says so. */
  unauthorised: 4003,
  /** Too many wrong secrets from this address, or too many dashboards open: wait, then retry. */
  tryAgainLater: 1013,
} as const;

/** The answer of `GET /api/workshop`. */
export const workshopInfoSchema = strictObject({
  /** True when the lab was started with an instructor secret. */
  workshop: z.boolean(),
});
export type WorkshopInfo = z.infer<typeof workshopInfoSchema>;

/** The secret the lab is started with: long enough that guessing it, even unthrottled, is hopeless. */
export const instructorSecretSchema = z
  .string()
  .trim()
  .min(MIN_SECRET_LENGTH, `the instructor secret needs at least ${MIN_SECRET_LENGTH} characters`)
  .max(MAX_SECRET_LENGTH, `the instructor secret is at most ${MAX_SECRET_LENGTH} characters`)
  .regex(/^[^\p{Cc}]+$/u, 'the instructor secret cannot contain control characters');

/**
 * What the instructor may say to every terminal: one short line of plain text. Control characters
 * would reach every learner's terminal as escape sequences; bidirectional overrides would let the
 * line read differently from what was typed.
 */
export const broadcastTextSchema = z
  .string()
  .trim()
  .min(1, 'the message is empty')
  .max(MAX_BROADCAST_LENGTH, `a message is at most ${MAX_BROADCAST_LENGTH} characters`)
  .regex(/^[^\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]+$/u, 'a message is one line of plain text');

// ---- instructor → server ----

/** First frame, exactly once. The secret is checked in constant time; wrong guesses are rate limited. */
export const authMessageSchema = strictObject({
  type: z.literal('auth'),
  secret: z.string().min(1).max(MAX_SECRET_LENGTH),
});
/** Start watching one participant's terminal (read-only); replaces any view this socket had. */
export const viewMessageSchema = strictObject({
  type: z.literal('view'),
  session: sessionIdSchema,
  /** Which of the participant's terminals; absent: their first. */
  terminal: terminalIdSchema.optional(),
});
export const unviewMessageSchema = strictObject({ type: z.literal('unview') });
/** Remove all of a participant's containers and volumes and forget their progress. */
export const resetParticipantMessageSchema = strictObject({
  type: z.literal('reset'),
  session: sessionIdSchema,
});
/** One line to every terminal of every participant. */
export const broadcastMessageSchema = strictObject({
  type: z.literal('broadcast'),
  message: broadcastTextSchema,
});
/** End the workshop: every session ends, everything the lab made on the engine is removed. */
export const endWorkshopMessageSchema = strictObject({ type: z.literal('end') });

export const instructorClientMessageSchema = z.discriminatedUnion('type', [
  authMessageSchema,
  viewMessageSchema,
  unviewMessageSchema,
  resetParticipantMessageSchema,
  broadcastMessageSchema,
  endWorkshopMessageSchema,
]);
export type InstructorClientMessage = z.infer<typeof instructorClientMessageSchema>;

// ---- server → instructor ----

/** The secret was right. */
export const welcomeMessageSchema = strictObject({
  type: z.literal('welcome'),
  /** A participant is "stuck" after this many minutes without a new step while active. */
  stuckMinutes: z.number().positive(),
});

export const participantSchema = strictObject({
  /** The session id; what `view` and `reset` name. */
  id: sessionIdSchema,
  /** The display name they joined with; null when they skipped the join page. */
  name: z.string().nullable(),
  /** The lesson their page watches now (or last did); null before any lesson page. */
  lesson: lessonIdSchema.nullable(),
  /** Steps of that lesson passed, out of its steps. */
  passed: z.number().int().min(0),
  steps: z.number().int().min(0),
  /** Lessons with every step passed. */
  completed: z.number().int().min(0),
  /** The last command's name (`volume create`, never its arguments), its exit code and when (server clock). */
  lastCommand: strictObject({ command: z.string(), exitCode: z.number().int(), at: z.number() }).nullable(),
  /** Whether a page of theirs has a socket open now. */
  connected: z.boolean(),
  /** Their terminals' ids, oldest first, for `view`. */
  terminals: z.array(terminalIdSchema),
  /** When they last passed a new step (or joined, or were reset), server clock. */
  progressAt: z.number(),
  /**
   * Connected, active (typed within the stuck time), in a lesson not yet complete, and no new step
   * for the stuck time: someone to go and see.
   */
  stuck: z.boolean(),
});
export type Participant = z.infer<typeof participantSchema>;

export const lessonCountSchema = strictObject({
  id: lessonIdSchema,
  title: z.string(),
  steps: z.number().int().min(0),
  /** Participants who passed every step of it. */
  completed: z.number().int().min(0),
  /** Participants whose page shows it now. */
  here: z.number().int().min(0),
});
export type LessonCount = z.infer<typeof lessonCountSchema>;

/** The room as it is now. Sent after `welcome`, then whenever something in it changes (checked every second). */
export const rosterMessageSchema = strictObject({
  type: z.literal('roster'),
  /** The server's clock when this was made: times in it are relative to it, whatever the page's clock says. */
  at: z.number(),
  participants: z.array(participantSchema),
  /** Every lesson, in course order. */
  lessons: z.array(lessonCountSchema),
});
export type RosterMessage = z.infer<typeof rosterMessageSchema>;

/** A view began: what the terminal showed so far (up to 128 KiB), then `view-output` as it shows more. */
export const viewStartMessageSchema = strictObject({
  type: z.literal('view-start'),
  session: sessionIdSchema,
  terminal: terminalIdSchema,
  data: z.string(),
});
export const viewOutputMessageSchema = strictObject({
  type: z.literal('view-output'),
  session: sessionIdSchema,
  terminal: terminalIdSchema,
  data: z.string(),
});
/** The view stopped: the terminal or the session is gone, or the dashboard fell too far behind. */
export const viewEndMessageSchema = strictObject({
  type: z.literal('view-end'),
  session: sessionIdSchema,
  terminal: terminalIdSchema,
  reason: z.string(),
});
/** A `reset`, `broadcast` or `end` is done; `message` says what happened, for the dashboard to announce. */
export const resultMessageSchema = strictObject({
  type: z.literal('result'),
  action: z.enum(['reset', 'broadcast', 'end']),
  message: z.string(),
});
export const instructorErrorMessageSchema = strictObject({ type: z.literal('error'), message: z.string() });

export const instructorServerMessageSchema = z.discriminatedUnion('type', [
  welcomeMessageSchema,
  rosterMessageSchema,
  viewStartMessageSchema,
  viewOutputMessageSchema,
  viewEndMessageSchema,
  resultMessageSchema,
  instructorErrorMessageSchema,
]);
export type InstructorServerMessage = z.infer<typeof instructorServerMessageSchema>;
