/**
 * The WebSocket protocol between a lab terminal in the page and the sandbox server.
 * Every frame is one JSON text message; both ends read it with parseFrame (frame.ts) and these
 * schemas, which are strict: a key a schema does not know makes the frame invalid.
 * Documented for humans in docs/protocol.md — keep the two in step.
 */
import { z } from 'zod';
import { checkResultSchema } from './checks.ts';
import { strictObject } from './strict-object.ts';

/** Largest frame either side accepts, in bytes. A paste bigger than this is refused, not truncated. */
export const MAX_FRAME_BYTES = 64 * 1024;

/** The longest command line the lab takes, typed or sent with `run`. */
export const MAX_COMMAND_LENGTH = 2048;

/** Path of the WebSocket endpoint on the lab server. */
export const WS_PATH = '/ws';

const size = z.number().int().min(2).max(1000);

/** A session token: opaque to the page, kept in localStorage so a reload resumes the session. */
export const sessionTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'malformed session token');
export const terminalIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'malformed terminal id');

/** What a participant may call themselves: short, printable, no markup. */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'a display name needs at least one character')
  .max(40, 'a display name is at most 40 characters')
  .regex(/^[^\p{Cc}<>]+$/u, 'a display name cannot contain control characters or < >');

export const helloMessageSchema = strictObject({
  type: z.literal('hello'),
  /** Token of the session to resume; absent for a new session. */
  session: sessionTokenSchema.optional(),
  /** Id of this terminal within the session; absent for a new terminal. */
  terminal: terminalIdSchema.optional(),
  /** A workshop participant's display name, as they typed it on the join page. */
  name: displayNameSchema.optional(),
  cols: size,
  rows: size,
});

/** Keystrokes and pastes, as the terminal emits them. */
export const inputMessageSchema = strictObject({
  type: z.literal('input'),
  data: z.string().max(MAX_FRAME_BYTES),
});
export const resizeMessageSchema = strictObject({ type: z.literal('resize'), cols: size, rows: size });
/** A command line to run as if typed at the prompt and Enter pressed (the lesson's Run buttons). */
export const runMessageSchema = strictObject({
  type: z.literal('run'),
  command: z
    .string()
    .min(1)
    .max(MAX_COMMAND_LENGTH)
    .regex(/^[^\r\n]*$/, 'one line only'),
});

export const lessonIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'malformed lesson id');

/**
 * The lesson this terminal's page shows: from now on the server evaluates its checks after every
 * finished command and pushes `checks`. `null` stops it.
 */
export const watchMessageSchema = strictObject({
  type: z.literal('watch'),
  lesson: lessonIdSchema.nullable(),
});
/** Removes what the lesson's steps make (its volumes and containers) from the session. */
export const resetMessageSchema = strictObject({ type: z.literal('reset'), lesson: lessonIdSchema });
/** Evaluate the watched (or given) lesson's checks now. */
export const checkMessageSchema = strictObject({
  type: z.literal('check'),
  lesson: lessonIdSchema.optional(),
});

export const clientMessageSchema = z.discriminatedUnion('type', [
  helloMessageSchema,
  inputMessageSchema,
  resizeMessageSchema,
  runMessageSchema,
  watchMessageSchema,
  checkMessageSchema,
  resetMessageSchema,
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const readyMessageSchema = strictObject({
  type: z.literal('ready'),
  session: sessionTokenSchema,
  terminal: terminalIdSchema,
});
export const outputMessageSchema = strictObject({ type: z.literal('output'), data: z.string() });
/** Sent once a command line has finished and the prompt is back. */
export const doneMessageSchema = strictObject({
  type: z.literal('done'),
  command: z.string(),
  exitCode: z.number().int(),
});
export const errorMessageSchema = strictObject({ type: z.literal('error'), message: z.string() });

/** The results of a lesson's checks, one per step, in the lesson's order. */
export const checksMessageSchema = strictObject({
  type: z.literal('checks'),
  lesson: lessonIdSchema,
  results: z.array(checkResultSchema),
  /** Steps of this lesson the session has passed at some point (kept by the server for the session). */
  passed: z.array(z.string()),
  /**
   * How many times the session has reset this lesson (a reset counts 2: started, finished). Results
   * evaluated before a reset carry a smaller number, so a page can drop them when they arrive late.
   */
  epoch: z.number().int().min(0),
});

/** One mount of a container, as the picture of the session shows it. */
export const stateMountSchema = strictObject({
  /** The volume's name; anonymous volumes keep the engine's 64-hex name. */
  volume: z.string(),
  anonymous: z.boolean(),
  target: z.string(),
  readOnly: z.boolean(),
});

/**
 * The session's volumes and containers and which container mounts which volume where: the data the
 * page draws its live diagram from. Pushed after every finished command to pages watching a lesson.
 */
export const stateMessageSchema = strictObject({
  type: z.literal('state'),
  volumes: z.array(strictObject({ name: z.string(), anonymous: z.boolean() })),
  containers: z.array(
    strictObject({
      name: z.string(),
      running: z.boolean(),
      image: z.string(),
      mounts: z.array(stateMountSchema),
    }),
  ),
});
export type SessionState = z.infer<typeof stateMessageSchema>;

export const serverMessageSchema = z.discriminatedUnion('type', [
  readyMessageSchema,
  outputMessageSchema,
  doneMessageSchema,
  errorMessageSchema,
  checksMessageSchema,
  stateMessageSchema,
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** Close codes the server uses beyond the standard ones. */
export const CloseCode = {
  /** The client did not send a valid `hello` first. */
  protocolError: 1002,
  /** The server is shutting down; reconnect later to resume. */
  goingAway: 1001,
  /** The lab is full or the client is rate limited; the `error` frame before it says which. Retry later. */
  tryAgainLater: 1013,
  /** The session has ended (expired, or the workshop is over); reconnecting starts a new one. */
  sessionEnded: 4001,
} as const;
