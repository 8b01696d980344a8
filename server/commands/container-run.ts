/**
 * `docker run`: the policy builds the request, the session's quotas are checked, named volumes are
 * made with the session's labels, then the container is created and either started in the background
 * (`-d`) or attached to the terminal until it exits, returning its exit code as the CLI does. Making
 * and starting it is one turn of the engine's queue (server/docker/engine-queue.ts): a Ctrl-C while
 * it waits leaves nothing made.
 */

import type { Duplex } from 'node:stream';
import type { EngineInfo } from '../cli/command-spec.ts';
import { randomContainerName } from '../cli/container-names.ts';
import type { CreateRequest } from '../docker/containers.ts';
import { printDaemonError } from '../docker/daemon-error.ts';
import { EngineError } from '../docker/engine-error.ts';
import { DETACHED_LABEL, REMOVE_LABEL } from '../labels.ts';
import { isRefusal } from '../policy/refusal.ts';
import { type FlagReader, planRun, type RunPlan } from '../policy/run-policy.ts';
import type { CommandContext } from './context.ts';
import { lookUpImage, runImage } from './image-lookup.ts';
import { connectStdio, INTERRUPTS_BEFORE_GIVING_UP } from './interactive.ts';
import { findContainer } from './own-containers.ts';
import { containerProblem, holdContainer, startProblem, volumeProblem } from './quotas.ts';
import { readSessionObjects, sessionContainers } from './session-objects.ts';
import { streamToTerminal } from './terminal-stream.ts';

/** What a started, attached container leaves for the rest of `docker run` to follow. */
interface Started {
  id: string;
  stream: Duplex;
  output: Promise<void>;
  exited: Promise<number>;
  waitAbort: AbortController;
}

export async function runContainer(
  context: CommandContext,
  flags: FlagReader,
  args: readonly string[],
  engine: EngineInfo,
): Promise<number> {
  // Checking the quotas and creating what they limit happen under the session's lock; following
  // a foreground container's output does not.
  const started = await context.locks.run(context.ns.sessionId, () =>
    createAndStart(context, flags, args, engine),
  );
  if (typeof started === 'number') return started;
  const plan = started.plan;
  return follow(context, started, plan);
}

async function createAndStart(
  context: CommandContext,
  flags: FlagReader,
  args: readonly string[],
  engine: EngineInfo,
): Promise<number | (Started & { plan: RunPlan })> {
  const { containers } = context;
  const [image = '', ...command] = args;
  const objects = await readSessionObjects(context, context.ns);
  const own = sessionContainers(objects, context.ns);
  const volumesFrom = new Map<string, string>();
  for (const raw of flags.stringArray('volumes-from')) {
    const reference = raw.split(':')[0] ?? '';
    const found = findContainer(own, reference);
    if (typeof found !== 'string') volumesFrom.set(reference, found.id);
  }
  const lenders = new Set(volumesFrom.values());
  const borrowed = own
    .filter((container) => lenders.has(container.id))
    .flatMap((container) => container.mounts.map((mount) => mount.Destination));
  const plan = planRun({
    flags,
    image: runImage(image, await lookUpImage(containers, image)),
    command,
    ns: context.ns,
    limits: context.limits,
    engine,
    volumesFrom,
    borrowed,
  });
  if (isRefusal(plan)) {
    if (plan.rule) context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: plan.rule });
    context.stderr(plan.message);
    return plan.exitCode;
  }
  const anonymous = plan.request.HostConfig.Mounts.filter(
    (mount) => mount.Type === 'volume' && !mount.Source,
  ).length;
  const quota =
    containerProblem(context, own) ??
    (await startProblem(context, own)) ??
    volumeProblem(
      context,
      objects.volumes,
      plan.volumes.map((volume) => volume.name),
      anonymous,
    );
  if (quota) {
    context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: quota.rule });
    context.stderr(`volume-lab: ${quota.message}\n`);
    return 125;
  }

  let name = flags.string('name').replace(/^\//, '');
  if (name === '') {
    const taken = new Set(own.map((container) => container.name));
    do name = randomContainerName();
    while (taken.has(name));
  } else {
    const clash = own.find((container) => container.name === name);
    if (clash) {
      return printDaemonError(
        context,
        `Conflict. The container name "/${name}" is already in use by container "${clash.id}". You have to remove (or rename) that container to be able to reuse that name.`,
        'run',
      );
    }
  }

  return context.turn(() => makeAndStart(context, plan, name));
}

async function makeAndStart(
  context: CommandContext,
  plan: RunPlan,
  name: string,
): Promise<number | (Started & { plan: RunPlan })> {
  const { containers } = context;
  let id: string;
  try {
    for (const volume of plan.volumes) {
      // Named volumes are made here, with the session's labels, before the engine would make them bare.
      await context.engine.createVolume(context.ns.toEngine(volume.name), {
        ...volume.labels,
        ...context.ns.labels,
      });
    }
    id = await containers.create(context.ns.toEngine(name), engineRequest(plan));
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return printDaemonError(context, error.message, 'run');
  }
  const problem = await holdContainer(context, id);
  if (problem) {
    await containers.remove(id, { force: true, volumes: true }).catch(() => {});
    context.stderr(`volume-lab: ${problem}\n`);
    return 125;
  }

  if (plan.detach) {
    try {
      await containers.start(id);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      if (plan.request.HostConfig.AutoRemove)
        await containers.remove(id, { force: true, volumes: true }).catch(() => {});
      return printDaemonError(context, error.message, 'run');
    }
    context.stdout(`${id}\n`);
    return 0;
  }
  const started = await attachAndStart(context, id, plan);
  return typeof started === 'number' ? started : { ...started, plan };
}

/**
 * The request as the engine gets it. A detached container's end is news the lab passes on (see
 * engine-watch.ts); a foreground one shows its own. A foreground `--rm` container is removed by the
 * lab once its exit code is known: with the engine's AutoRemove it could be gone before a busy engine
 * had registered the lab's wait, and its exit code with it.
 */
function engineRequest(plan: RunPlan): CreateRequest {
  if (plan.detach) return { ...plan.request, Labels: { ...plan.request.Labels, [DETACHED_LABEL]: 'true' } };
  if (!plan.request.HostConfig.AutoRemove) return plan.request;
  return {
    ...plan.request,
    Labels: { ...plan.request.Labels, [REMOVE_LABEL]: 'true' },
    HostConfig: { ...plan.request.HostConfig, AutoRemove: false },
  };
}

async function attachAndStart(context: CommandContext, id: string, plan: RunPlan): Promise<number | Started> {
  const { containers } = context;
  const autoRemove = plan.request.HostConfig.AutoRemove;
  const stream = await containers.attach(id, { stdin: plan.interactive });
  stream.on('error', () => {});
  const output = streamToTerminal(context, containers, stream, { tty: plan.tty });
  try {
    await containers.start(id);
  } catch (error) {
    stream.destroy();
    if (!(error instanceof EngineError)) throw error;
    if (autoRemove) await containers.remove(id, { force: true, volumes: true }).catch(() => {});
    return printDaemonError(context, error.message, 'run');
  }
  // Asked once the container runs: a wait asked before start can reach a busy engine after a quick
  // container has already exited, and then waits for an exit that never comes. "not-running" asked now
  // answers at once for a container that is already done.
  const waitAbort = new AbortController();
  const exited = containers.wait(id, { condition: 'not-running', signal: waitAbort.signal });
  exited.catch(() => {});
  return { id, stream, output, exited, waitAbort };
}

async function follow(context: CommandContext, started: Started, plan: RunPlan): Promise<number> {
  const { containers } = context;
  const { id, stream, output, exited, waitAbort } = started;
  const removeAtExit = plan.request.HostConfig.AutoRemove;
  // The lab's own tidying up: it waits its turn, but no Ctrl-C cancels it.
  const remove = () =>
    context
      .turn(() => containers.remove(id, { force: true, volumes: true }), { cleanup: true })
      .catch(() => {});
  const stdio = connectStdio(context, stream, {
    tty: plan.tty,
    interactive: plan.interactive,
    // The CLI proxies signals only when no TTY is attached; with one, Ctrl-C is a keystroke.
    ...(plan.tty ? {} : { interrupt: () => void containers.kill(id, 'SIGINT').catch(() => {}) }),
    resize: (cols, rows) => containers.resize(id, cols, rows),
  });
  try {
    const outcome = await Promise.race([
      exited.then((code) => ({ code })),
      stdio.gaveUp.then(() => ({ code: undefined })),
    ]);
    if (outcome.code === undefined) {
      context.stderr(`got ${INTERRUPTS_BEFORE_GIVING_UP} SIGTERM/SIGINTs, forcefully exiting\n`);
      // The CLI leaves the container running; with --rm the engine removes it when it ends, so must the lab.
      if (removeAtExit) void exited.then(remove, remove);
      return 130;
    }
    // The exit code can come before the last output: let the stream drain, briefly.
    await Promise.race([output, new Promise((resolve) => setTimeout(resolve, 2000))]);
    if (removeAtExit) await remove();
    return outcome.code;
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return printDaemonError(context, error.message, 'run');
  } finally {
    stdio.release();
    waitAbort.abort();
    stream.destroy();
    // It may have filled the sandbox: if so, the learner is told why their writes failed.
    void context.quota.remeasure();
  }
}
