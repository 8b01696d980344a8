/**
 * What kind of command a solution line is, without its arguments (`volume create`, `run --rm`, ...),
 * so latencies are grouped by what the server and the engine do for them rather than by the names typed.
 */
import { tokenize } from '../../server/shell/tokenize.ts';

export interface CommandKind {
  kind: string;
  /** `run -it` / `exec -it`: the command waits for the learner to leave the shell it opens. */
  interactive: boolean;
}

/** Groups whose second word is the command itself (`docker volume ls`). */
const GROUPS = new Set(['volume', 'container', 'image', 'network', 'system']);
/** Flags of `run` and `exec` whose value is the next word, so that word is not taken for the image. */
const TAKES_VALUE = new Set([
  '--name',
  '-v',
  '--volume',
  '--mount',
  '--volumes-from',
  '--tmpfs',
  '-w',
  '--workdir',
  '-e',
  '--env',
  '--entrypoint',
  '-l',
  '--label',
  '-h',
  '--hostname',
  '-u',
  '--user',
]);

/** The flags written before the image (run) or container (exec), where the options end. */
function leadingFlags(words: string[]): string[] {
  const flags: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (!word.startsWith('-')) break;
    flags.push(word);
    if (TAKES_VALUE.has(word)) i++;
  }
  return flags;
}

/** True when a flag, alone or in a bundle like `-dit`, sets the one-letter option. */
function hasShort(flags: string[], letter: string, long: string): boolean {
  return flags.some((flag) => flag === long || (/^-[a-zA-Z]+$/.test(flag) && flag.includes(letter)));
}

export function commandKind(line: string): CommandKind {
  const tokens = tokenize(line);
  const words = tokens.ok ? tokens.words : line.trim().split(/\s+/);
  if (words[0] !== 'docker') return { kind: words[0] ?? '(empty)', interactive: false };
  const rest = words.slice(1);
  const group = rest[0] ?? '';
  const verb = group === 'container' && (rest[1] === 'run' || rest[1] === 'exec') ? rest[1] : group;
  if (verb !== 'run' && verb !== 'exec') {
    return { kind: GROUPS.has(group) ? `${group} ${rest[1] ?? ''}`.trim() : group, interactive: false };
  }
  const flags = leadingFlags(rest.slice(verb === group ? 1 : 2));
  const interactive = hasShort(flags, 'i', '--interactive') || hasShort(flags, 't', '--tty');
  const parts = [verb];
  if (hasShort(flags, 'd', '--detach')) parts.push('-d');
  if (interactive) parts.push('-it');
  if (verb === 'run' && flags.includes('--rm')) parts.push('--rm');
  return { kind: parts.join(' '), interactive };
}
