/** `docker logs [-f] [-n N] [-t] CONTAINER` for the session's own containers. */
import { printDaemonError } from '../docker/daemon-error.ts';
import { EngineError } from '../docker/engine-error.ts';
import type { FlagReader } from '../policy/run-policy.ts';
import type { CommandContext } from './context.ts';
import { resolveContainer } from './session-objects.ts';
import { streamToTerminal } from './terminal-stream.ts';

const ALLOWED = ['follow', 'tail', 'timestamps', 'help'];

export async function showLogs(
  context: CommandContext,
  flags: FlagReader,
  args: readonly string[],
): Promise<number> {
  const { containers } = context;
  const refused = flags.changedNames().find((name) => !ALLOWED.includes(name));
  if (refused) {
    context.observer?.policyRefused({ sessionId: context.ns.sessionId, rule: `--${refused}` });
    context.stderr(
      `volume-lab: --${refused} is not available in this sandbox; with docker logs this lab allows -f -n -t\n`,
    );
    return 1;
  }
  const found = await resolveContainer(context, context.ns, args[0] ?? '');
  if (typeof found === 'string') return printDaemonError(context, found);
  try {
    const info = await containers.inspect(found.id);
    const follow = flags.bool('follow');
    const stream = await containers.logs(found.id, {
      follow,
      tail: flags.string('tail') || 'all',
      timestamps: flags.bool('timestamps'),
      signal: context.signal,
    });
    stream.on('error', () => {});
    // Ctrl-C ends a follow, as it ends the CLI process.
    const stop = () => stream.destroy();
    context.signal.addEventListener('abort', stop, { once: true });
    // Without -f the engine sends the whole log and closes; a TTY container's log is not multiplexed.
    await streamToTerminal(context, containers, stream, { tty: info.Config.Tty });
    context.signal.removeEventListener('abort', stop);
    return 0;
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return printDaemonError(context, error.message);
  }
}
