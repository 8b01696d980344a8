import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandFailed, runCommand } from '../../server/storage/command-shells.ts';

const SECOND = 1000;

describe('the shells that run the data quota’s commands', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vl-shells-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs a command to its end', async () => {
    await runCommand(['cp', '-a', '/etc/hostname', join(dir, 'copied')], SECOND * 5);
    expect(await readdir(dir)).toContain('copied');
  });

  it('rejects a failing command with what it printed on stderr', async () => {
    const failure = runCommand(['ls', join(dir, 'no-such-file')], SECOND * 5);
    await expect(failure).rejects.toBeInstanceOf(CommandFailed);
    await expect(failure).rejects.toThrow(/no-such-file.*No such file or directory/);
  });

  it('passes every argument as it is, never as shell syntax', async () => {
    const tricky = `it's $(echo x) "quoted"; * ${'`'}x${'`'} $HOME `;
    await writeFile(join(dir, tricky), 'x');
    await runCommand(['cp', join(dir, tricky), join(dir, `${tricky}.copy`)], SECOND * 5);
    expect(await readdir(dir)).toContain(`${tricky}.copy`);
  });

  it('refuses an argument with a newline, which would split the request', async () => {
    await expect(runCommand(['touch', `${join(dir, 'a')}\n${join(dir, 'b')}`], SECOND)).rejects.toThrow(
      /newline/,
    );
    expect(await readdir(dir)).not.toContain('a');
  });

  it('keeps a command from reading the requests meant for the shell', async () => {
    await runCommand(['cat'], SECOND * 5);
    await runCommand(['true'], SECOND * 5);
  });

  it('kills a command that runs past its time, and runs the next one', async () => {
    await expect(runCommand(['sleep', '30'], 200)).rejects.toThrow(/still running after 200 ms/);
    await runCommand(['true'], SECOND * 5);
  });

  it('runs many commands at once, each to its own answer', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => runCommand(i % 2 ? ['true'] : ['false'], SECOND * 10)),
    );
    expect(results.map((result) => result.status)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? 'fulfilled' : 'rejected')),
    );
  });
});
