/**
 * Declarative description of docker CLI commands, modelled on the cobra
 * `Command` and pflag `Flag` fields that influence parsing, errors and help.
 * Keeping this data-only lets the parser and help renderer be tested against
 * captured output of the real CLI without any engine.
 */

/** How a flag consumes values, mirroring the pflag Value types the docker CLI uses. */
export type FlagKind = 'bool' | 'string' | 'stringArray';

/** Swarm requirement annotation (`swarm` on flags and commands in the docker CLI). */
export type SwarmRequirement = 'manager' | 'active';

/** One flag of a command, as pflag registers it. */
export interface FlagSpec {
  /** Long name without dashes, e.g. `filter`. */
  readonly name: string;
  /** Single ASCII character, e.g. `f`. */
  readonly shorthand?: string;
  /** `bool` takes no value; `string` keeps the last value; `stringArray` appends every occurrence. */
  readonly kind: FlagKind;
  /** Value type shown in help after the flag names (`string`, `list`, `filter`, `map`, `bytes`); empty for bools. */
  readonly valueType: string;
  /** Usage text, verbatim from the CLI source (may contain `\n`). */
  readonly description: string;
  /** Initial value of a `string` flag (pflag DefValue). */
  readonly default?: string;
  /**
   * What help prints inside `(default …)`: pflag's DefValue. Defaults to the Go-quoted `default`
   * of a string flag; custom Value types (e.g. `map[]`) set it explicitly.
   */
  readonly defaultText?: string;
  /**
   * For flags backed by a custom pflag Value (list, filter, map, bytes). pflag 1.0.5 decides
   * whether to print `(default …)` from the value's *current* String(), so `--label a --help`
   * shows `(default )`. Given every occurrence so far, returns whether that String() is one of
   * pflag's zero words ("", "0", "false", "<nil>").
   */
  readonly currentIsZero?: (occurrences: readonly string[]) => boolean;
  /** Never listed in help but still accepted (pflag `Hidden`). */
  readonly hidden?: boolean;
  /** pflag `Deprecated`: accepted, hidden from help, and a notice is printed when used. */
  readonly deprecated?: string;
  /** pflag `ShorthandDeprecated`: the shorthand still works but prints a notice. */
  readonly shorthandDeprecated?: string;
  /** Minimum daemon API version (the `version` annotation); older daemons hide the flag and reject its use. */
  readonly minApiVersion?: string;
  /** `swarm` annotation; hides the flag from help when the node does not satisfy it. */
  readonly swarm?: SwarmRequirement;
  /**
   * pflag `Value.Set` validation: returns the error text (as Go's `err.Error()`) or undefined.
   * Runs on every occurrence, in argv order, like pflag.
   */
  readonly validate?: (value: string) => string | undefined;
}

/** Positional argument rule: the validators of docker's `cli/required.go`. */
export type ArgRule =
  | { readonly kind: 'none' }
  | { readonly kind: 'max'; readonly count: number }
  | { readonly kind: 'min'; readonly count: number }
  | { readonly kind: 'exact'; readonly count: number }
  | { readonly kind: 'range'; readonly min: number; readonly max: number };

/** A runnable leaf command such as `docker volume ls`. */
export interface CommandSpec {
  /** Path of the parent, e.g. `docker volume`. */
  readonly parentPath: string;
  /** Name as typed, e.g. `ls`. */
  readonly name: string;
  readonly aliases: readonly string[];
  /** cobra `Use` without the name, e.g. `[OPTIONS] VOLUME [VOLUME...]`. */
  readonly usage: string;
  /** One-line description listed in the group help. */
  readonly short: string;
  /** Description shown in the command's own help when it differs from `short`. */
  readonly long?: string;
  readonly args: ArgRule;
  readonly flags: readonly FlagSpec[];
  /** `version` annotation on the command. */
  readonly minApiVersion?: string;
  readonly swarm?: SwarmRequirement;
  readonly hidden?: boolean;
  /**
   * `false` for commands that call pflag `SetInterspersed(false)` (`docker run`, `docker exec`):
   * the first positional argument ends flag parsing and every later word is an argument.
   */
  readonly interspersed?: false;
  /**
   * docker's `aliases` annotation, printed verbatim under `Aliases:` in help instead of the
   * cobra aliases (e.g. `docker container run, docker run` for `docker run`).
   */
  readonly aliasesAnnotation?: string;
}

/** A management command with subcommands, such as `docker volume`. */
export interface CommandGroup {
  /** Full path, e.g. `docker volume`. */
  readonly path: string;
  /**
   * cobra `Use` without the name: `COMMAND` for `docker volume`, empty for `docker container`
   * and `docker image`. Only usage errors show it; group help always prints `PATH COMMAND`.
   */
  readonly usage: string;
  readonly short: string;
  readonly minApiVersion?: string;
  readonly commands: readonly CommandSpec[];
}

/** What the CLI learned from the daemon (`/_ping` headers) that changes parsing and help. */
export interface EngineInfo {
  /** Negotiated API version, e.g. `1.41`. */
  readonly apiVersion: string;
  /** Swarm status from the ping; undefined when the daemon did not report it (nothing is hidden then). */
  readonly swarm?: { readonly nodeState: string; readonly controlAvailable: boolean };
}

/** Root command name used in error texts (cobra `Root().Name()`). */
export const BIN_NAME = 'docker';

/** `docker volume ls`: the command path cobra prints. */
export function commandPath(cmd: CommandSpec): string {
  return `${cmd.parentPath} ${cmd.name}`;
}

/** cobra `UseLine()` with docker's DisableFlagsInUseLine, e.g. `docker volume ls [OPTIONS]`. */
export function useLine(cmd: CommandSpec): string {
  return cmd.usage === '' ? commandPath(cmd) : `${commandPath(cmd)} ${cmd.usage}`;
}

/** The group's `UseLine()`, e.g. `docker volume COMMAND`, or `docker container` (its `Use` has no args). */
export function groupUseLine(group: CommandGroup): string {
  return group.usage === '' ? group.path : `${group.path} ${group.usage}`;
}

/** Finds a subcommand by name or alias, hidden ones included (cobra `findNext`). */
export function findSubcommand(group: CommandGroup, word: string): CommandSpec | undefined {
  return group.commands.find((c) => c.name === word || c.aliases.includes(word));
}

/** Port of moby `versions.compare`: dotted numeric comparison, missing parts count as 0. */
export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  const n = Math.max(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    // Go's strconv.Atoi failure yields 0, which Number('') also gives; NaN is mapped the same way.
    const x = Number.parseInt(pa[i] ?? '0', 10) || 0;
    const y = Number.parseInt(pb[i] ?? '0', 10) || 0;
    if (x !== y) return x > y ? 1 : -1;
  }
  return 0;
}

/** True when the daemon is older than `min` (moby `versions.LessThan`). */
export function apiOlderThan(engine: EngineInfo, min: string | undefined): boolean {
  return min !== undefined && compareApiVersions(engine.apiVersion, min) < 0;
}

/** docker's `notSwarmStatus`: true when the annotation is known to be unmet. */
export function swarmUnmet(engine: EngineInfo, req: SwarmRequirement | undefined): boolean {
  if (req === undefined || engine.swarm === undefined) return false;
  if (req === 'manager') return !engine.swarm.controlAvailable;
  return engine.swarm.nodeState === 'inactive';
}

/** Whether help lists the flag (docker `hideUnsupportedFeatures` + pflag hidden/deprecated). */
export function isFlagListed(flag: FlagSpec, engine: EngineInfo): boolean {
  if (flag.hidden || flag.deprecated !== undefined) return false;
  return !swarmUnmet(engine, flag.swarm) && !apiOlderThan(engine, flag.minApiVersion);
}

/** Whether the group help lists the subcommand (cobra `IsAvailableCommand` after docker hides unsupported ones). */
export function isCommandListed(cmd: CommandSpec, engine: EngineInfo): boolean {
  if (cmd.hidden) return false;
  return !swarmUnmet(engine, cmd.swarm) && !apiOlderThan(engine, cmd.minApiVersion);
}
