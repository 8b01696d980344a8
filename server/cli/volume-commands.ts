/**
 * Specs of `docker volume` and its subcommands as docker CLI 28 registers them
 * (cli/command/volume/*.go). Descriptions are verbatim: help output is compared
 * byte for byte with the real CLI. Only tables live here: value types and their
 * validation are in `./opts/`.
 */
import type { CommandGroup, CommandSpec } from './command-spec.ts';
import { FORMAT_HELP, INSPECT_FORMAT_HELP } from './format-help.ts';
import { bool, bytes, filter, list, map, str } from './opts/flag-types.ts';
import { validateLabel } from './opts/key-value.ts';

const PARENT = 'docker volume';

/** Annotations shared by every swarm cluster-volume flag. */
const CLUSTER = { minApiVersion: '1.42', swarm: 'manager' } as const;

/** `--availability` of both `create` and `update`. */
const AVAILABILITY = str(
  'availability',
  undefined,
  'Cluster Volume availability ("active", "pause", "drain")',
  'active',
  CLUSTER,
);

/** `docker volume create`. */
export const volumeCreate: CommandSpec = {
  parentPath: PARENT,
  name: 'create',
  aliases: [],
  usage: '[OPTIONS] [VOLUME]',
  short: 'Create a volume',
  args: { kind: 'max', count: 1 },
  flags: [
    str('driver', 'd', 'Specify volume driver name', 'local'),
    str('name', undefined, 'Specify volume name', '', { hidden: true }),
    map('opt', 'Set driver specific options', { shorthand: 'o' }),
    list('label', undefined, 'Set metadata for a volume', validateLabel),
    str('group', undefined, 'Cluster Volume group (cluster volumes)', '', CLUSTER),
    str('scope', undefined, 'Cluster Volume access scope ("single", "multi")', 'single', CLUSTER),
    str(
      'sharing',
      undefined,
      'Cluster Volume access sharing ("none", "readonly", "onewriter", "all")',
      'none',
      CLUSTER,
    ),
    AVAILABILITY,
    str('type', undefined, 'Cluster Volume access type ("mount", "block")', 'block', CLUSTER),
    map('secret', 'Cluster Volume secrets', CLUSTER),
    bytes('limit-bytes', undefined, 'Minimum size of the Cluster Volume in bytes', CLUSTER),
    bytes('required-bytes', undefined, 'Maximum size of the Cluster Volume in bytes', CLUSTER),
    list(
      'topology-required',
      undefined,
      'A topology that the Cluster Volume must be accessible from',
      undefined,
      CLUSTER,
    ),
    list(
      'topology-preferred',
      undefined,
      'A topology that the Cluster Volume would be preferred in',
      undefined,
      CLUSTER,
    ),
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
  flags: [str('format', 'f', INSPECT_FORMAT_HELP)],
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
    bool('quiet', 'q', 'Only display volume names'),
    str('format', undefined, FORMAT_HELP),
    filter('f', 'Provide filter values (e.g. "dangling=true")'),
    bool(
      'cluster',
      undefined,
      'Display only cluster volumes, and use cluster volume list formatting',
      CLUSTER,
    ),
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
  flags: [bool('force', 'f', 'Force the removal of one or more volumes')],
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
    bool('all', 'a', 'Remove all unused volumes, not just anonymous ones', { minApiVersion: '1.42' }),
    bool('force', 'f', 'Do not prompt for confirmation'),
    filter(undefined, 'Provide filter values (e.g. "label=<label>")'),
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
  flags: [AVAILABILITY],
};

/** `docker volume`. */
export const volumeGroup: CommandGroup = {
  path: PARENT,
  usage: 'COMMAND',
  short: 'Manage volumes',
  minApiVersion: '1.21',
  commands: [volumeCreate, volumeInspect, volumeList, volumeRemove, volumePrune, volumeUpdate],
};
