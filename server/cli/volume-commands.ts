/**
 * Specs of `docker volume` and its subcommands as docker CLI 28 registers them
 * (cli/command/volume/*.go). Descriptions are verbatim: help output is compared
 * byte for byte with the real CLI.
 */
import type { CommandGroup, CommandSpec, FlagSpec } from './command-spec.ts';

const PARENT = 'docker volume';

/** `opts.FilterOpt.Set`: only `name=value` pairs (or an empty string, which is ignored). */
export function validateFilter(value: string): string | undefined {
  return value !== '' && !value.includes('=') ? 'bad format of filter (expected name=value)' : undefined;
}

/** `opts.ValidateLabel`: the key must be non-empty and free of spaces and tabs. */
export function validateLabel(value: string): string | undefined {
  const eq = value.indexOf('=');
  const key = (eq === -1 ? value : value.slice(0, eq)).trim();
  if (key === '') return `invalid label '${value}': empty name`;
  if (/[ \t]/.test(key)) return `label '${key}' contains whitespaces`;
  return undefined;
}

/** go-units `RAMInBytes` as `opts.MemBytes.Set` uses it: the byte count, or Go's error text. */
export function parseBytes(value: string): number | string {
  const sep = Math.max(...[...'0123456789. '].map((c) => value.lastIndexOf(c)));
  if (sep === -1) return `invalid size: '${value}'`;
  const num = value[sep] === ' ' ? value.slice(0, sep) : value.slice(0, sep + 1);
  let sfx = value.slice(sep + 1);
  // Go's ParseFloat grammar for plain decimals; hex floats and inf/nan are not worth emulating here.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(num)) {
    return `strconv.ParseFloat: parsing "${num}": invalid syntax`;
  }
  const size = Number(num);
  if (size < 0) return `invalid size: '${value}'`;
  if (sfx === '') return Math.trunc(size);
  const bad = `invalid suffix: '${sfx.length > 3 ? sfx : sfx.toLowerCase()}'`;
  if (sfx.length > 3) return bad;
  sfx = sfx.toLowerCase();
  if (sfx[0] === 'b') return sfx.length > 1 ? bad : Math.trunc(size);
  const power = 'kmgtp'.indexOf(sfx[0] ?? '');
  if (power === -1) return bad;
  if (sfx.length === 2 && sfx[1] !== 'b') return bad;
  if (sfx.length === 3 && sfx.slice(1) !== 'ib') return bad;
  return Math.trunc(size * 1024 ** (power + 1));
}

/** `opts.MemBytes.Set` validation. */
export function validateBytes(value: string): string | undefined {
  const r = parseBytes(value);
  return typeof r === 'string' ? r : undefined;
}

// Current-value zero tests of docker's custom pflag Values (see FlagSpec.currentIsZero).
/** ListOpts prints "" only while empty. */
const listIsZero = (occ: readonly string[]) => occ.length === 0;
/** FilterOpt ignores empty values and prints "" while it holds no filter. */
const filterIsZero = (occ: readonly string[]) => occ.every((v) => v === '');
/** MapOpts always prints `map[...]`. */
const mapIsZero = () => false;
/** MemBytes prints "0" for zero bytes. */
const bytesIsZero = (occ: readonly string[]) => occ.length === 0 || parseBytes(occ.at(-1) ?? '') === 0;

/** flagsHelper.FormatHelp of docker CLI 28 (list commands). */
const FORMAT_HELP =
  'Format output using a custom template:\n' +
  "'table':            Print output in table format with column headers (default)\n" +
  "'table TEMPLATE':   Print output in table format using the given Go template\n" +
  "'json':             Print in JSON format\n" +
  "'TEMPLATE':         Print output using the given Go template.\n" +
  'Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates';

/** flagsHelper.InspectFormatHelp of docker CLI 28. */
export const INSPECT_FORMAT_HELP =
  'Format output using a custom template:\n' +
  "'json':             Print in JSON format\n" +
  "'TEMPLATE':         Print output using the given Go template.\n" +
  'Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates';

/** Annotations shared by every swarm cluster-volume flag. */
const CLUSTER = { minApiVersion: '1.42', swarm: 'manager' } as const;

const clusterString = (name: string, def: string, description: string): FlagSpec => ({
  name,
  kind: 'string',
  valueType: 'string',
  default: def,
  description,
  ...CLUSTER,
});

/** `docker volume create`. */
export const volumeCreate: CommandSpec = {
  parentPath: PARENT,
  name: 'create',
  aliases: [],
  usage: '[OPTIONS] [VOLUME]',
  short: 'Create a volume',
  args: { kind: 'max', count: 1 },
  flags: [
    {
      name: 'driver',
      shorthand: 'd',
      kind: 'string',
      valueType: 'string',
      default: 'local',
      description: 'Specify volume driver name',
    },
    {
      name: 'name',
      kind: 'string',
      valueType: 'string',
      default: '',
      description: 'Specify volume name',
      hidden: true,
    },
    {
      name: 'opt',
      shorthand: 'o',
      kind: 'stringArray',
      valueType: 'map',
      defaultText: 'map[]',
      currentIsZero: mapIsZero,
      description: 'Set driver specific options',
    },
    {
      name: 'label',
      kind: 'stringArray',
      valueType: 'list',
      defaultText: '',
      currentIsZero: listIsZero,
      description: 'Set metadata for a volume',
      validate: validateLabel,
    },
    clusterString('group', '', 'Cluster Volume group (cluster volumes)'),
    clusterString('scope', 'single', 'Cluster Volume access scope ("single", "multi")'),
    clusterString(
      'sharing',
      'none',
      'Cluster Volume access sharing ("none", "readonly", "onewriter", "all")',
    ),
    clusterString('availability', 'active', 'Cluster Volume availability ("active", "pause", "drain")'),
    clusterString('type', 'block', 'Cluster Volume access type ("mount", "block")'),
    {
      name: 'secret',
      kind: 'stringArray',
      valueType: 'map',
      defaultText: 'map[]',
      currentIsZero: mapIsZero,
      description: 'Cluster Volume secrets',
      ...CLUSTER,
    },
    {
      name: 'limit-bytes',
      // MemBytes keeps only the last value, like a string flag.
      kind: 'string',
      valueType: 'bytes',
      defaultText: '0',
      currentIsZero: bytesIsZero,
      description: 'Minimum size of the Cluster Volume in bytes',
      validate: validateBytes,
      ...CLUSTER,
    },
    {
      name: 'required-bytes',
      kind: 'string',
      valueType: 'bytes',
      defaultText: '0',
      currentIsZero: bytesIsZero,
      description: 'Maximum size of the Cluster Volume in bytes',
      validate: validateBytes,
      ...CLUSTER,
    },
    {
      name: 'topology-required',
      kind: 'stringArray',
      valueType: 'list',
      defaultText: '',
      currentIsZero: listIsZero,
      description: 'A topology that the Cluster Volume must be accessible from',
      ...CLUSTER,
    },
    {
      name: 'topology-preferred',
      kind: 'stringArray',
      valueType: 'list',
      defaultText: '',
      currentIsZero: listIsZero,
      description: 'A topology that the Cluster Volume would be preferred in',
      ...CLUSTER,
    },
  ],
};

/** `docker volume inspect`. */
export const volumeInspect: CommandSpec = {
  parentPath: PARENT,
  name: 'inspect',
  aliases: [],
  usage: '[OPTIONS] VOLUME [VOLUME...]',
  short: 'Display detailed information on one or more volumes',
  args: { kind: 'min', count: 1 },
  flags: [
    {
      name: 'format',
      shorthand: 'f',
      kind: 'string',
      valueType: 'string',
      default: '',
      description: INSPECT_FORMAT_HELP,
    },
  ],
};

/** `docker volume ls` (alias `list`). */
export const volumeList: CommandSpec = {
  parentPath: PARENT,
  name: 'ls',
  aliases: ['list'],
  usage: '[OPTIONS]',
  short: 'List volumes',
  args: { kind: 'none' },
  flags: [
    { name: 'quiet', shorthand: 'q', kind: 'bool', valueType: '', description: 'Only display volume names' },
    { name: 'format', kind: 'string', valueType: 'string', default: '', description: FORMAT_HELP },
    {
      name: 'filter',
      shorthand: 'f',
      kind: 'stringArray',
      valueType: 'filter',
      defaultText: '',
      currentIsZero: filterIsZero,
      description: 'Provide filter values (e.g. "dangling=true")',
      validate: validateFilter,
    },
    {
      name: 'cluster',
      kind: 'bool',
      valueType: '',
      description: 'Display only cluster volumes, and use cluster volume list formatting',
      ...CLUSTER,
    },
  ],
};

/** `docker volume rm` (alias `remove`). */
export const volumeRemove: CommandSpec = {
  parentPath: PARENT,
  name: 'rm',
  aliases: ['remove'],
  usage: '[OPTIONS] VOLUME [VOLUME...]',
  short: 'Remove one or more volumes',
  long: 'Remove one or more volumes. You cannot remove a volume that is in use by a container.',
  args: { kind: 'min', count: 1 },
  flags: [
    {
      name: 'force',
      shorthand: 'f',
      kind: 'bool',
      valueType: '',
      description: 'Force the removal of one or more volumes',
    },
  ],
};

/** `docker volume prune`; `--all` needs API 1.42, so a 1.41 daemon rejects it. */
export const volumePrune: CommandSpec = {
  parentPath: PARENT,
  name: 'prune',
  aliases: [],
  usage: '[OPTIONS]',
  short: 'Remove unused local volumes',
  args: { kind: 'none' },
  minApiVersion: '1.25',
  flags: [
    {
      name: 'all',
      shorthand: 'a',
      kind: 'bool',
      valueType: '',
      description: 'Remove all unused volumes, not just anonymous ones',
      minApiVersion: '1.42',
    },
    {
      name: 'force',
      shorthand: 'f',
      kind: 'bool',
      valueType: '',
      description: 'Do not prompt for confirmation',
    },
    {
      name: 'filter',
      kind: 'stringArray',
      valueType: 'filter',
      defaultText: '',
      currentIsZero: filterIsZero,
      description: 'Provide filter values (e.g. "label=<label>")',
      validate: validateFilter,
    },
  ],
};

/** `docker volume update`: cluster volumes only, so hidden and refused on API < 1.42 or off-swarm. */
export const volumeUpdate: CommandSpec = {
  parentPath: PARENT,
  name: 'update',
  aliases: [],
  usage: '[OPTIONS] [VOLUME]',
  short: 'Update a volume (cluster volumes only)',
  args: { kind: 'exact', count: 1 },
  ...CLUSTER,
  flags: [
    clusterString('availability', 'active', 'Cluster Volume availability ("active", "pause", "drain")'),
  ],
};

/** `docker volume`. */
export const volumeGroup: CommandGroup = {
  path: PARENT,
  usage: 'COMMAND',
  short: 'Manage volumes',
  minApiVersion: '1.21',
  commands: [volumeCreate, volumeInspect, volumeList, volumeRemove, volumePrune, volumeUpdate],
};
