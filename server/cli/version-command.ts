/** `docker version`, as CLI 28 declares it. */
import type { CommandSpec } from './command-spec.ts';
import { INSPECT_FORMAT_HELP } from './format-help.ts';
import { str } from './opts/flag-types.ts';

export const versionCommand: CommandSpec = {
  parentPath: 'docker',
  name: 'version',
  aliases: [],
  usage: '[OPTIONS]',
  short: 'Show the Docker version information',
  args: { kind: 'none' },
  flags: [str('format', 'f', INSPECT_FORMAT_HELP)],
};
