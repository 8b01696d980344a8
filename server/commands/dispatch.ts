/** Routes a command line's words to the command that runs them, as a shell finds a program. */
import type { CommandSpec } from '../cli/command-spec.ts';
import { lookupRoot } from '../cli/docker-root.ts';
import { renderRootHelp } from '../cli/help-text.ts';
import { parseCommandArgs, parseGroupArgs, unknownRootCommand } from '../cli/parse-args.ts';
import { versionCommand } from '../cli/version-command.ts';
import { DOCKER, OTHER, resolvedName, unresolvedName } from '../observability/command-name.ts';
import { containerHandlers } from './container-handlers.ts';
import {
  type CommandContext,
  CommandFailed,
  type CommandHandler,
  type CommandResult,
  type CommandRunner,
} from './context.ts';
import { engineInfo } from './engine-info.ts';
import { LAB_HELP, SUPPORTED, supportedHint } from './lab-help.ts';
import { showVersion } from './version.ts';
import { volumeHandlers } from './volume.ts';

const handlers = new Map<CommandSpec, CommandHandler>([
  ...volumeHandlers,
  ...containerHandlers,
  [versionCommand, showVersion],
]);

/** Docker commands that exist but that this lab does not offer: they get a clear refusal, not "unknown". */
const DOCKER_COMMANDS = new Set(
  (
    'attach build builder buildx checkpoint commit compose config context cp create diff events export ' +
    'history import info init load login logout manifest network node pause plugin port pull push rename ' +
    'rmi save scout search secret service stack stats swarm system tag top trust unpause update'
  ).split(' '),
);

async function runDocker(args: string[], context: CommandContext): Promise<CommandResult> {
  const [first, ...rest] = args;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    context.stdout(renderRootHelp());
    return { exitCode: 0, command: DOCKER };
  }
  if (first.startsWith('-')) {
    context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: 'global-option' });
    context.stderr(
      `volume-lab: docker's global options (${first}) are not available in this lab; ${SUPPORTED}\n`,
    );
    return { exitCode: 1, command: OTHER };
  }
  const entry = lookupRoot(first);
  if (!entry) {
    if (DOCKER_COMMANDS.has(first)) {
      context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: 'unavailable-command' });
      context.stderr(`volume-lab: 'docker ${first}' is not available in this lab; ${SUPPORTED}\n`);
      return { exitCode: 1, command: OTHER };
    }
    const unknown = unknownRootCommand(first);
    context.stderr(unknown.kind === 'exit' ? unknown.stderr + supportedHint() : supportedHint());
    return { exitCode: 1, command: OTHER };
  }
  // Named as soon as known, so that an error on the way is reported under the command it stopped in.
  let command = unresolvedName(entry, rest);
  try {
    const engine = await engineInfo(context.engine);
    const options = { engine, terminalWidth: context.cols };
    const outcome =
      entry.kind === 'group'
        ? parseGroupArgs(entry.group, rest, options)
        : parseCommandArgs(entry.command, rest, options);
    if (outcome.stdout) context.stdout(outcome.stdout);
    if (outcome.kind === 'exit') {
      if (outcome.stderr) context.stderr(outcome.stderr);
      if (outcome.stderr.startsWith('docker: unknown command:')) context.stderr(supportedHint());
      return { exitCode: outcome.exitCode, command };
    }
    command = resolvedName(outcome.command, outcome.flags);
    const handler = handlers.get(outcome.command);
    if (!handler) {
      context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: 'unavailable-command' });
      context.stderr(
        `volume-lab: '${outcome.command.parentPath} ${outcome.command.name}' is not available in this lab\n`,
      );
      return { exitCode: 1, command };
    }
    return { exitCode: await handler(context, outcome.flags, outcome.args, engine), command };
  } catch (error) {
    throw new CommandFailed(command, error);
  }
}

export const runCommand: CommandRunner = async (words, context) => {
  const [program, ...args] = words;
  switch (program) {
    case undefined:
      return { exitCode: 0, command: OTHER };
    case 'docker':
      return runDocker(args, context);
    case 'help':
      context.stdout(LAB_HELP);
      return { exitCode: 0, command: 'help' };
    case 'clear':
      context.clearScreen();
      return { exitCode: 0, command: 'clear' };
    default:
      context.stderr(`volume-lab: ${program}: command not found; ${SUPPORTED}\n`);
      return { exitCode: 127, command: OTHER };
  }
};
