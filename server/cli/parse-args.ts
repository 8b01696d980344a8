/**
 * Command-line grammar of docker CLI 28: pflag's scanner (interspersed flags,
 * `--flag=value`, `-fvalue`, `-qa`, `-q=false`, `--`) and the cobra/docker flow
 * around it (subcommand traversal, `--help`, API-version gates, positional-arg
 * rules), producing the exact stdout/stderr/exit code the real CLI would.
 *
 * Node's `util.parseArgs` is deliberately not used: its lexing differs from
 * pflag's in ways the real CLI exposes (`-q=false` becomes `-q -= -f alse`,
 * `-f=x` yields `=x`, `-q-` is read as a terminator, `---x`/`--=x` are accepted),
 * so a direct port of pflag's ~100-line `parseArgs` is the smaller, faithful option.
 */
import { goQuote, goQuoteByte } from '../format/go-quote.ts';
import {
  apiOlderThan,
  BIN_NAME,
  type CommandGroup,
  type CommandSpec,
  commandPath,
  type EngineInfo,
  type FlagSpec,
  findSubcommand,
  groupUseLine,
  useLine,
} from './command-spec.ts';
import { type HelpOptions, renderCommandHelp, renderGroupHelp } from './help-text.ts';

/** Values of a successfully parsed command line. */
export class ParsedFlags {
  readonly #specs: ReadonlyMap<string, FlagSpec>;
  readonly #values: Map<string, string | boolean | string[]>;
  readonly #changed: Set<string>;
  readonly #occurrences: Map<string, string[]>;

  /** @internal Built by the parser only. */
  constructor(specs: readonly FlagSpec[]) {
    this.#specs = new Map(specs.map((f) => [f.name, f]));
    this.#values = new Map();
    this.#changed = new Set();
    this.#occurrences = new Map();
  }

  /** Every raw value given to the flag, in argv order (`true`/`false` text for bools). */
  occurrences(name: string): readonly string[] {
    return this.#occurrences.get(name) ?? [];
  }

  /** Whether the flag appeared on the command line (pflag `Changed`), whatever its value. */
  changed(name: string): boolean {
    return this.#changed.has(name);
  }

  /** Names of the flags that appeared, sorted as pflag's `Visit` would. */
  changedNames(): string[] {
    return [...this.#changed].sort();
  }

  /** Value of a bool flag (false when absent). */
  bool(name: string): boolean {
    const v = this.#value(name, 'bool');
    return v === true;
  }

  /** Value of a string flag: the last occurrence, else the spec default, else ''. */
  string(name: string): string {
    const v = this.#value(name, 'string');
    return typeof v === 'string' ? v : (this.#specs.get(name)?.default ?? '');
  }

  /** Every occurrence of a repeatable flag, in argv order. */
  stringArray(name: string): string[] {
    const v = this.#value(name, 'stringArray');
    return Array.isArray(v) ? [...v] : [];
  }

  /** @internal Records one occurrence after validation. */
  set(flag: FlagSpec, raw: string, value: string | boolean): void {
    this.#occurrences.set(flag.name, [...this.occurrences(flag.name), raw]);
    if (flag.kind === 'stringArray') {
      const prev = this.#values.get(flag.name);
      this.#values.set(flag.name, [...(Array.isArray(prev) ? prev : []), String(value)]);
    } else {
      this.#values.set(flag.name, value);
    }
    this.#changed.add(flag.name);
  }

  #value(name: string, kind: FlagSpec['kind']): string | boolean | string[] | undefined {
    const spec = this.#specs.get(name);
    if (spec === undefined) throw new Error(`flag accessed but not defined: ${name}`);
    if (spec.kind !== kind) throw new Error(`flag --${name} is a ${spec.kind}, not a ${kind}`);
    return this.#values.get(name);
  }
}

/** Result of running a command line through the grammar. */
export type CliOutcome =
  | {
      /** The command should run with these flags and positional args. */
      readonly kind: 'run';
      readonly command: CommandSpec;
      readonly flags: ParsedFlags;
      readonly args: readonly string[];
      /** Notices the CLI prints to stdout before running (deprecated flag/shorthand use). */
      readonly stdout: string;
    }
  | {
      /** The CLI stops here (help or usage error) with this output. */
      readonly kind: 'exit';
      readonly stdout: string;
      readonly stderr: string;
      readonly exitCode: number;
    };

/** Raw result of pflag's scanner over one flag set. */
export type FlagScan =
  | {
      readonly ok: true;
      readonly flags: ParsedFlags;
      readonly args: string[];
      readonly help: boolean;
      /** Deprecation notices, in the order pflag wrote them. */
      readonly notices: string[];
    }
  | { readonly ok: false; readonly error: string; readonly flags: ParsedFlags };

/** The persistent `-h, --help` flag docker adds to every command (hidden, shorthand deprecated). */
export const HELP_FLAG: FlagSpec = {
  name: 'help',
  shorthand: 'h',
  kind: 'bool',
  valueType: '',
  description: 'Print usage',
  hidden: true,
  shorthandDeprecated: 'use --help',
};

/**
 * pflag `FlagSet.Parse` over `flags` plus the help flag.
 * `help` seeds the help flag's value, which cobra shares with parent commands.
 * With `interspersed` false (pflag `SetInterspersed(false)`), the first positional
 * argument stops flag parsing: it and every later word are returned as args.
 * A command that declares its own `help` flag (`docker run`, whose `-h` is `--hostname`)
 * uses it instead of docker's persistent `-h, --help`, as cobra's flag-set merge does.
 */
export function scanFlags(
  flags: readonly FlagSpec[],
  argv: readonly string[],
  help = false,
  interspersed = true,
): FlagScan {
  const parsed = new ParsedFlags(flags);
  const helpFlag = flags.find((f) => f.name === HELP_FLAG.name) ?? HELP_FLAG;
  const all = helpFlag === HELP_FLAG ? [...flags, HELP_FLAG] : flags;
  const byName = new Map<string, FlagSpec>(all.map((f) => [f.name, f]));
  const byShort = new Map<string, FlagSpec>();
  for (const f of all) if (f.shorthand !== undefined) byShort.set(f.shorthand, f);
  const state = { help, notices: [] as string[] };

  const set = (flag: FlagSpec, value: string): string | undefined => {
    let stored: string | boolean = value;
    const err = flag.kind === 'bool' ? parseBoolError(value) : flag.validate?.(value);
    if (err !== undefined) {
      const label =
        flag.shorthand !== undefined && flag.shorthandDeprecated === undefined
          ? `-${flag.shorthand}, --${flag.name}`
          : `--${flag.name}`;
      return `invalid argument ${goQuote(value)} for ${goQuote(label)} flag: ${err}`;
    }
    if (flag.kind === 'bool') stored = parseBool(value);
    if (flag === helpFlag) state.help = stored === true;
    else parsed.set(flag, value, stored);
    if (flag.deprecated !== undefined)
      state.notices.push(`Flag --${flag.name} has been deprecated, ${flag.deprecated}\n`);
    return undefined;
  };

  const args: string[] = [];
  let rest = [...argv];
  while (rest.length > 0) {
    const s = rest.shift() as string;
    if (s.length < 2 || s[0] !== '-') {
      args.push(s);
      if (!interspersed) {
        args.push(...rest);
        break;
      }
      continue;
    }
    if (s === '--') {
      args.push(...rest);
      break;
    }
    const r = s[1] === '-' ? longArg(s, rest) : shortArg(s, rest);
    if (typeof r === 'string') return { ok: false, error: r, flags: parsed };
    rest = r;
  }
  return { ok: true, flags: parsed, args, help: state.help, notices: state.notices };

  // Returns the remaining argv, or the error text.
  function longArg(s: string, a: string[]): string[] | string {
    const body = s.slice(2);
    if (body === '' || body[0] === '-' || body[0] === '=') return `bad flag syntax: ${s}`;
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const flag = byName.get(name);
    if (flag === undefined) return `unknown flag: --${name}`;
    let value: string;
    if (eq !== -1) value = body.slice(eq + 1);
    else if (flag.kind === 'bool') value = 'true';
    else if (a.length > 0) value = a.shift() as string;
    else return `flag needs an argument: ${s}`;
    return set(flag, value) ?? a;
  }

  function shortArg(s: string, a: string[]): string[] | string {
    // pflag walks bytes, so a non-ASCII shorthand is reported by its first byte.
    let shorthands = Buffer.from(s.slice(1), 'utf8');
    while (shorthands.length > 0) {
      const c = shorthands[0] as number;
      const flag = c < 0x80 ? byShort.get(String.fromCharCode(c)) : undefined;
      if (flag === undefined) {
        return `unknown shorthand flag: ${goQuoteByte(c)} in -${shorthands.toString('utf8')}`;
      }
      let value: string;
      let next = shorthands.subarray(1);
      if (shorthands.length > 2 && shorthands[1] === 0x3d /* = */) {
        value = shorthands.subarray(2).toString('utf8');
        next = Buffer.alloc(0);
      } else if (flag.kind === 'bool') {
        value = 'true';
      } else if (shorthands.length > 1) {
        value = next.toString('utf8');
        next = Buffer.alloc(0);
      } else if (a.length > 0) {
        value = a.shift() as string;
      } else {
        return `flag needs an argument: ${goQuoteByte(c)} in -${shorthands.toString('utf8')}`;
      }
      if (flag.shorthandDeprecated !== undefined) {
        state.notices.push(
          `Flag shorthand -${flag.shorthand} has been deprecated, ${flag.shorthandDeprecated}\n`,
        );
      }
      const err = set(flag, value);
      if (err !== undefined) return err;
      shorthands = next;
    }
    return a;
  }
}

const TRUE_WORDS = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE_WORDS = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

function parseBool(v: string): boolean {
  return TRUE_WORDS.includes(v);
}

function parseBoolError(v: string): string | undefined {
  return TRUE_WORDS.includes(v) || FALSE_WORDS.includes(v)
    ? undefined
    : `strconv.ParseBool: parsing ${goQuote(v)}: invalid syntax`;
}

/**
 * docker's `isSupported`: command-level then flag-level API gates, as one message
 * (flag errors joined by newlines, in flag-name order), or undefined.
 */
export function unsupportedError(
  cmd: CommandSpec,
  group: CommandGroup | undefined,
  flags: ParsedFlags,
  engine: EngineInfo,
): string | undefined {
  for (const min of [cmd.minApiVersion, group?.minApiVersion]) {
    if (apiOlderThan(engine, min)) {
      return `${commandPath(cmd)} requires API version ${min}, but the Docker daemon API version is ${engine.apiVersion}`;
    }
  }
  const errs: string[] = [];
  for (const name of flags.changedNames()) {
    const min = cmd.flags.find((f) => f.name === name)?.minApiVersion;
    if (apiOlderThan(engine, min)) {
      errs.push(
        `"--${name}" requires API version ${min}, but the Docker daemon API version is ${engine.apiVersion}`,
      );
    }
  }
  return errs.length > 0 ? errs.join('\n') : undefined;
}

/** The positional-argument error of docker's `cli/required.go`, or undefined when the count fits. */
export function argsError(cmd: CommandSpec, count: number): string | undefined {
  const path = commandPath(cmd);
  const usage = `\n\nUsage:  ${useLine(cmd)}\n\n`;
  const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');
  const rule = cmd.args;
  switch (rule.kind) {
    case 'none':
      return count === 0
        ? undefined
        : `${BIN_NAME}: '${path}' accepts no arguments${usage}Run '${path} --help' for more information`;
    case 'min':
      return count >= rule.count
        ? undefined
        : `${BIN_NAME}: '${path}' requires at least ${rule.count} ${plural(rule.count)}${usage}See '${path} --help' for more information`;
    case 'max':
      // "SRun" is a typo in docker CLI 28 itself, reproduced on purpose.
      return count <= rule.count
        ? undefined
        : `${BIN_NAME}: '${path}' requires at most ${rule.count} ${plural(rule.count)}${usage}SRun '${path} --help' for more information`;
    case 'exact':
      return count === rule.count
        ? undefined
        : `${BIN_NAME}: '${path}' requires ${rule.count} ${plural(rule.count)}${usage}Run '${path} --help' for more information`;
    case 'range':
      return count >= rule.min && count <= rule.max
        ? undefined
        : `${BIN_NAME}: '${path}' requires at least ${rule.min} and at most ${rule.max} ${plural(rule.max)}${usage}Run '${path} --help' for more information`;
  }
}

/** `docker: unknown command: docker volum` for a first word that names no command. */
export function unknownRootCommand(word: string): CliOutcome {
  return exit(
    '',
    `${BIN_NAME}: unknown command: ${BIN_NAME} ${word}\n\nRun '${BIN_NAME} --help' for more information\n`,
    1,
  );
}

/** Context shared by the parse entry points. */
export interface ParseOptions extends HelpOptions {
  readonly engine: EngineInfo;
}

/**
 * Parses the argv that follows a leaf command's path (e.g. after `docker volume ls`)
 * the way cobra executes it: flags, then `--help`, then API gates, then the
 * positional-argument rule.
 */
export function parseCommandArgs(
  cmd: CommandSpec,
  argv: readonly string[],
  options: ParseOptions,
): CliOutcome {
  return executeLeaf(cmd, undefined, argv, options, { help: false, groupNotices: [] });
}

/**
 * Parses the argv that follows a group's path (e.g. after `docker volume`): finds the
 * subcommand like cobra's `Traverse` (flags may precede it) and parses the rest.
 */
export function parseGroupArgs(
  group: CommandGroup,
  argv: readonly string[],
  options: ParseOptions,
): CliOutcome {
  const { engine } = options;
  const pre: string[] = [];
  let inFlag = false;
  for (const [i, arg] of argv.entries()) {
    // cobra's Traverse guesses which words are flag values using only the group's own flags (help).
    if (arg.startsWith('--') && !arg.includes('=')) {
      inFlag = arg.slice(2) !== HELP_FLAG.name;
      pre.push(arg);
      continue;
    }
    if (arg.startsWith('-') && !arg.includes('=') && arg.length === 2 && arg[1] !== HELP_FLAG.shorthand) {
      inFlag = true;
      pre.push(arg);
      continue;
    }
    if (inFlag) {
      inFlag = false;
      pre.push(arg);
      continue;
    }
    if ((arg.length >= 3 && arg.startsWith('--')) || (arg.length >= 2 && arg[0] === '-' && arg[1] !== '-')) {
      pre.push(arg);
      continue;
    }
    const sub = findSubcommand(group, arg);
    if (sub === undefined) break;
    const scan = scanFlags([], pre);
    // Traverse returns parse errors raw: no usage block, exit status 1.
    if (!scan.ok) return exit('', `${scan.error}\n`, 1);
    return executeLeaf(sub, group, argv.slice(i + 1), options, {
      help: scan.help,
      groupNotices: scan.notices,
    });
  }

  // No subcommand: the group itself runs with every word as its args.
  const scan = scanFlags([], argv);
  if (!scan.ok) {
    const gate = groupUnsupported(group, engine);
    if (gate !== undefined) return exit('', `${gate}\n`, 1);
    return exit('', usageError(scan.error, groupUseLine(group), group.path), 125);
  }
  const notices = scan.notices.join('');
  const gate = groupUnsupported(group, engine);
  if (scan.help)
    return exit(notices + (gate !== undefined ? `${gate}\n` : renderGroupHelp(group, engine)), '', 0);
  if (gate !== undefined) return exit(notices, `${gate}\n`, 1);
  const [first] = scan.args;
  if (first !== undefined) {
    return exit(
      notices,
      `${BIN_NAME}: unknown command: ${group.path} ${first}\n\nUsage:  ${groupUseLine(group)}\n\nRun '${group.path} --help' for more information\n`,
      1,
    );
  }
  // A bare group prints its help to stderr and succeeds.
  return exit(notices, renderGroupHelp(group, engine), 0);
}

function groupUnsupported(group: CommandGroup, engine: EngineInfo): string | undefined {
  return apiOlderThan(engine, group.minApiVersion)
    ? `${group.path} requires API version ${group.minApiVersion}, but the Docker daemon API version is ${engine.apiVersion}`
    : undefined;
}

function executeLeaf(
  cmd: CommandSpec,
  group: CommandGroup | undefined,
  argv: readonly string[],
  options: ParseOptions,
  inherited: { help: boolean; groupNotices: readonly string[] },
): CliOutcome {
  const { engine } = options;
  // Group-level notices were printed while traversing, before this command parsed anything.
  const groupOut = inherited.groupNotices.join('');
  const scan = scanFlags(cmd.flags, argv, inherited.help, cmd.interspersed !== false);
  if (!scan.ok) {
    // docker's FlagErrorFunc checks API gates (with the flags set so far) before reporting usage.
    const gate = unsupportedError(cmd, group, scan.flags, engine);
    if (gate !== undefined) return exit(groupOut, `${gate}\n`, 1);
    return exit(groupOut, usageError(scan.error, useLine(cmd), commandPath(cmd)), 125);
  }
  const out = groupOut + scan.notices.join('');
  const gate = unsupportedError(cmd, group, scan.flags, engine);
  if (scan.help) {
    // The help func re-traverses the original argv, re-parsing the group's flags; cobra then
    // prints the group's whole notice buffer again, now holding two copies.
    const reprint = groupOut + groupOut;
    const body =
      gate !== undefined ? `${gate}\n` : renderCommandHelp(cmd, engine, { ...options, values: scan.flags });
    return exit(out + reprint + body, '', 0);
  }
  if (gate !== undefined) return exit(out, `${gate}\n`, 1);
  const bad = argsError(cmd, scan.args.length);
  if (bad !== undefined) return exit(out, `${bad}\n`, 1);
  return { kind: 'run', command: cmd, flags: scan.flags, args: scan.args, stdout: out };
}

function usageError(message: string, usage: string, path: string): string {
  return `${message}\n\nUsage:  ${usage}\n\nRun '${path} --help' for more information\n`;
}

function exit(stdout: string, stderr: string, exitCode: number): CliOutcome {
  return { kind: 'exit', stdout, stderr, exitCode };
}
