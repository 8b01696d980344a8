/**
 * What a learner's browser keeps for the lab: the session token (localStorage, so a reload or another
 * tab resumes the session), each terminal's id (sessionStorage: it survives a reload but is not shared
 * with a second tab, so two tabs get two shells in the same session instead of fighting over one), and
 * a workshop participant's display name. See docs/protocol.md, "The session token". Storage can be
 * unavailable (blocked cookies, some private modes); then nothing is kept and the lab still works, it
 * just starts a fresh session on reload.
 */
import { displayNameSchema, sessionTokenSchema, terminalIdSchema } from '../shared/protocol.ts';
import { DISPLAY_NAME_KEY } from '../shared/workshop.ts';

const SESSION_KEY = 'volume-lab.session';
const TERMINAL_PREFIX = 'volume-lab.terminal.';

function get(storage: () => Storage, key: string): string | null {
  try {
    return storage().getItem(key);
  } catch {
    return null;
  }
}

function set(storage: () => Storage, key: string, value: string | null): void {
  try {
    if (value === null) storage().removeItem(key);
    else storage().setItem(key, value);
  } catch {
    // See the module comment.
  }
}

const local = (): Storage => window.localStorage;
const perTab = (): Storage => window.sessionStorage;

export function storedToken(): string | null {
  const token = get(local, SESSION_KEY);
  return token && sessionTokenSchema.safeParse(token).success ? token : null;
}

export function storeToken(token: string | null): void {
  set(local, SESSION_KEY, token);
}

export function storedName(): string | null {
  return displayNameSchema.safeParse(get(local, DISPLAY_NAME_KEY) ?? '').data ?? null;
}

export function storeName(name: string): void {
  set(local, DISPLAY_NAME_KEY, name);
}

export function storedTerminal(name: string): string | null {
  const id = get(perTab, `${TERMINAL_PREFIX}${name}`);
  return id && terminalIdSchema.safeParse(id).success ? id : null;
}

export function storeTerminal(name: string, id: string | null): void {
  set(perTab, `${TERMINAL_PREFIX}${name}`, id);
}

/** Forgets this tab's terminal ids: they belong to whichever session the tab had before. */
export function forgetTerminals(): void {
  try {
    const storage = perTab();
    for (const key of Object.keys(storage)) if (key.startsWith(TERMINAL_PREFIX)) storage.removeItem(key);
  } catch {
    // See the module comment.
  }
}

/** The link that opens this session on another device. The token rides in the fragment, which no request carries. */
export function resumeLink(token: string): string {
  return new URL(`/resume#${token}`, window.location.href).href;
}
