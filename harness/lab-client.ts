/** A lab terminal as a test drives it: a real WebSocket speaking the real protocol. */
import WebSocket from 'ws';
import { PROMPT } from '../server/shell/terminal-shell.ts';
import type { CheckResult } from '../src/shared/checks.ts';
import { type ServerMessage, serverMessageSchema } from '../src/shared/protocol.ts';

const ESC = '\x1b';
const CURSOR_QUERY = `${ESC}[6n`;

export interface RunResult {
  /** What the terminal showed between the echoed command line and the next prompt, with LF line ends. */
  output: string;
  exitCode: number;
}

export interface ConnectOptions {
  session?: string;
  terminal?: string;
  cols?: number;
  rows?: number;
  origin?: string;
  /** Whether the socket answers pings; off to play a frozen client. */
  autoPong?: boolean;
  /** Extra upgrade headers, e.g. the X-Forwarded-For a reverse proxy adds. */
  headers?: Record<string, string>;
  /** The CA to trust for a wss:// lab (a proxy's own CA). */
  ca?: string;
}

export class LabClient {
  readonly ws: WebSocket;
  session = '';
  terminal = '';
  /** Every output byte this client received, for leak checks. */
  transcript = '';
  readonly messages: ServerMessage[] = [];
  private waiters: Array<(message: ServerMessage) => boolean> = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const message = serverMessageSchema.parse(JSON.parse(data.toString()));
      this.messages.push(message);
      if (message.type === 'output') {
        this.transcript += message.data;
        // Answer cursor position requests as xterm does: busybox's shell asks at every prompt and
        // takes keys typed before the answer as a garbled reply.
        if (message.data.includes(CURSOR_QUERY)) this.send({ type: 'input', data: `${ESC}[1;1R` });
      }
      this.waiters = this.waiters.filter((waiter) => !waiter(message));
    });
  }

  static async open(url: string, options: ConnectOptions = {}): Promise<LabClient> {
    const origin = options.origin ?? new URL(url).origin.replace('ws:', 'http:');
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, {
      origin,
      autoPong: options.autoPong ?? true,
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new LabClient(ws);
  }

  /** Opens a socket, says hello and waits for `ready` and the first prompt. */
  static async connect(url: string, options: ConnectOptions = {}): Promise<LabClient> {
    const client = await LabClient.open(url, options);
    const ready = client.next((m) => m.type === 'ready');
    const prompt = client.waitForOutput(PROMPT);
    client.send({
      type: 'hello',
      cols: options.cols ?? 400,
      rows: options.rows ?? 50,
      ...(options.session ? { session: options.session } : {}),
      ...(options.terminal ? { terminal: options.terminal } : {}),
    });
    const message = await ready;
    if (message.type === 'ready') {
      client.session = message.session;
      client.terminal = message.terminal;
    }
    await prompt;
    return client;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Resolves with the next message that matches. */
  next(match: (message: ServerMessage) => boolean, timeoutMs = 30_000): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a message')), timeoutMs);
      this.waiters.push((message) => {
        if (!match(message)) return false;
        clearTimeout(timer);
        resolve(message);
        return true;
      });
    });
  }

  /** Resolves once the transcript (from now on) contains the text. */
  waitForOutput(text: string, timeoutMs = 30_000): Promise<void> {
    const start = this.transcript.length;
    if (this.transcript.includes(text, start)) return Promise.resolve();
    return this.next(() => this.transcript.includes(text, start), timeoutMs).then(() => undefined);
  }

  /** Runs a command line as a lesson's Run button does and returns what the terminal showed. */
  async run(command: string): Promise<RunResult> {
    const start = this.transcript.length;
    const done = this.next((m) => m.type === 'done');
    this.send({ type: 'run', command });
    const message = await done;
    const exitCode = message.type === 'done' ? message.exitCode : -1;
    return { output: LabClient.commandOutput(this.transcript.slice(start)), exitCode };
  }

  /**
   * Asks for a lesson's checks and returns the results once they settle: results of an evaluation
   * that began before the last command finished can still be on their way, and a newer one follows.
   */
  async checks(lesson?: string, quietMs = 300): Promise<CheckResult[]> {
    const from = this.messages.length;
    const latest = () => {
      const all = this.messages.slice(from).filter((m) => m.type === 'checks');
      const last = all.at(-1);
      return { count: all.length, results: last?.type === 'checks' ? last.results : undefined };
    };
    this.send({ type: 'check', ...(lesson ? { lesson } : {}) });
    await this.next(() => latest().count > 0);
    for (let seen = latest().count; ; seen = latest().count) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      if (latest().count === seen) return latest().results ?? [];
    }
  }

  /** Types raw keystrokes and waits for the given text to appear. */
  async type(data: string, expect: string): Promise<string> {
    const start = this.transcript.length;
    const shown = this.waitForOutput(expect);
    this.send({ type: 'input', data });
    await shown;
    return this.transcript.slice(start);
  }

  /** Cuts the echoed command line and the final prompt out of a run's terminal output. */
  static commandOutput(raw: string): string {
    const afterEcho = raw.slice(raw.indexOf('\r\n') + 2);
    const promptAt = afterEcho.lastIndexOf(PROMPT);
    const body = promptAt === -1 ? afterEcho : afterEcho.slice(0, promptAt);
    // readline clears the line before drawing the prompt; those escapes belong to the prompt.
    const clearLine = `${ESC}[1G${ESC}[0J`;
    const trimmed = body.endsWith(clearLine) ? body.slice(0, -clearLine.length) : body;
    return trimmed.replace(/\r\n/g, '\n');
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
