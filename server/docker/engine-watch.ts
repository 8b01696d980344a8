/**
 * Watches one engine: its one event stream and its health (the engine stopped answering, or came
 * back). The stream carries what changes the engine's containers and volumes, for the session
 * pictures (engine-picture.ts), and the news a learner is told (a detached container of
 * theirs died or ran out of memory). A restarted engine is picked up again without a restart of the
 * lab server: while it is away the watch pings until it answers, then listens again.
 */
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { DETACHED_LABEL, INSTANCE_LABEL, SESSION_LABEL } from '../labels.ts';
import type { EngineMember } from './engine-pool.ts';

export type EngineWatchEvent =
  | { kind: 'down'; engine: string; message: string }
  | { kind: 'up'; engine: string }
  | { kind: 'died'; engine: string; session: string; container: string; exitCode: number }
  | { kind: 'oom'; engine: string; session: string; container: string };

export interface EngineWatchOptions {
  member: EngineMember;
  instance: string;
  /** The learner's name for an engine container name, for the session that owns it. */
  onEvent(event: EngineWatchEvent): void;
  /** Every event of the stream, in the engine's order, whatever its instance. */
  onEngineEvent?(event: EngineEvent): void;
  /**
   * The stream is open (every change from now on will be told), or was lost (changes may have been
   * missed until it opens again).
   */
  onStream?(state: 'open' | 'lost'): void;
  /** Milliseconds between health pings. */
  pingMs?: number;
}

/**
 * One line of `GET /events`. Container events carry the container's labels and name among the
 * attributes; volume events only the volume's driver (and, for mounts, which we do not ask for, the
 * container), so a volume is known by its name alone.
 */
export const engineEventSchema = z.object({
  Type: z.string(),
  Action: z.string(),
  Actor: z.object({ ID: z.string(), Attributes: z.record(z.string(), z.string()).nullish() }),
  timeNano: z.number().optional(),
});
export type EngineEvent = z.infer<typeof engineEventSchema>;

/**
 * What the stream is asked for: everything that changes which containers and volumes exist, whether a
 * container runs, and the news above. Not filtered by label: volume events carry none.
 */
export const WATCHED_EVENTS: { type: ('container' | 'volume')[]; event: string[] } = {
  type: ['container', 'volume'],
  event: ['create', 'start', 'die', 'destroy', 'kill', 'oom'],
};

/** A stop, kill or rm ends a container with a signal the learner asked for: its death is no news. */
const ASKED_FOR_MS = 15_000;
const PING_TIMEOUT_MS = 3000;

export interface EngineWatch {
  stop(): void;
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

export function watchEngine(options: EngineWatchOptions): EngineWatch {
  const { member } = options;
  const pingMs = options.pingMs ?? 5000;
  let stopped = false;
  let up = true;
  let stream: Readable | undefined;
  let listening = false;
  const killedAt = new Map<string, number>();
  const oomReported = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  const handle = (event: EngineEvent) => {
    options.onEngineEvent?.(event);
    const attributes = event.Actor.Attributes ?? {};
    const session = attributes[SESSION_LABEL];
    const id = event.Actor.ID;
    if (event.Type !== 'container' || session === undefined) return;
    if (attributes[INSTANCE_LABEL] !== options.instance) return;
    const container = attributes.name ?? id.slice(0, 12);
    if (event.Action === 'kill') {
      killedAt.set(id, Date.now());
      // A signal that does not end its container leaves no die event to clear it.
      if (killedAt.size > 10_000) killedAt.clear();
      return;
    }
    if (event.Action === 'oom') {
      // The kernel reports each process it kills: one container can send several.
      if (!oomReported.has(id)) options.onEvent({ kind: 'oom', engine: member.name, session, container });
      oomReported.add(id);
      return;
    }
    if (event.Action === 'die') {
      const killed = killedAt.get(id);
      killedAt.delete(id);
      oomReported.delete(id);
      const exitCode = Number(attributes.exitCode ?? 0);
      if (killed !== undefined && Date.now() - killed < ASKED_FOR_MS) return;
      if (exitCode === 0 || attributes[DETACHED_LABEL] === undefined) return;
      options.onEvent({ kind: 'died', engine: member.name, session, container, exitCode });
    }
  };

  const listen = async () => {
    if (listening || stopped) return;
    listening = true;
    try {
      const events = (await member.engine.docker.getEvents({
        filters: WATCHED_EVENTS,
      })) as unknown as Readable;
      stream = events;
      options.onStream?.('open');
      let buffered = '';
      events.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        let newline = buffered.indexOf('\n');
        while (newline !== -1) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line !== '') {
            // A line that is not an event is not worth stopping the watch for.
            const parsed = engineEventSchema.safeParse(safeJson(line));
            if (parsed.success) handle(parsed.data);
          }
          newline = buffered.indexOf('\n');
        }
      });
      const ended = () => {
        if (stream !== events) return;
        stream = undefined;
        listening = false;
        options.onStream?.('lost');
        // The stream only ends when the engine goes away (or the watch stops): find out at once.
        if (!stopped) void check();
      };
      events.on('end', ended);
      events.on('close', ended);
      events.on('error', ended);
    } catch {
      listening = false;
      // Not open: whatever relies on it must not wait for it.
      options.onStream?.('lost');
    }
  };

  const ping = async (): Promise<string | undefined> => {
    const signal = AbortSignal.timeout(PING_TIMEOUT_MS);
    try {
      // dockerode honours abortSignal on ping; its type definitions do not list it.
      const ping = member.engine.docker.ping.bind(member.engine.docker) as unknown as (options: {
        abortSignal: AbortSignal;
      }) => Promise<unknown>;
      await ping({ abortSignal: signal });
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };

  const check = async () => {
    if (stopped) return;
    const problem = await ping();
    if (stopped) return;
    if (problem !== undefined && up) {
      up = false;
      options.onEvent({ kind: 'down', engine: member.name, message: problem });
    } else if (problem === undefined && !up) {
      up = true;
      options.onEvent({ kind: 'up', engine: member.name });
    }
    if (up) await listen();
  };

  const tick = () => {
    timer = setTimeout(async () => {
      await check();
      if (!stopped) tick();
    }, pingMs);
    timer.unref();
  };
  void listen();
  tick();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      stream?.destroy();
      stream = undefined;
    },
  };
}
