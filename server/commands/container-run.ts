/**
 * `docker run`: the policy builds the request, the session's quotas are checked, named volumes are
 * made with the session's labels, then the container is created and either started in the background
 * (`-d`) or attached to the terminal until it exits, returning its exit code as the CLI does.
 */
import { randomContainerName } from '../cli/container-names.ts';
import { EngineError } from '../docker/engine.ts';
import { type FlagReader, isRefusal, planRun, type RunPlan } from '../policy/run-policy.ts';
import type { CommandContext } from './context.ts';
import { connectStdio, INTERRUPTS_BEFORE_GIVING_UP } from './interactive.ts';
import { findContainer, listOwnContainers, type OwnContainer } from './own-containers.ts';
import { streamToTerminal } from './terminal-stream.ts';

const RUN_HELP_HINT = "\n\nRun 'docker run --help' for more information";

function daemonFailure(context: CommandContext, message: string): number {
  context.stderr(`docker: Error response from daemon: ${message}${RUN_HELP_HINT}\n`);
  // The CLI's exit codes for a container that could not start: 127 not found, 126 not executable.
  if (/executable file not found|no such file or directory/.test(message)) return 127;
  if (/permission denied/.test(message)) return 126;
  return 125;
}

/** Says why a quota stops this run, or nothing. */
async function quotaProblem(
  context: CommandContext,
  own: readonly OwnContainer[],
  plan: RunPlan,
): Promise<string | undefined> {
  const { limits } = context;
  if (context.quota.usage(context.ns.sessionId) > limits.dataBytes) await context.quota.remeasure();
  const held = context.quota.usage(context.ns.sessionId);
  if (held > limits.dataBytes) {
    return `your sandbox holds ${Math.round(held / 1048576)} MiB, more than the ${Math.round(limits.dataBytes / 1048576)} MiB it may keep; remove some data (docker volume rm, docker rm) first`;
  }
  if (own.length >= limits.maxContainers) {
    return `you have ${own.length} containers, the most this sandbox allows; remove some with docker rm (docker container prune removes every stopped one)`;
  }
  const running = own.filter((container) => container.summary.State === 'running').length;
  if (running >= limits.maxRunning) {
    return `${running} of your containers are running, the most this sandbox allows at once; stop one with docker stop`;
  }
  const volumes = await context.engine.listVolumes({ label: [context.ns.labelFilter] });
  const existing = new Set(volumes.map((volume) => volume.Name));
  const fresh = new Set(
    plan.volumes.map((volume) => context.ns.toEngine(volume.name)).filter((name) => !existing.has(name)),
  );
  const anonymous = plan.request.HostConfig.Mounts.filter(
    (mount) => mount.Type === 'volume' && !mount.Source,
  ).length;
  if (existing.size + fresh.size + anonymous > limits.maxVolumes) {
    return `this would give you more than ${limits.maxVolumes} volumes, the most this sandbox allows; remove some with docker volume rm`;
  }
  return undefined;
}

export async function runContainer(
  context: CommandContext,
  flags: FlagReader,
  args: readonly string[],
): Promise<number> {
  const { containers } = context;
  const [image = '', ...command] = args;
  const own = await listOwnContainers(containers, context.ns);
  const volumesFrom = new Map<string, string>();
  for (const raw of flags.stringArray('volumes-from')) {
    const reference = raw.split(':')[0] ?? '';
    const found = findContainer(own, reference);
    if (typeof found !== 'string') volumesFrom.set(reference, found.id);
  }
  const plan = planRun({ flags, image, command, ns: context.ns, limits: context.limits, volumesFrom });
  if (isRefusal(plan)) {
    context.stderr(plan.message);
    return plan.exitCode;
  }
  const quota = await quotaProblem(context, own, plan);
  if (quota) {
    context.stderr(`volume-lab: ${quota}\n`);
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
      return daemonFailure(
        context,
        `Conflict. The container name "/${name}" is already in use by container "${clash.id}". You have to remove (or rename) that container to be able to reuse that name.`,
      );
    }
  }

  for (const volume of plan.volumes) {
    // Named volumes are made here, with the session's labels, before the engine would make them bare.
    await context.engine.createVolume(context.ns.toEngine(volume.name), {
      ...volume.labels,
      ...context.ns.labels,
    });
  }

  let id: string;
  try {
    id = await containers.create(context.ns.toEngine(name), plan.request);
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return daemonFailure(context, error.message);
  }

  if (plan.detach) {
    try {
      await containers.start(id);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      if (plan.request.HostConfig.AutoRemove)
        await containers.remove(id, { force: true, volumes: true }).catch(() => {});
      return daemonFailure(context, error.message);
    }
    context.stdout(`${id}\n`);
    return 0;
  }
  return attachAndStart(context, id, plan);
}

async function attachAndStart(context: CommandContext, id: string, plan: RunPlan): Promise<number> {
  const { containers } = context;
  const autoRemove = plan.request.HostConfig.AutoRemove;
  const stream = await containers.attach(id, { stdin: plan.interactive });
  stream.on('error', () => {});
  const output = streamToTerminal(context, containers, stream, { tty: plan.tty });
  // Asked before start, so a container that exits at once (and --rm removes) is not missed.
  const waitAbort = new AbortController();
  const exited = containers.wait(id, {
    condition: autoRemove ? 'removed' : 'next-exit',
    signal: waitAbort.signal,
  });
  exited.catch(() => {});
  try {
    await containers.start(id);
  } catch (error) {
    waitAbort.abort();
    stream.destroy();
    if (!(error instanceof EngineError)) throw error;
    if (autoRemove) await containers.remove(id, { force: true, volumes: true }).catch(() => {});
    return daemonFailure(context, error.message);
  }
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
      return 130;
    }
    // The exit code can come before the last output: let the stream drain, briefly.
    await Promise.race([output, new Promise((resolve) => setTimeout(resolve, 2000))]);
    return outcome.code;
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return daemonFailure(context, error.message);
  } finally {
    stdio.release();
    waitAbort.abort();
    stream.destroy();
  }
}
