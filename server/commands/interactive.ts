/**
 * Connecting the learner's terminal to a container's (or an exec's) stdio, the way the docker CLI
 * does: with a TTY, keystrokes go straight through and the window size follows the terminal; without
 * one, `-i` feeds lines the lab's line editor cooks (echo, editing, Ctrl-D for end of input), and
 * Ctrl-C is forwarded as SIGINT, as the CLI's signal proxy does.
 */
import type { Duplex } from 'node:stream';
import type { CommandContext } from './context.ts';

export interface StdioOptions {
  tty: boolean;
  interactive: boolean;
  /** Sends SIGINT to the container (the CLI's sig-proxy); absent where Ctrl-C should only be typed. */
  interrupt?: () => void;
  /** Applies a terminal size to the container's TTY. */
  resize?: (cols: number, rows: number) => Promise<void>;
}

const CTRL_C = '\x03';
/** The CLI gives up on a container that ignores this many interrupts, and leaves it running. */
export const INTERRUPTS_BEFORE_GIVING_UP = 3;

/**
 * Wires keyboard and window size to the stream until the returned `release` is called.
 * `gaveUp` resolves when the learner pressed Ctrl-C often enough that the CLI would exit.
 */
export function connectStdio(
  context: CommandContext,
  stream: Duplex,
  options: StdioOptions,
): { release: () => void; gaveUp: Promise<void> } {
  const releases: (() => void)[] = [];
  let giveUp: () => void = () => {};
  const gaveUp = new Promise<void>((resolve) => {
    giveUp = resolve;
  });
  let interrupts = 0;
  const interrupted = () => {
    options.interrupt?.();
    interrupts++;
    if (interrupts >= INTERRUPTS_BEFORE_GIVING_UP) giveUp();
  };

  if (options.tty && options.resize) {
    const resize = options.resize;
    resize(context.cols, context.rows).catch(() => {});
    releases.push(context.onResize((cols, rows) => void resize(cols, rows).catch(() => {})));
  }
  if (options.interactive && options.tty) {
    releases.push(context.takeKeys((data) => stream.write(data)));
  } else if (options.interactive) {
    let open = true;
    releases.push(() => {
      open = false;
    });
    void (async () => {
      while (open) {
        const input = await context.readInput();
        if (!open) break;
        if (input.kind === 'interrupt') interrupted();
        else if (input.kind === 'eof') {
          // Ctrl-D: end of input, as a terminal in cooked mode reports it.
          stream.end();
          break;
        } else stream.write(`${input.line}\n`);
      }
    })();
  } else {
    // Without -i the program never reads the keyboard: keys wait for the lab's next prompt, as
    // type-ahead does in a terminal, and only Ctrl-C means something now.
    releases.push(
      context.takeKeys((data) => {
        if (data.includes(CTRL_C)) interrupted();
        else context.typeAhead(data);
      }),
    );
  }
  return {
    release: () => {
      for (const release of releases.splice(0)) release();
    },
    gaveUp,
  };
}
