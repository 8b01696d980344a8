/**
 * Workshop mode on a running lab server: `/api/workshop` always (so pages can tell the modes apart),
 * and with an instructor secret the dashboard's socket and its once-a-second roster. In self-paced mode
 * (no secret) nothing else is added: no instructor endpoint exists to guess at.
 */
import type { Lesson } from '../../src/shared/lesson.ts';
import { INSTRUCTOR_WS_PATH, InstructorCloseCode } from '../../src/shared/workshop.ts';
import type { LabServer } from '../lab-server.ts';
import { handleInstructor, type InstructorChannel } from './instructor-channel.ts';
import { resetParticipant } from './participant-reset.ts';
import { createRoster } from './roster.ts';
import { createSecretCheck, GuessLimit } from './secret-check.ts';
import type { WorkshopConfig } from './workshop-config.ts';
import { createWorkshopRoute } from './workshop-route.ts';

export interface WorkshopOptions extends WorkshopConfig {
  lessons: ReadonlyMap<string, Lesson>;
  /** Milliseconds between roster looks (default 1000); a roster is sent only when it changed. */
  tickMs?: number;
  /** Instructor sockets open at once, signed in or not (default 20). */
  maxSockets?: number;
}

export interface Workshop {
  readonly enabled: boolean;
  /** Stops the roster timer; the lab server's close() closes the sockets. */
  stop(): void;
}

export function startWorkshop(
  lab: Pick<LabServer, 'manager' | 'addRoute' | 'addSocketRoute'>,
  options: WorkshopOptions,
): Workshop {
  const { manager } = lab;
  lab.addRoute(createWorkshopRoute({ workshop: options.secret !== undefined }));
  if (options.secret === undefined) return { enabled: false, stop: () => {} };

  const checkSecret = createSecretCheck(options.secret);
  const guesses = new GuessLimit();
  const roster = createRoster({
    sessions: () => manager.sessions(),
    socketsOf: manager.socketsOf,
    lessons: options.lessons,
    stuckMs: options.stuckMs,
  });
  const channels = new Set<InstructorChannel>();
  let sent = '';

  /**
   * Looks at the room (every tick, dashboards or not: "stuck" is measured between looks) and sends it
   * to every dashboard when it changed. The server time `at` changes every look, so it is left out of
   * the comparison: an idle room costs nothing on the wire.
   */
  const tick = (force = false) => {
    const { at, ...rest } = roster.snapshot();
    guesses.sweep();
    for (const channel of channels) channel.tick();
    const body = JSON.stringify(rest);
    if (!force && body === sent) return;
    sent = body;
    const frame = JSON.stringify({ ...rest, at });
    for (const channel of channels) channel.sendRaw(frame);
  };
  const timer = setInterval(() => tick(), options.tickMs ?? 1000);
  timer.unref();

  let ending: Promise<number> | undefined;
  const end = () => {
    ending ??= manager.endAll().finally(() => {
      ending = undefined;
      tick(true);
    });
    return ending;
  };

  let open = 0;
  const maxSockets = options.maxSockets ?? 20;
  lab.addSocketRoute(INSTRUCTOR_WS_PATH, (ws, address) => {
    if (open >= maxSockets) {
      ws.send(
        JSON.stringify({ type: 'error', message: 'Too many dashboards are open. Try again in a minute.' }),
      );
      ws.close(InstructorCloseCode.tryAgainLater, 'too many dashboards');
      return;
    }
    open++;
    ws.once('close', () => open--);
    handleInstructor(ws, address, {
      lab: manager,
      checkSecret,
      guesses,
      stuckMs: options.stuckMs,
      join: (channel) => {
        channels.add(channel);
        // A new dashboard gets the room at once, not at the next change.
        const { at, ...rest } = roster.snapshot();
        channel.sendRaw(JSON.stringify({ ...rest, at }));
        return () => channels.delete(channel);
      },
      reset: async (sessionId) => {
        const found = await resetParticipant(manager, options.lessons.keys(), sessionId);
        tick();
        return found;
      },
      end,
    });
  });

  return {
    enabled: true,
    stop: () => clearInterval(timer),
  };
}
