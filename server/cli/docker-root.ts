/**
 * Top-level routing of the lab's docker CLI: which first word after `docker` names
 * which leaf command or management group (docker CLI 28 registers `docker ps`,
 * `docker rm`, `docker images`, … as separate top-level commands whose path appears
 * in their errors, so they are distinct specs from their `docker container …` twins).
 */
import type { CommandGroup, CommandSpec } from './command-spec.ts';
import {
  containerGroup,
  dockerExec,
  dockerImages,
  dockerInspect,
  dockerKill,
  dockerLogs,
  dockerPs,
  dockerRestart,
  dockerRm,
  dockerRun,
  dockerStart,
  dockerStop,
  dockerWait,
  imageGroup,
} from './container-commands.ts';
import { versionCommand } from './version-command.ts';
import { volumeGroup } from './volume-commands.ts';

/** What a first word resolves to: a leaf command or a group whose subcommand follows. */
export type RootEntry =
  | { readonly kind: 'command'; readonly command: CommandSpec }
  | { readonly kind: 'group'; readonly group: CommandGroup };

const command = (spec: CommandSpec): RootEntry => ({ kind: 'command', command: spec });
const group = (g: CommandGroup): RootEntry => ({ kind: 'group', group: g });

/** Every top-level word the lab supports, in alphabetical order. */
export const ROOT_ENTRIES: ReadonlyMap<string, RootEntry> = new Map([
  ['container', group(containerGroup)],
  ['exec', command(dockerExec)],
  ['image', group(imageGroup)],
  ['images', command(dockerImages)],
  ['inspect', command(dockerInspect)],
  ['kill', command(dockerKill)],
  ['logs', command(dockerLogs)],
  ['ps', command(dockerPs)],
  ['restart', command(dockerRestart)],
  ['rm', command(dockerRm)],
  ['run', command(dockerRun)],
  ['start', command(dockerStart)],
  ['stop', command(dockerStop)],
  ['version', command(versionCommand)],
  ['volume', group(volumeGroup)],
  ['wait', command(dockerWait)],
]);

/** The root command's cobra `Short`, printed under the usage line of `docker --help`. */
export const ROOT_SHORT = 'A self-sufficient runtime for containers';

/**
 * The order `docker --help` lists the lab's commands in: the real CLI's sections (common,
 * management, the rest) would sort forty commands the lab refuses among these, so the lab
 * lists only its own, the everyday container commands first and `version` last.
 * Every word of ROOT_ENTRIES appears exactly once (a unit test holds it to that).
 */
export const ROOT_HELP_ORDER: readonly string[] = [
  'run',
  'exec',
  'ps',
  'logs',
  'start',
  'stop',
  'restart',
  'kill',
  'wait',
  'rm',
  'inspect',
  'images',
  'container',
  'image',
  'volume',
  'version',
];

/**
 * Resolves the first word after `docker` (exactly, as cobra matches names; docker
 * disables prefix matching). Undefined means `unknownRootCommand(word)`.
 * Parse the remaining words with `parseCommandArgs` (commands) or `parseGroupArgs`
 * (groups); the spec's `parentPath`/`path` gives the command path errors print.
 */
export function lookupRoot(word: string): RootEntry | undefined {
  return ROOT_ENTRIES.get(word);
}
