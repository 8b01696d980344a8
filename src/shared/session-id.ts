/**
 * A session id: 12 hex digits, the start of a hash of the session's token (made by
 * `sessionIdFromToken` in server/sandbox/namespace.ts). It names a session in engine names and labels,
 * in the session file, on the instructor's dashboard and as a btrfs quota group; the token never does.
 */
import { z } from 'zod';

export const SESSION_ID_PATTERN = /^[0-9a-f]{12}$/;

export const sessionIdSchema = z.string().regex(SESSION_ID_PATTERN, 'malformed session id');
