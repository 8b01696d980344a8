/** `docker version`, as CLI 28 declares it. */
import type { CommandSpec } from './command-spec.ts';
import { INSPECT_FORMAT_HELP } from './volume-commands.ts';

export const versionCommand: CommandSpec = {
  parentPath: 'docker',
  name: 'version',
  aliases: [],
  usage: '[OPTIONS]',
  short: 'Show the Docker version information',
  args: { kind: 'none' },
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
