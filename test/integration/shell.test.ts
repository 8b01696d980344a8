import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../harness/lab-client.ts';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { SUPPORTED } from '../../server/commands/lab-help.ts';
import { PROMPT } from '../../server/shell/terminal-shell.ts';

describe('the lab shell', () => {
  let lab: LabFixture;
  let term: LabClient;
  beforeAll(async () => {
    lab = await startLabFixture();
    term = await lab.connect();
    await term.run('docker volume create photos');
    await term.run('docker volume create --label app=blog posts');
  });
  afterAll(() => lab.stop());

  it('completes programs, subcommands, flags and the session’s volume names', async () => {
    expect(await term.type('doc\t', 'docker ')).toContain('docker ');
    expect(await term.type('vol\t', 'volume ')).toContain('volume ');
    expect(await term.type('ins\t', 'inspect ')).toContain('inspect ');
    expect(await term.type('ph\t', 'photos ')).toContain('photos ');
    const done = term.next((m) => m.type === 'done');
    term.send({ type: 'input', data: '\r' });
    expect(await done).toEqual({ type: 'done', command: 'docker volume inspect photos', exitCode: 0 });
    // Two candidates: both are listed, as bash lists them.
    await term.type('docker volume ls --f\t\t', '--format');
    expect(term.transcript).toMatch(/--filter\s+--format/);
    await term.type('\x03', PROMPT);
  });

  it('completes the session’s container names for container commands', async () => {
    await term.run('docker run -d --name webserver busybox sleep 60');
    expect(await term.type('docker stop web\t', 'webserver ')).toContain('webserver ');
    const done = term.next((m) => m.type === 'done');
    term.send({ type: 'input', data: '-t 0\r' });
    expect(await done).toMatchObject({ command: 'docker stop webserver -t 0', exitCode: 0 });
    await term.run('docker rm webserver');
  });

  it('recalls history with the arrow keys and edits with left, backspace and insertion', async () => {
    await term.run('docker volume inspect -f x photos');
    await term.run('docker volume ls -q');
    await term.type('\x1b[A\x1b[A', 'photos');
    // Cursor back over `photos`, rub out the `x ` template argument's `x`, type a real template.
    await term.type('\x1b[D'.repeat(7), '\x1b[');
    await term.type('\x7f{{.Name}}', '{{.Name}}');
    const done = term.next((m) => m.type === 'done');
    term.send({ type: 'input', data: '\r' });
    expect(await done).toEqual({
      type: 'done',
      command: 'docker volume inspect -f {{.Name}} photos',
      exitCode: 0,
    });
  });

  it('runs a pasted block line by line, each at its own prompt', async () => {
    const start = term.transcript.length;
    const from = term.messages.length;
    const finished = () =>
      term.messages.slice(from).flatMap((message) => (message.type === 'done' ? [message.command] : []));
    // Checked against every message as it arrives: several can come in one network read.
    const allDone = term.next(() => finished().length === 3);
    term.send({
      type: 'input',
      data: 'docker volume create pasted-a\r\ndocker volume create pasted-b\ndocker volume ls -q\r',
    });
    await allDone;
    expect(finished()).toEqual([
      'docker volume create pasted-a',
      'docker volume create pasted-b',
      'docker volume ls -q',
    ]);
    const shown = stripVTControlCharacters(term.transcript.slice(start));
    expect(shown).toContain('pasted-a\r\n');
    expect(shown.indexOf('docker volume create pasted-b')).toBeGreaterThan(shown.indexOf('pasted-a\r\n'));
    expect(shown).toContain('pasted-a\r\npasted-b\r\nphotos\r\nposts\r\n');
  });

  it('cancels the line with Ctrl-C and keeps going', async () => {
    const shown = await term.type('docker volume rm photos\x03', PROMPT);
    expect(shown).toContain('^C\r\n');
    expect((await term.run('docker volume ls -q')).output).toContain('photos');
  });

  it('asks before pruning and does nothing unless told yes', async () => {
    const asked = await term.type('docker volume prune\r', '[y/N] ');
    expect(asked).toContain(
      'WARNING! This will remove all local volumes not used by at least one container.',
    );
    const declined = term.next((m) => m.type === 'done');
    term.send({ type: 'input', data: 'n\r' });
    expect(await declined).toMatchObject({ exitCode: 0 });
    expect((await term.run('docker volume ls -q')).output).toContain('photos');

    await term.type('docker volume prune --filter label=app=blog\r', '[y/N] ');
    const pruned = term.next((m) => m.type === 'done');
    const output = term.waitForOutput('Total reclaimed space: 0B');
    term.send({ type: 'input', data: 'y\r' });
    await output;
    expect(await pruned).toMatchObject({ exitCode: 0 });
    expect(term.transcript).toContain('Deleted Volumes:\r\nposts\r\n\r\nTotal reclaimed space: 0B');
  });

  it('clears the screen with clear and Ctrl-L', async () => {
    expect((await term.run('clear')).output).toContain('\x1b[2J');
    expect(await term.type('\x0c', PROMPT)).toContain('\x1b[0J');
  });

  it('keeps the shell open on Ctrl-D and says so', async () => {
    expect(await term.type('\x04', PROMPT)).toContain('This lab shell stays open');
  });

  it('explains what it cannot run, never silently', async () => {
    expect(await term.run('ls -la')).toEqual({
      output: `volume-lab: ls: command not found; ${SUPPORTED}\n`,
      exitCode: 127,
    });
    expect(await term.run('docker pull alpine')).toEqual({
      output: `volume-lab: 'docker pull' is not available in this lab; ${SUPPORTED}\n`,
      exitCode: 1,
    });
    expect(await term.run('docker run -v /:/host busybox')).toEqual({
      output:
        'volume-lab: -v /:/host is not available in this sandbox: host paths (bind mounts) reach outside your sandbox; mount a named volume instead, like -v mydata:/host\n',
      exitCode: 125,
    });
    expect(await term.run('docker volume ls | grep x')).toMatchObject({ exitCode: 2 });
    expect((await term.run('docker volume create -o type=none -o o=bind -o device=/etc etc')).output).toBe(
      'volume-lab: -o/--opt is not available in this sandbox: local-driver options mount host paths and devices as root\n',
    );
    expect((await term.run('help')).output).toContain('docker volume create');
  });
});
