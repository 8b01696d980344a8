/**
 * `docker stop|start|restart|kill|wait|rm` and `docker container prune`, each on the session's own
 * containers only. Like the CLI, they act on every named container in turn, print each reference
 * that worked, collect the errors and exit 1 when any failed.
 */
import { daemonMessage, printDaemonError } from '../docker/daemon-error.ts';
import { EngineError } from '../docker/engine-error.ts';
import { humanSize } from '../format/human-size.ts';
import type { FlagReader } from '../policy/run-policy.ts';
import type { CommandContext } from './context.ts';
import { connectStdio } from './interactive.ts';
import { findContainer, listOwnContainers } from './own-containers.ts';
import { holdContainer, startProblem } from './quotas.ts';
import {
  readSessionObjects,
  resolveContainer,
  type SessionContainer,
  sessionContainers,
} from './session-objects.ts';
import { streamToTerminal } from './terminal-stream.ts';

type Action = (container: SessionContainer) => Promise<string | undefined>;

/** The lab's own refusal of one container (a quota), reported among the daemon's errors. */
class Refused extends Error {}

/** Starts a stopped container only while the session's quotas allow one more running. */
async function startWithinQuota(
  context: CommandContext,
  container: SessionContainer,
  start: () => Promise<void>,
): Promise<void> {
  await context.locks.run(context.ns.sessionId, async () => {
    if (container.state !== 'running') {
      const own = sessionContainers(await readSessionObjects(context, context.ns), context.ns);
      const problem = await startProblem(context, own);
      if (problem) {
        context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: problem.rule });
        throw new Refused(problem.message);
      }
      // Adopted when it was made; again here in case a server crash came between the two.
      const unheld = await holdContainer(context, container.id);
      if (unheld) throw new Refused(unheld);
    }
    await start();
  });
}

/** Runs an action per reference; prints what it returns (or the reference), errors at the end. */
async function eachContainer(
  context: CommandContext,
  references: readonly string[],
  action: Action,
  options: { missingIsFine?: boolean; summary?: (failed: string[]) => string } = {},
): Promise<number> {
  const own = sessionContainers(await readSessionObjects(context, context.ns), context.ns);
  const errors: string[] = [];
  const failed: string[] = [];
  let missing = 0;
  for (const reference of references) {
    const found = findContainer(own, reference);
    if (typeof found === 'string') {
      errors.push(daemonMessage(found));
      failed.push(reference);
      missing++;
      continue;
    }
    try {
      const shown = await action(found);
      context.stdout(`${shown ?? reference}\n`);
    } catch (error) {
      if (error instanceof Refused) {
        errors.push(`volume-lab: ${error.message}`);
        failed.push(reference);
        continue;
      }
      if (!(error instanceof EngineError)) throw error;
      // The lab asks by ID; the daemon's message names what the learner typed, as it would for the CLI.
      errors.push(daemonMessage(error.message.replace(found.id, reference)));
      failed.push(reference);
    }
  }
  if (errors.length > 0) context.stderr(`${errors.join('\n')}\n`);
  if (failed.length > 0 && options.summary) context.stderr(`${options.summary(failed)}\n`);
  // `rm -f` reports containers that do not exist but, like the CLI, does not fail for them.
  const failures = options.missingIsFine ? errors.length - missing : errors.length;
  return failures > 0 ? 1 : 0;
}

function seconds(flags: FlagReader): number | undefined {
  const changed = flags.changedNames();
  if (!changed.includes('time') && !changed.includes('timeout')) return undefined;
  return Number(flags.string(changed.includes('time') ? 'time' : 'timeout'));
}

function refusedFlag(
  context: CommandContext,
  flags: FlagReader,
  allowed: readonly string[],
  command: string,
): number | undefined {
  const refused = flags.changedNames().find((name) => name !== 'help' && !allowed.includes(name));
  if (refused === undefined) return undefined;
  context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: `--${refused}` });
  context.stderr(
    `volume-lab: --${refused} is not available in this sandbox; with docker ${command} this lab allows ${allowed.map((name) => `--${name}`).join(' ') || 'no options'}\n`,
  );
  return 1;
}

export function stopContainers(context: CommandContext, flags: FlagReader, args: readonly string[]) {
  const { containers } = context;
  const refused = refusedFlag(context, flags, ['time', 'timeout', 'signal'], 'stop');
  if (refused !== undefined) return Promise.resolve(refused);
  const signal = flags.string('signal');
  return eachContainer(context, args, async (container) => {
    if (signal) await containers.kill(container.id, signal);
    else await containers.stop(container.id, seconds(flags));
    return undefined;
  });
}

export function restartContainers(context: CommandContext, flags: FlagReader, args: readonly string[]) {
  const { containers } = context;
  const refused = refusedFlag(context, flags, ['time', 'timeout'], 'restart');
  if (refused !== undefined) return Promise.resolve(refused);
  return eachContainer(context, args, async (container) => {
    await startWithinQuota(context, container, () => containers.restart(container.id, seconds(flags)));
    return undefined;
  });
}

export function killContainers(context: CommandContext, flags: FlagReader, args: readonly string[]) {
  const { containers } = context;
  const refused = refusedFlag(context, flags, ['signal'], 'kill');
  if (refused !== undefined) return Promise.resolve(refused);
  return eachContainer(context, args, async (container) => {
    await containers.kill(container.id, flags.string('signal') || undefined);
    return undefined;
  });
}

export function waitContainers(context: CommandContext, _flags: FlagReader, args: readonly string[]) {
  const { containers } = context;
  return eachContainer(context, args, async (container) => {
    const code = await containers.wait(container.id, { signal: context.signal });
    return String(code);
  });
}

export function removeContainers(context: CommandContext, flags: FlagReader, args: readonly string[]) {
  const { containers } = context;
  const refused = refusedFlag(context, flags, ['force', 'volumes'], 'rm');
  if (refused !== undefined) return Promise.resolve(refused);
  return eachContainer(
    context,
    args,
    async (container) => {
      await containers.remove(container.id, { force: flags.bool('force'), volumes: flags.bool('volumes') });
      return undefined;
    },
    { missingIsFine: flags.bool('force') },
  );
}

/** `docker start`; with `-a` it attaches like `docker run` and returns the container's exit code. */
export async function startContainers(
  context: CommandContext,
  flags: FlagReader,
  args: readonly string[],
): Promise<number> {
  const { containers } = context;
  const refused = refusedFlag(context, flags, ['attach', 'interactive'], 'start');
  if (refused !== undefined) return refused;
  const attach = flags.bool('attach');
  if (!attach) {
    return eachContainer(
      context,
      args,
      async (container) => {
        await startWithinQuota(context, container, () => containers.start(container.id));
        return undefined;
      },
      { summary: (failed) => `Error: failed to start containers: ${failed.join(', ')}` },
    );
  }
  if (args.length > 1) {
    context.stderr('you cannot start and attach multiple containers at once\n');
    return 1;
  }
  const found = await resolveContainer(context, context.ns, args[0] ?? '');
  if (typeof found === 'string') return printDaemonError(context, found);
  const info = await containers.inspect(found.id);
  const interactive = flags.bool('interactive') && info.Config.OpenStdin;
  const tty = info.Config.Tty;
  const stream = await containers.attach(found.id, { stdin: interactive });
  stream.on('error', () => {});
  const output = streamToTerminal(context, containers, stream, { tty });
  try {
    await startWithinQuota(context, found, () => containers.start(found.id));
  } catch (error) {
    stream.destroy();
    if (error instanceof Refused) {
      context.stderr(`volume-lab: ${error.message}\n`);
      return 1;
    }
    if (!(error instanceof EngineError)) throw error;
    return printDaemonError(context, error.message);
  }
  // Asked once the container runs, as in `docker run` (see container-run.ts): never missed, never hung.
  const waitAbort = new AbortController();
  const exited = containers.wait(found.id, { condition: 'not-running', signal: waitAbort.signal });
  exited.catch(() => {});
  const stdio = connectStdio(context, stream, {
    tty,
    interactive,
    ...(tty ? {} : { interrupt: () => void containers.kill(found.id, 'SIGINT').catch(() => {}) }),
    resize: (cols, rows) => containers.resize(found.id, cols, rows),
  });
  try {
    const code = await exited;
    await Promise.race([output, new Promise((resolve) => setTimeout(resolve, 2000))]);
    return code;
  } finally {
    stdio.release();
    waitAbort.abort();
    stream.destroy();
  }
}

const STOPPED = ['created', 'exited', 'dead'];

/** Lists the session's stopped containers and removes each: never the engine's own prune. */
export async function pruneContainers(context: CommandContext, flags: FlagReader): Promise<number> {
  const { containers } = context;
  const refused = refusedFlag(context, flags, ['force'], 'container prune');
  if (refused !== undefined) return refused;
  if (!flags.bool('force')) {
    context.stdout('WARNING! This will remove all stopped containers.\n');
    const answer = await context.readLine('Are you sure you want to continue? [y/N] ');
    if (answer === null || !/^y(es)?$/i.test(answer.trim())) return 0;
  }
  const own = await listOwnContainers(containers, context.ns, { all: true, size: true });
  const deleted: string[] = [];
  let reclaimed = 0;
  for (const container of own) {
    if (!STOPPED.includes(container.summary.State)) continue;
    try {
      await containers.remove(container.id, { force: false, volumes: false });
      deleted.push(container.id);
      reclaimed += container.summary.SizeRw ?? 0;
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
    }
  }
  if (deleted.length > 0) context.stdout(`Deleted Containers:\n${deleted.map((id) => `${id}\n`).join('')}\n`);
  context.stdout(`Total reclaimed space: ${humanSize(reclaimed)}\n`);
  return 0;
}
