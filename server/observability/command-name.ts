/**
 * The name a command line is counted and logged under: the docker command it runs, never its
 * arguments or flag values (they can hold secrets or file contents), from a set small and fixed
 * enough to be a metric label. Names come from the CLI's own command tree, so an alias
 * (`docker volume list`, `docker container ps`) counts as the command it runs.
 */
import { type CommandSpec, findSubcommand } from '../cli/command-spec.ts';
import { ROOT_ENTRIES, type RootEntry } from '../cli/docker-root.ts';
import type { ParsedFlags } from '../cli/parse-args.ts';

/** Lab built-ins other than `docker` (see server/commands/dispatch.ts). */
const BUILTINS = ['help', 'clear'] as const;

/** What `docker` alone, or asking for its help, counts as. */
export const DOCKER = 'docker';

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

/**
 * The name of a docker command the grammar resolved (server/commands/dispatch.ts): its spec, and its
 * mode read from the flags the grammar parsed for it.
 */
export function resolvedName(spec: CommandSpec, flags: Pick<ParsedFlags, 'bool'>): string {
  const isBool = (name: string) => spec.flags.some((flag) => flag.name === name && flag.kind === 'bool');
  const on = (name: string) => isBool(name) && flags.bool(name);
  const suffix = MODES[spec.name]?.find((candidate) => candidate.flags.some(on))?.suffix;
  return suffix === undefined ? specName(spec) : `${specName(spec)} ${suffix}`;
}

/**
 * The name of a docker command line the grammar did not resolve (help, a usage error, an engine that
 * did not answer first): the command its words name, in no mode, since it never ran in one.
 */
export function unresolvedName(entry: RootEntry, argv: readonly string[]): string {
  if (entry.kind === 'command') return specName(entry.command);
  const group = entry.group.path.replace(/^docker /, '');
  // As cobra's Traverse does, flags may come before the subcommand; the first other word names it.
  const at = argv.findIndex((word) => !word.startsWith('-'));
  if (at === -1) return group;
  const sub = findSubcommand(entry.group, argv[at] ?? '');
  return sub ? specName(sub) : OTHER;
}

function allNames(): Set<string> {
  const names = new Set<string>([DOCKER, OTHER, ...BUILTINS]);
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

/** Every name a command line can be counted under: what a metric label or log field may hold. */
export const COMMAND_NAMES: ReadonlySet<string> = allNames();
