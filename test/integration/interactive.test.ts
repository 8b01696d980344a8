import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../harness/lab-client.ts';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';

/**
 * Types a line into whatever has the keyboard (a container's TTY or the lab prompt). busybox's shell
 * asks the terminal for the cursor position after drawing its prompt and reads keys typed before the
 * answer as part of it, so a test, unlike a person, waits a moment at each prompt.
 */
async function typeLine(term: LabClient, line: string, expect: string): Promise<string> {
  const shown = await term.type(`${line}\r`, expect);
  await settle();
  return shown;
}

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 150));
}

describe('interactive containers over the WebSocket', () => {
  let lab: LabFixture;
  let term: LabClient;
  beforeAll(async () => {
    lab = await startLabFixture();
    term = await lab.connect({ cols: 100, rows: 30 });
  });
  afterAll(() => lab.stop());

  it('runs a shell with a real TTY, writes into a volume, and returns its exit code', async () => {
    const done = term.next((m) => m.type === 'done', 60_000);
    await typeLine(term, 'docker run -it --name shell -v notes:/notes busybox sh', '# ');
    // A TTY: the container's shell echoes and its prompt is `/ # `.
    await typeLine(term, 'echo "written in a tty" > /notes/today.txt', '# ');
    const size = await typeLine(term, 'stty size', '# ');
    expect(size).toContain('30 100');
    term.send({ type: 'resize', cols: 120, rows: 40 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await typeLine(term, 'stty size', '# ')).toContain('40 120');
    term.send({ type: 'input', data: 'exit 3\r' });
    expect(await done).toEqual({
      type: 'done',
      command: 'docker run -it --name shell -v notes:/notes busybox sh',
      exitCode: 3,
    });
    expect(await term.run('docker run --rm -v notes:/notes busybox cat /notes/today.txt')).toEqual({
      output: 'written in a tty\n',
      exitCode: 0,
    });
  });

  it('sends Ctrl-C and Ctrl-D to the program inside a TTY, not to the lab', async () => {
    const done = term.next((m) => m.type === 'done', 60_000);
    await typeLine(term, 'docker run -it --rm busybox sh', '# ');
    await typeLine(term, 'sleep 30', 'sleep 30\r\n');
    const interrupted = await term.type('\x03', '# ');
    expect(interrupted).toContain('^C');
    // The shell exits with the status of its last command, the interrupted sleep.
    term.send({ type: 'input', data: '\x04' });
    expect(await done).toMatchObject({ exitCode: 130 });
  });

  it('attaches docker exec -it to a running container', async () => {
    await term.run('docker run -d --name server -v notes:/notes busybox sleep 300');
    const done = term.next((m) => m.type === 'done', 60_000);
    await typeLine(term, 'docker exec -it server sh', '# ');
    expect(await typeLine(term, 'cat /notes/today.txt', '# ')).toContain('written in a tty');
    term.send({ type: 'input', data: 'exit 5\r' });
    expect(await done).toMatchObject({ command: 'docker exec -it server sh', exitCode: 5 });
  });

  it('feeds cooked lines to docker run -i without a TTY, and Ctrl-D ends its input', async () => {
    const done = term.next((m) => m.type === 'done', 60_000);
    await term.type(
      "docker run -i --rm busybox sh -c 'while read line; do echo got: $line; done; echo bye'\r",
      '\r\n',
    );
    await typeLine(term, 'first', 'got: first');
    term.send({ type: 'input', data: '\x04' });
    await term.waitForOutput('bye');
    expect(await done).toMatchObject({ exitCode: 0 });
  });

  it('stops a foreground container on Ctrl-C when its program handles SIGINT', async () => {
    const done = term.next((m) => m.type === 'done', 60_000);
    await term.type('docker run --rm --init busybox sleep 60\r', '\r\n');
    await new Promise((resolve) => setTimeout(resolve, 500));
    term.send({ type: 'input', data: '\x03' });
    const message = await done;
    expect(message).toMatchObject({ exitCode: 130 });
  });

  it('gives up after three Ctrl-C on a container that ignores SIGINT, leaving it running like the CLI', async () => {
    const done = term.next((m) => m.type === 'done', 60_000);
    await term.type('docker run --name stubborn busybox sleep 60\r', '\r\n');
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let i = 0; i < 3; i++) term.send({ type: 'input', data: '\x03' });
    expect(await done).toMatchObject({ exitCode: 130 });
    expect(term.transcript).toContain('got 3 SIGTERM/SIGINTs, forcefully exiting');
    expect((await term.run("docker ps --format '{{.Names}}' -f name=stubborn")).output).toBe('stubborn\n');
    await term.run('docker rm -f stubborn');
  });

  it('keeps keys typed during a non-interactive run for the next prompt', async () => {
    const first = term.next((m) => m.type === 'done', 60_000);
    term.send({ type: 'run', command: 'docker run --rm busybox sleep 1' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = term.next((m) => m.type === 'done' && m.command === 'docker volume ls -q', 60_000);
    term.send({ type: 'input', data: 'docker volume ls -q\r' });
    expect(await first).toMatchObject({ command: 'docker run --rm busybox sleep 1', exitCode: 0 });
    expect(await second).toMatchObject({ exitCode: 0 });
  });

  it('stops following logs on Ctrl-C', async () => {
    await term.run('docker run -d --name ticker busybox sh -c "while true; do echo tick; sleep 0.2; done"');
    const done = term.next((m) => m.type === 'done', 60_000);
    await term.type('docker logs -f ticker\r', 'tick\r\n');
    term.send({ type: 'input', data: '\x03' });
    expect(await done).toMatchObject({ command: 'docker logs -f ticker', exitCode: 130 });
    await term.run('docker rm -f ticker');
  });

  it('holds back only a bounded amount for a page that stops reading while a container floods it', async () => {
    const flooder = await lab.connect();
    const done = flooder.next((m) => m.type === 'done', 60_000);
    // Attached output is the fast path: a paused page must pause the container's stream.
    flooder.send({ type: 'run', command: 'docker run --rm --init busybox yes' });
    await flooder.waitForOutput('y\r\ny\r\n');
    // Stop reading, as a frozen or slow tab would.
    const socket = (flooder.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    let held = 0;
    for (let i = 0; i < 30; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      held = Math.max(held, lab.lab.bufferedBytes());
    }
    // What the server queues stays near its high-water mark (256 KiB), however long the page waits.
    expect(held).toBeLessThan(2 * 1024 * 1024);
    // Another learner's commands are not slowed by it.
    const started = performance.now();
    expect((await term.run('docker volume ls -q')).exitCode).toBe(0);
    expect(performance.now() - started).toBeLessThan(2000);
    flooder.send({ type: 'input', data: '\x03' });
    socket.resume();
    expect(await done).toMatchObject({ exitCode: 130 });
  });
});
