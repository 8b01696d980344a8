/**
 * One simulated learner: joins, then works through every lesson as its page would (a socket per
 * terminal, `watch` and a first `check`, each solution line run with a think-time before it), checks
 * that each step passes after its solution, resets the lesson so the session stays under its quotas,
 * and moves on to the next page with new sockets on the same session and terminals.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { LabClient } from '../../harness/lab-client.ts';
import { sessionIdFromToken } from '../../server/sandbox/namespace.ts';
import type { Lesson, Step } from '../../src/shared/lesson.ts';
import type { ServerMessage } from '../../src/shared/protocol.ts';
import { commandKind } from './command-kind.ts';
import type { BenchError, Recorder } from './recorder.ts';
import { BenchFailure, TimedTerminal } from './terminal.ts';

export interface ParticipantContext {
  index: number;
  url: string;
  lessons: ReadonlyArray<readonly [string, Lesson]>;
  pauseMs: { min: number; max: number };
  /** When this participant joins, counted from the start of the level. */
  joinAfterMs: number;
  recorder: Recorder;
  /** Session ids opened, so the bench can remove what they made. */
  sessions: Set<string>;
  /** Open sockets, so Ctrl-C can close them. */
  open: Set<TimedTerminal>;
  signal: AbortSignal;
  /** What the engine says about a container an error names, for the report (it may be gone soon). */
  describeContainer(id: string): Promise<string>;
}

/** Generous: a command that takes this long under load is a failure worth seeing, not a slow sample. */
const COMMAND_TIMEOUT_MS = 60_000;
const CHECKS_TIMEOUT_MS = 20_000;
/** How long an interactive command may run before the participant types `exit` in the shell it opened. */
const INTERACTIVE_GRACE_MS = 2_000;

const isChecksFor = (lesson: string) => (m: ServerMessage) => m.type === 'checks' && m.lesson === lesson;

function think(context: ParticipantContext): Promise<void> {
  const { min, max } = context.pauseMs;
  return sleep(min + Math.random() * (max - min), undefined, { signal: context.signal });
}

/** What the terminal's last `checks` for the lesson says about the step, for an error message. */
function lastDetail(terminal: TimedTerminal, lesson: string, step: string): string {
  for (let i = terminal.length - 1; i >= 0; i--) {
    const message = terminal.message(i);
    if (message?.type === 'checks' && message.lesson === lesson) {
      const result = message.results.find((r) => r.step === step);
      return result ? `last check: ok=${result.ok} ${result.detail}` : 'step missing from checks';
    }
  }
  return 'no checks received';
}

class LessonRun {
  private readonly context: ParticipantContext;
  private readonly id: string;
  private readonly lesson: Lesson;
  private readonly terminals: Map<string, TimedTerminal>;
  /** The engine-side session id, to find a container a hung command made. */
  private readonly sessionId: string;

  constructor(
    context: ParticipantContext,
    id: string,
    lesson: Lesson,
    terminals: Map<string, TimedTerminal>,
    sessionId: string,
  ) {
    this.context = context;
    this.sessionId = sessionId;
    this.id = id;
    this.lesson = lesson;
    this.terminals = terminals;
  }

  private error(error: Omit<BenchError, 'participant' | 'lesson'>): void {
    this.context.recorder.error({ participant: this.context.index, lesson: this.id, ...error });
  }

  private terminalFor(step?: Step): TimedTerminal {
    const name = step?.terminal ?? this.lesson.terminals[0] ?? 'main';
    const terminal = this.terminals.get(name) ?? this.terminals.values().next().value;
    if (!terminal) throw new Error(`no terminal for ${name}`);
    return terminal;
  }

  async replay(): Promise<void> {
    // As the page does on load: watch the lesson, and take a first look.
    for (const terminal of this.terminals.values()) {
      terminal.send({ type: 'watch', lesson: this.id });
      terminal.send({ type: 'check', lesson: this.id });
    }
    for (const step of this.lesson.steps) {
      const terminal = this.terminalFor(step);
      const checks: Promise<void>[] = [];
      let lastDone = -1;
      for (const line of step.solution) {
        await think(this.context);
        const ran = await this.run(terminal, step, line);
        lastDone = ran.doneIndex;
        checks.push(ran.checks);
      }
      await this.stepPasses(terminal, step, lastDone);
      await Promise.all(checks);
    }
  }

  /** Runs one line as the Run button does; `checks` settles once the checks after its `done` arrived. */
  private async run(terminal: TimedTerminal, step: Step, line: string) {
    const { kind, interactive } = commandKind(line);
    const from = terminal.length;
    const outputFrom = terminal.client.transcript.length;
    const sentAt = performance.now();
    terminal.send({ type: 'run', command: line });
    const done = terminal.waitFor(from, (m) => m.type === 'done', COMMAND_TIMEOUT_MS, `done for ${line}`);
    if (interactive) {
      // The shell it opened waits for the learner; leave it as they would, unless it ended by itself.
      const ended = await Promise.race([done.then(() => true), sleep(INTERACTIVE_GRACE_MS, false)]);
      if (!ended) terminal.send({ type: 'input', data: 'exit\r' });
    }
    const doneIndex = await done.catch(async (error: unknown) => {
      if (!(error instanceof BenchFailure) || error.kind !== 'timeout') throw error;
      throw new BenchFailure(
        'timeout',
        `${error.message}; ${await this.diagnoseHang(terminal, line, outputFrom)}`,
      );
    });
    const doneAt = terminal.arrivedAt(doneIndex);
    this.context.recorder.command(kind, doneAt - sentAt);
    const message = terminal.message(doneIndex);
    const exitCode = message?.type === 'done' ? message.exitCode : -1;
    if (exitCode !== 0) {
      const output = LabClient.commandOutput(terminal.client.transcript.slice(outputFrom)).trim();
      // "volume is in use - [id]": say whose container that is while it may still exist.
      const holder = /in use - \[([0-9a-f]{12,64})/.exec(output)?.[1];
      const held = holder ? `; container ${holder}: ${await this.context.describeContainer(holder)}` : '';
      this.error({
        kind: 'exit-code',
        step: step.id,
        command: line,
        detail: `exit code ${exitCode}, expected 0: ${output.slice(-300)}${held}`,
      });
    }
    const checks = terminal
      .waitFor(doneIndex + 1, isChecksFor(this.id), CHECKS_TIMEOUT_MS, 'checks after done')
      .then(
        (index) => {
          this.context.recorder.checksAfterDone.push(terminal.arrivedAt(index) - doneAt);
        },
        (error: unknown) => {
          // A dropped socket is already counted where it was noticed.
          if (error instanceof BenchFailure && error.kind === 'socket') return;
          this.error({ kind: 'no-checks', step: step.id, command: line, detail: String(error) });
        },
      );
    return { doneIndex, checks };
  }

  /**
   * A command that never ended: what the terminal showed, what the engine says of its container, and
   * whether Ctrl-C (what a learner would try) brings the prompt back, so later lessons can go on.
   */
  private async diagnoseHang(terminal: TimedTerminal, line: string, outputFrom: number): Promise<string> {
    const shown = LabClient.commandOutput(terminal.client.transcript.slice(outputFrom)).trim();
    const words = line.split(/\s+/);
    const name = words[words.indexOf('--name') + 1];
    const container =
      words.includes('--name') && name
        ? `container ${name}: ${await this.context.describeContainer(`vl-${this.sessionId}-${name}`)}`
        : 'container unnamed';
    const from = terminal.length;
    terminal.send({ type: 'input', data: '\x03' });
    const interrupted = await terminal
      .waitFor(from, (m) => m.type === 'done', 5_000, 'done after Ctrl-C')
      .then(
        (index) => {
          const message = terminal.message(index);
          return `Ctrl-C ended it (exit ${message?.type === 'done' ? message.exitCode : '?'})`;
        },
        () => 'Ctrl-C did not end it within 5 s',
      );
    return `terminal showed ${JSON.stringify(shown.slice(-200))}; ${container}; ${interrupted}`;
  }

  /** The step's check must pass once its solution ran: wait for the `checks` that says so. */
  private async stepPasses(terminal: TimedTerminal, step: Step, lastDone: number): Promise<void> {
    const doneAt = terminal.arrivedAt(lastDone);
    const passes = (m: ServerMessage) =>
      m.type === 'checks' && m.lesson === this.id && m.results.some((r) => r.step === step.id && r.ok);
    try {
      const index = await terminal.waitFor(lastDone + 1, passes, CHECKS_TIMEOUT_MS, `${step.id} passing`);
      this.context.recorder.stepPassed.push(terminal.arrivedAt(index) - doneAt);
    } catch (error) {
      if (!(error instanceof BenchFailure) || error.kind !== 'timeout') throw error;
      this.error({
        kind: 'check',
        step: step.id,
        detail: `step did not pass within ${CHECKS_TIMEOUT_MS / 1000} s of its solution; ${lastDetail(terminal, this.id, step.id)}`,
      });
    }
  }

  /** "Reset this lesson", so the next lessons start under the session's volume and container quotas. */
  async reset(): Promise<void> {
    const main = this.terminalFor();
    let epoch = 0;
    for (let i = main.length - 1; i >= 0; i--) {
      const message = main.message(i);
      if (message?.type === 'checks' && message.lesson === this.id) {
        epoch = message.epoch;
        break;
      }
    }
    const from = main.length;
    const sentAt = performance.now();
    main.send({ type: 'reset', lesson: this.id });
    // Each reset adds 2 to the epoch; checks evaluated before it finished carry the old one.
    const afterReset = (m: ServerMessage) =>
      m.type === 'checks' && m.lesson === this.id && m.epoch >= epoch + 2;
    const index = await main.waitFor(from, afterReset, CHECKS_TIMEOUT_MS, 'checks after reset');
    this.context.recorder.reset.push(main.arrivedAt(index) - sentAt);
  }
}

export async function runParticipant(context: ParticipantContext): Promise<void> {
  const { recorder, index } = context;
  let session: string | undefined;
  const terminalIds = new Map<string, string>();
  try {
    await sleep(context.joinAfterMs, undefined, { signal: context.signal });
  } catch {
    return;
  }
  for (const [id, lesson] of context.lessons) {
    if (context.signal.aborted) return;
    const terminals = new Map<string, TimedTerminal>();
    const problem = (kind: 'protocol' | 'socket', detail: string) =>
      recorder.error({ kind, participant: index, lesson: id, detail });
    try {
      for (const name of lesson.terminals) {
        const options = {
          ...(session ? { session } : {}),
          ...(terminalIds.has(name) ? { terminal: terminalIds.get(name) } : {}),
        };
        const opened = await TimedTerminal.connect(context.url, options, problem).catch((error: unknown) => {
          recorder.error({ kind: 'connect', participant: index, lesson: id, detail: String(error) });
          return undefined;
        });
        if (!opened) return;
        const { client } = opened.terminal;
        terminals.set(name, opened.terminal);
        context.open.add(opened.terminal);
        recorder.connect.push(opened.ms);
        session = client.session;
        context.sessions.add(sessionIdFromToken(client.session));
        terminalIds.set(name, client.terminal);
      }
      const run = new LessonRun(context, id, lesson, terminals, sessionIdFromToken(session ?? ''));
      await run.replay();
      await think(context);
      await run.reset();
    } catch (error) {
      if (context.signal.aborted) return;
      // Socket drops were counted when they happened; anything else ends this lesson here.
      if (!(error instanceof BenchFailure && error.kind === 'socket')) {
        const kind = error instanceof BenchFailure ? error.kind : 'other';
        recorder.error({ kind, participant: index, lesson: id, detail: String(error) });
      }
    } finally {
      for (const terminal of terminals.values()) context.open.delete(terminal);
      await Promise.all([...terminals.values()].map((terminal) => terminal.close()));
    }
  }
}
