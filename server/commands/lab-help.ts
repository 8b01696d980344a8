/** The lab's own words: its `help`, and the one line that says what it supports. */

export const SUPPORTED =
  'this lab supports docker volume, run, exec, ps, logs, start, stop, restart, kill, wait, rm, inspect, images, container, version, and help and clear';

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
  ['docker run [-it] [-d] [--rm] -v VOL:/PATH IMAGE [CMD]', 'run a container'],
  ['docker run --mount src=VOL,dst=/PATH IMAGE [CMD]', 'the same mount, spelled out'],
  ['docker exec [-it] CONTAINER CMD', 'run a command in a running container'],
  ['docker ps [-a] [-q] [--format F]', 'list your containers'],
  ['docker logs [-f] CONTAINER', "show a container's output"],
  ['docker stop|start|restart|rm CONTAINER...', 'manage your containers'],
  ['docker images [REPOSITORY[:TAG]]', "list the lab's images"],
  ['docker inspect [-f FORMAT] NAME...', 'details of containers, volumes, images'],
  ['docker COMMAND --help', "docker's own help for a command"],
  ['docker version', "the engine's version"],
  ['clear', 'clear the screen (Ctrl-L too)'],
  ['help', 'this list'],
];

export const LAB_HELP = `Volume Lab: a real Docker engine, in a sandbox that is yours alone.

${COMMANDS.map(([command, what]) => `  ${command.padEnd(56)}${what}\n`).join('')}
Images are the lab's own (docker images lists them); nothing is pulled. Containers have no network
and small limits; host paths cannot be mounted.
Tab completes commands, flags and your volume names; Up and Down recall earlier commands;
Ctrl-C cancels. Quotes work as in a shell; pipes, redirections and variables do not.
`;
