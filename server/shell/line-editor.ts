/**
 * The line discipline of a lab terminal: prompt, echo, editing, history, Ctrl-C, Ctrl-D, Ctrl-L and tab
 * completion, done by Node's readline over in-memory streams (there is no host shell or TTY).
 * Input is released to readline one line at a time, so a pasted block of commands runs line by line,
 * each echoed at its own prompt after the previous command's output, as in a real terminal.
 */
import { createInterface, type Interface } from 'node:readline';
import { PassThrough, Writable } from 'node:stream';
import { MAX_COMMAND_LENGTH } from '../../src/shared/protocol.ts';
import type { Completer } from '../commands/complete.ts';
import type { ReadResult } from '../commands/context.ts';

export interface LineEditorOptions {
  write: (data: string) => void;
  cols: number;
  rows: number;
  completer?: Completer;
  historySize?: number;
}

const LINE_END = /[\r\n]/;
const CTRL_C = '\x03';
/**
 * The longest line the prompt takes. readline re-measures the whole line for every key, so a line
 * grows in cost with its square; one learner's huge paste must not stall everyone's event loop.
 */
export const MAX_LINE = MAX_COMMAND_LENGTH;
/** Type-ahead kept while a command runs; more is dropped, as a terminal's input queue would. */
const MAX_PENDING = 64 * 1024;
const CURSOR_REPORT = new RegExp(`${String.fromCharCode(27)}\\[\\d+;\\d+R`, 'g');

/** Terminal output with the size readline needs to wrap long lines correctly. */
class TerminalOutput extends Writable {
  columns: number;
  rows: number;
  private readonly sink: (data: string) => void;
  constructor(sink: (data: string) => void, cols: number, rows: number) {
    super({ decodeStrings: false });
    this.sink = sink;
    this.columns = cols;
    this.rows = rows;
  }
  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.sink(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    done();
  }
}

export class LineEditor {
  private readonly keys = new PassThrough({ encoding: 'utf8' });
  private readonly output: TerminalOutput;
  private readonly history: string[] = [];
  private readonly options: LineEditorOptions;
  /** Typed or pasted input not yet handed to readline. */
  private pending = '';
  private active: Interface | undefined;

  constructor(options: LineEditorOptions) {
    this.options = options;
    this.output = new TerminalOutput(options.write, options.cols, options.rows);
  }

  get cols(): number {
    return this.output.columns;
  }

  get rows(): number {
    return this.output.rows;
  }

  /** True while a prompt is waiting for a line. */
  get reading(): boolean {
    return this.active !== undefined;
  }

  resize(cols: number, rows: number): void {
    this.output.columns = cols;
    this.output.rows = rows;
    this.output.emit('resize');
  }

  /** Input from the terminal. While no prompt is shown it waits, as type-ahead does in a real terminal. */
  feed(data: string): void {
    // A terminal's answer to a program's cursor-position query can arrive after the program has
    // exited; it is never typing, so the prompt must not take it as keys.
    this.pending = (this.pending + data.replace(CURSOR_REPORT, '')).slice(0, MAX_PENDING);
    this.release();
  }

  /** Draws the prompt and the line typed so far again, after something else wrote to the terminal. */
  refresh(): void {
    this.active?.prompt(true);
  }

  /** Ctrl-C while a command runs: like a terminal driver, it throws away the type-ahead. */
  discardPending(): void {
    this.pending = '';
  }

  /** Shows the prompt and resolves with the next line, Ctrl-C, or Ctrl-D on an empty line. */
  readLine(prompt: string, options: { history?: boolean } = {}): Promise<ReadResult> {
    const keepHistory = options.history ?? true;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (result: ReadResult) => {
        if (settled) return;
        settled = true;
        this.active = undefined;
        rl.close();
        resolve(result);
      };
      const completer = this.options.completer;
      const rl = createInterface({
        input: this.keys,
        output: this.output,
        prompt,
        terminal: true,
        history: keepHistory ? this.history : [],
        historySize: keepHistory ? (this.options.historySize ?? 500) : 0,
        removeHistoryDuplicates: true,
        tabSize: 4,
        ...(completer
          ? {
              completer: (
                line: string,
                callback: (error: null | Error, result: [string[], string]) => void,
              ) => {
                completer(line).then(
                  (result) => callback(null, result),
                  () => callback(null, [[], line]),
                );
              },
            }
          : {}),
      });
      rl.on('line', (line) => settle({ kind: 'line', line }));
      rl.on('SIGINT', () => {
        this.output.write('^C\r\n');
        settle({ kind: 'interrupt' });
      });
      rl.on('close', () => settle({ kind: 'eof' }));
      this.active = rl;
      rl.prompt();
      this.release();
    });
  }

  /** Hands readline everything up to and including the next line end; the rest waits for the next prompt. */
  private release(): void {
    if (!this.active || this.pending === '') return;
    const end = this.pending.search(LINE_END);
    const interrupt = this.pending.indexOf(CTRL_C);
    let cut = end === -1 ? this.pending.length : end + 1;
    if (interrupt !== -1 && interrupt < cut) cut = interrupt + 1;
    let chunk = this.pending.slice(0, cut);
    const room = MAX_LINE - this.active.line.length;
    const body = chunk.replace(/[\r\n]$/, '');
    if (body.length > room) {
      // Past the limit keys are refused with the terminal bell, as a full line buffer does.
      chunk = body.slice(0, Math.max(0, room)) + chunk.slice(body.length);
      this.output.write('\x07');
    }
    // A pasted CRLF is one line end, not an Enter followed by an empty line.
    const rest = this.pending.slice(cut);
    this.pending = chunk.endsWith('\r') && rest.startsWith('\n') ? rest.slice(1) : rest;
    this.keys.write(chunk);
  }
}
