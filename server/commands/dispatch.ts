/** Routes a command line's words to the command that runs them, as a shell finds a program. */
import { unknownRootCommand } from '../cli/parse-args.ts';
import type { CommandContext, CommandRunner } from './context.ts';
import { LAB_HELP, SUPPORTED, supportedHint } from './lab-help.ts';
import { runVersion } from './version.ts';
import { runVolume } from './volume.ts';

/** Docker commands that exist but that this lab does not offer: they get a clear refusal, not "unknown". */
const DOCKER_COMMANDS = new Set(
  (
    'attach build builder buildx checkpoint commit compose config container context cp create diff events ' +
    'exec export history image images import info init inspect kill load login logout logs manifest network ' +
    'node pause plugin port ps pull push rename restart rm rmi run save scout search secret service stack ' +
    'start stats stop swarm system tag top trust unpause update wait'
  ).split(' '),
);

/** `docker --help`, cut down to what the lab offers: the real one lists forty commands that would all be refused. */
const ROOT_HELP = `Usage:  docker COMMAND

A self-sufficient runtime for containers

Commands available in this lab:
  volume      Manage volumes
  version     Show the Docker version information

Run 'docker COMMAND --help' for more information on a command.
`;

async function runDocker(args: string[], context: CommandContext): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    context.stdout(ROOT_HELP);
    return 0;
  }
  if (first === 'volume') return runVolume(rest, context);
  if (first === 'version') return runVersion(rest, context);
  if (first.startsWith('-')) {
    context.stderr(
      `volume-lab: docker's global options (${first}) are not available in this lab; ${SUPPORTED}\n`,
    );
    return 1;
  }
  if (DOCKER_COMMANDS.has(first)) {
    context.stderr(`volume-lab: 'docker ${first}' is not available in this lab; ${SUPPORTED}\n`);
    return 1;
  }
  const outcome = unknownRootCommand(first);
  if (outcome.kind === 'exit') {
    context.stderr(outcome.stderr + supportedHint());
    return outcome.exitCode;
  }
  return 1;
}

export const runCommand: CommandRunner = async (words, context) => {
  const [program, ...args] = words;
  switch (program) {
    case undefined:
      return 0;
    case 'docker':
      return runDocker(args, context);
    case 'help':
      context.stdout(LAB_HELP);
      return 0;
    case 'clear':
      context.clearScreen();
      return 0;
    default:
      context.stderr(`volume-lab: ${program}: command not found; ${SUPPORTED}\n`);
      return 127;
  }
};
