/** The lab's own words: its `help`, and the one line that says what it supports. */

export const SUPPORTED =
  'this lab supports docker volume (create, inspect, ls, rm, prune), docker version, help and clear';

/** Appended after the CLI's own error for a typo or a command the lab does not offer. */
export function supportedHint(): string {
  return `volume-lab: ${SUPPORTED}\n`;
}

const COMMANDS: [string, string][] = [
  ['docker volume create [--label k=v] [NAME]', 'create a volume'],
  ['docker volume ls [-q] [-f FILTER] [--format F]', 'list your volumes'],
  ['docker volume inspect [-f FORMAT] NAME...', "show a volume's details"],
  ['docker volume rm [-f] NAME...', 'remove volumes'],
  ['docker volume prune [-f] [--filter FILTER]', 'remove volumes no container uses'],
  ['docker volume COMMAND --help', "docker's own help for a command"],
  ['docker version', "the engine's version"],
  ['clear', 'clear the screen (Ctrl-L too)'],
  ['help', 'this list'],
];

export const LAB_HELP = `Volume Lab: a real Docker engine, in a sandbox that is yours alone.

${COMMANDS.map(([command, what]) => `  ${command.padEnd(48)}${what}\n`).join('')}
Tab completes commands, flags and your volume names; Up and Down recall earlier commands;
Ctrl-C cancels. Quotes work as in a shell; pipes, redirections and variables do not.
`;
