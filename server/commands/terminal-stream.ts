/**
 * Moves a container's output to the learner's terminal with flow control: while the page is behind,
 * the engine stream is paused, so a container printing without end neither grows the server's memory
 * nor slows anyone else.
 */
import { type Readable, Writable } from 'node:stream';
import type { ContainerEngine } from '../docker/containers.ts';
import type { CommandContext } from './context.ts';

/** A writable that prints into the terminal: a TTY's bytes as they are, a plain stream with CRLF. */
export function terminalWritable(context: CommandContext, kind: 'tty' | 'stdout' | 'stderr'): Writable {
  const decoder = new TextDecoder();
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = decoder.decode(chunk, { stream: true });
      if (kind === 'tty') context.raw(text);
      else if (kind === 'stdout') context.stdout(text);
      else context.stderr(text);
      done();
    },
  });
}

/**
 * Pipes an engine stream to the terminal until it ends, pausing it whenever the page is behind.
 * Resolves when the stream has ended or errored (a hijacked socket may just close).
 */
export function streamToTerminal(
  context: CommandContext,
  containers: ContainerEngine,
  source: Readable,
  options: { tty: boolean },
): Promise<void> {
  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      resolve();
    };
    source.on('end', finish);
    source.on('close', finish);
    source.on('error', finish);
    // Flow control: after each chunk, wait for the page if it is behind before reading more.
    source.on('data', () => {
      source.pause();
      context.drained().then(() => {
        if (!finished) source.resume();
      });
    });
    if (options.tty) {
      source.pipe(terminalWritable(context, 'tty'), { end: false });
    } else {
      containers.demux(source, terminalWritable(context, 'stdout'), terminalWritable(context, 'stderr'));
    }
  });
}
