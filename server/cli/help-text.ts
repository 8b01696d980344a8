/**
 * `--help` output of docker CLI 28: its cobra usage template plus pflag's
 * `FlagUsagesWrapped`, ported so the bytes match the real CLI.
 */
import { goQuote } from '../format/go-quote.ts';
import {
  BIN_NAME,
  type CommandGroup,
  type CommandSpec,
  commandPath,
  type EngineInfo,
  type FlagSpec,
  isCommandListed,
  isFlagListed,
  useLine,
} from './command-spec.ts';
import { ROOT_ENTRIES, ROOT_HELP_ORDER, ROOT_SHORT } from './docker-root.ts';

/** Layout options of help output. */
export interface HelpOptions {
  /**
   * Columns of the terminal on the CLI's stdin. The CLI falls back to 80 when stdin is
   * not a terminal, and wraps flag usages at one column less.
   */
  readonly terminalWidth?: number;
  /**
   * Flags already parsed on the same command line (`docker volume ls -f a=b --help`):
   * custom-Value flags then print `(default …)` like pflag does.
   */
  readonly values?: FlagOccurrences;
}

/** Read access to what the command line set, as the help renderer needs it. */
export interface FlagOccurrences {
  /** Every raw value given to the flag, in argv order (empty when absent). */
  occurrences(name: string): readonly string[];
}

/** Help of a leaf command, e.g. `docker volume ls --help` (ends with one newline). */
export function renderCommandHelp(cmd: CommandSpec, engine: EngineInfo, options: HelpOptions = {}): string {
  let out = `Usage:  ${useLine(cmd)}\n\n${(cmd.long ?? cmd.short).trim()}`;
  if (cmd.aliasesAnnotation !== undefined) {
    out += `\n\nAliases:\n  ${cmd.aliasesAnnotation}`;
  } else if (cmd.aliases.length > 0) {
    const aliases = [commandPath(cmd), ...cmd.aliases.map((a) => `${cmd.parentPath} ${a}`)];
    out += `\n\nAliases:\n  ${aliases.join(', ')}`;
  }
  const listed = cmd.flags.filter((f) => isFlagListed(f, engine));
  if (listed.length > 0) {
    const cols = (options.terminalWidth ?? 80) - 1;
    out += `\n\nOptions:\n${renderFlagUsages(listed, cols, options.values).trimEnd()}`;
  }
  return `${out}\n`;
}

/** Help of a management command, e.g. `docker volume --help` or bare `docker volume`. */
export function renderGroupHelp(group: CommandGroup, engine: EngineInfo): string {
  // docker's usage template prints `PATH COMMAND` for any command with subcommands, whatever its `Use`.
  const lines = [`Usage:  ${group.path} COMMAND`, '', group.short.trim(), '', 'Commands:'];
  // cobra pads to the longest name among all subcommands, listed or not, and at least 11.
  const padding = Math.max(11, ...group.commands.map((c) => c.name.length));
  const sorted = [...group.commands].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const c of sorted) {
    if (isCommandListed(c, engine)) lines.push(`  ${c.name.padEnd(padding)} ${c.short}`);
  }
  lines.push('', `Run '${group.path} COMMAND --help' for more information on a command.`);
  return `${lines.join('\n')}\n`;
}

/**
 * `docker --help` and bare `docker`, cut down to what the lab offers (the real one lists forty
 * commands the lab would refuse) under a heading that says so. It is the same for every engine:
 * the lab prints it before asking the engine anything.
 */
export function renderRootHelp(): string {
  const listed = ROOT_HELP_ORDER.map((word) => {
    const entry = ROOT_ENTRIES.get(word);
    if (entry === undefined) throw new Error(`ROOT_HELP_ORDER names '${word}', which ROOT_ENTRIES lacks`);
    return { word, short: entry.kind === 'group' ? entry.group.short : entry.command.short };
  });
  // As docker's usage template: names padded to the longest one, and to at least 11.
  const padding = Math.max(11, ...listed.map((c) => c.word.length));
  const lines = [`Usage:  ${BIN_NAME} COMMAND`, '', ROOT_SHORT, '', 'Commands available in this lab:'];
  for (const { word, short } of listed) lines.push(`  ${word.padEnd(padding)} ${short}`);
  lines.push('', `Run '${BIN_NAME} COMMAND --help' for more information on a command.`);
  return `${lines.join('\n')}\n`;
}

/**
 * pflag `FlagUsagesWrapped(cols)` over the given flags (already filtered to the
 * listed ones): sorted by name, descriptions aligned and wrapped; 0 disables wrapping.
 */
export function renderFlagUsages(flags: readonly FlagSpec[], cols: number, values?: FlagOccurrences): string {
  const sorted = [...flags].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rows = sorted.map((f) => {
    let head =
      f.shorthand !== undefined && f.shorthandDeprecated === undefined
        ? `  -${f.shorthand}, --${f.name}`
        : `      --${f.name}`;
    if (f.valueType !== '') head += ` ${f.valueType}`;
    let usage = f.description;
    const def = defaultText(f, values?.occurrences(f.name) ?? []);
    if (def !== undefined) usage += ` (default ${def})`;
    if (f.deprecated !== undefined) usage += ` (DEPRECATED: ${f.deprecated})`;
    return { head, usage };
  });
  // pflag measures the head including its NUL placeholder, hence the +1.
  const maxlen = Math.max(0, ...rows.map((r) => r.head.length + 1));
  let out = '';
  for (const { head, usage } of rows) {
    // Go's Fprintln puts a space between operands: head, padding, wrapped usage.
    const spacing = ' '.repeat(maxlen - head.length);
    out += `${head} ${spacing} ${wrap(maxlen + 2, cols, usage)}\n`;
  }
  return out;
}

function defaultText(f: FlagSpec, occurrences: readonly string[]): string | undefined {
  if (f.currentIsZero !== undefined) return f.currentIsZero(occurrences) ? undefined : (f.defaultText ?? '');
  if (f.defaultText !== undefined) return f.defaultText === '' ? undefined : f.defaultText;
  if (f.kind === 'string' && f.default !== undefined && f.default !== '') return goQuote(f.default);
  return undefined;
}

/** pflag `wrapN`: split before column i, allowing `slop` overflow to avoid orphans. */
function wrapN(i: number, slop: number, s: string): [string, string] {
  if (i + slop > s.length) return [s, ''];
  const head = s.slice(0, i);
  const w = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'), head.lastIndexOf('\n'));
  if (w <= 0) return [s, ''];
  const nl = head.lastIndexOf('\n');
  if (nl > 0 && nl < w) return [s.slice(0, nl), s.slice(nl + 1)];
  return [s.slice(0, w), s.slice(w + 1)];
}

/** pflag `wrap`: first line is placed by the caller; following lines get `indent` spaces. */
function wrap(indent: number, width: number, s: string): string {
  let i = indent;
  if (width === 0) return s.replaceAll('\n', `\n${' '.repeat(i)}`);
  let room = width - i;
  let r = '';
  if (room < 24) {
    i = 16;
    room = width - i;
    r += `\n${' '.repeat(i)}`;
  }
  // Too narrow even then: pflag gives up, and the block prefix only replaces newlines.
  if (room < 24) return s.replaceAll('\n', r);
  const slop = 5;
  room -= slop;
  const pad = ' '.repeat(i);
  let [line, rest] = wrapN(room, slop, s);
  r += line.replaceAll('\n', `\n${pad}`);
  while (rest !== '') {
    [line, rest] = wrapN(room, slop, rest);
    r += `\n${pad}${line.replaceAll('\n', `\n${pad}`)}`;
  }
  return r;
}
