/**
 * The name a command line is counted and logged under: the docker command it runs, never its
 * arguments or flag values (they can hold secrets or file contents), from a set small and fixed
 * enough to be a metric label. Names come from the CLI's own command tree, so an alias
 * (`docker volume list`, `docker container ps`) counts as the command it runs.
 */
import type { CommandSpec } from '../cli/command-spec.ts';
import { findSubcommand } from '../cli/command-spec.ts';
import { lookupRoot, ROOT_ENTRIES } from '../cli/docker-root.ts';
import { scanFlags } from '../cli/parse-args.ts';

/** Lab built-ins other than `docker` (see server/commands/dispatch.ts). */
const BUILTINS = ['help', 'clear'] as const;

/** What a line that is no lab command, or no docker command the lab knows, counts as. */
export const OTHER = 'other';

/**
 * Commands whose duration depends on how they were started: a detached `run` returns at once, an
 * attached or interactive one lasts as long as its container or its learner. Splitting them keeps
 * the latency histogram meaningful. The first matching mode wins; `-it` stands for any of -i, -t, -it.
 */
const MODES: Readonly<Record<string, readonly { suffix: string; flags: readonly string[] }[]>> = {
  run: [
    { suffix: '-d', flags: ['detach'] },
    { suffix: '-it', flags: ['interactive', 'tty'] },
  ],
  exec: [
    { suffix: '-d', flags: ['detach'] },
    { suffix: '-it', flags: ['interactive', 'tty'] },
  ],
  logs: [{ suffix: '-f', flags: ['follow'] }],
  start: [{ suffix: '-a', flags: ['attach'] }],
};

/** `docker volume ls` → `volume ls`; `docker ps` → `ps`. */
function specName(spec: CommandSpec): string {
  const parent = spec.parentPath.replace(/^docker ?/, '');
  return parent === '' ? spec.name : `${parent} ${spec.name}`;
}

function mode(spec: CommandSpec, argv: readonly string[]): string | undefined {
  const modes = MODES[spec.name];
  if (!modes) return undefined;
  const scan = scanFlags(spec.flags, argv, false, spec.interspersed !== false);
  // A line that does not parse never ran in any mode; it still counts under its command.
  if (!scan.ok || scan.help) return undefined;
  const isBool = (name: string) => spec.flags.some((flag) => flag.name === name && flag.kind === 'bool');
  const on = (name: string) => isBool(name) && scan.flags.bool(name);
  return modes.find((candidate) => candidate.flags.some(on))?.suffix;
}

function leafName(spec: CommandSpec, argv: readonly string[]): string {
  const suffix = mode(spec, argv);
  return suffix === undefined ? specName(spec) : `${specName(spec)} ${suffix}`;
}

function dockerName(args: readonly string[]): string {
  const [first, ...rest] = args;
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') return 'docker';
  // Global options are refused by the lab before any command runs.
  if (first.startsWith('-')) return OTHER;
  const entry = lookupRoot(first);
  if (!entry) return OTHER;
  if (entry.kind === 'command') return leafName(entry.command, rest);
  // As cobra's Traverse does, flags may come before the subcommand; the first other word names it.
  const at = rest.findIndex((word) => !word.startsWith('-'));
  if (at === -1) return first;
  const sub = findSubcommand(entry.group, rest[at] ?? '');
  return sub ? leafName(sub, rest.slice(at + 1)) : OTHER;
}

/** The name of the command a line's words run: `volume create`, `run -d`, `docker`, `help` or `other`. */
export function commandName(words: readonly string[]): string {
  const [program, ...args] = words;
  if (program === 'docker') return dockerName(args);
  return BUILTINS.find((builtin) => builtin === program) ?? OTHER;
}

function allNames(): Set<string> {
  const names = new Set<string>(['docker', OTHER, ...BUILTINS]);
  const addLeaf = (spec: CommandSpec) => {
    names.add(specName(spec));
    for (const { suffix } of MODES[spec.name] ?? []) names.add(`${specName(spec)} ${suffix}`);
  };
  for (const [word, entry] of ROOT_ENTRIES) {
    if (entry.kind === 'command') addLeaf(entry.command);
    else {
      names.add(word);
      for (const spec of entry.group.commands) addLeaf(spec);
    }
  }
  return names;
}

/** Every name `commandName` can return: what a metric label or log field may hold. */
export const COMMAND_NAMES: ReadonlySet<string> = allNames();
