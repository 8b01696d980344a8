/**
 * The names command lines are counted and logged under, as dispatch hands them back with what it ran:
 * one per docker command whatever alias was typed, a few modes that change how long a command lasts,
 * and never a word of the arguments.
 */
import { describe, expect, it } from 'vitest';
import { type CommandContext, CommandFailed } from '../../server/commands/context.ts';
import { runCommand } from '../../server/commands/dispatch.ts';
import { CLI_API_VERSION } from '../../server/commands/engine-info.ts';
import { loadConfig, sandboxLimits } from '../../server/config.ts';
import { COMMAND_NAMES } from '../../server/observability/command-name.ts';
import { createNamespace } from '../../server/sandbox/namespace.ts';
import { tokenize } from '../../server/shell/tokenize.ts';

/**
 * An engine that tells its version and fails every other call: a command is named before its handler
 * reaches the engine, and one that fails there is named by the failure it throws.
 */
function contextWith(version: () => Promise<{ ApiVersion: string }>): CommandContext {
  return {
    ns: createNamespace('a1b2c3d4e5f6'),
    limits: sandboxLimits(loadConfig({})),
    cols: 80,
    rows: 24,
    signal: new AbortController().signal,
    engine: { version, swarmStatus: async () => undefined },
    containers: {},
    quota: { remeasure: async () => {} },
    locks: { run: <T>(_id: string, task: () => Promise<T>) => task() },
    stdout() {},
    stderr() {},
    clearScreen() {},
  } as unknown as CommandContext;
}

const answering = contextWith(async () => ({ ApiVersion: CLI_API_VERSION }));

/** The name dispatch gives the words it ran, or the one its failure carries. */
async function commandOf(words: string[], context = answering): Promise<string> {
  try {
    return (await runCommand(words, context)).command;
  } catch (error) {
    if (error instanceof CommandFailed) return error.command;
    throw error;
  }
}

/** A line as the lab shell splits it. */
function nameOf(line: string): Promise<string> {
  const tokens = tokenize(line);
  if (!tokens.ok) throw new Error(tokens.reason);
  return commandOf(tokens.words);
}

describe('the name dispatch gives a command line', () => {
  it.each([
    ['docker volume create x', 'volume create'],
    ['docker volume create --label a=b', 'volume create'],
    ['docker volume ls -q', 'volume ls'],
    ['docker volume inspect -f {{.Name}} data', 'volume inspect'],
    ['docker container ls', 'container ls'],
    ['docker ps -a', 'ps'],
    ['docker images', 'images'],
    ['docker image ls', 'image ls'],
    ['docker rm -f web', 'rm'],
    ['docker container prune -f', 'container prune'],
    ['docker version', 'version'],
    ['docker inspect web', 'inspect'],
  ])('%s → %s', async (line, name) => {
    expect(await nameOf(line)).toBe(name);
  });

  it.each([
    ['docker volume list', 'volume ls'],
    ['docker volume remove data', 'volume rm'],
    ['docker container ps', 'container ls'],
    ['docker container list -a', 'container ls'],
    ['docker container remove web', 'container rm'],
    ['docker image list', 'image ls'],
  ])('the alias %s counts as %s', async (line, name) => {
    expect(await nameOf(line)).toBe(name);
  });

  it.each([
    ['docker run --rm -v a:/b busybox ls', 'run'],
    ['docker run -d -v data:/data busybox sleep 60', 'run -d'],
    ['docker run --detach busybox true', 'run -d'],
    ['docker run -dit busybox sh', 'run -d'],
    ['docker run -it --rm busybox sh', 'run -it'],
    ['docker run -i busybox cat', 'run -it'],
    ['docker container run -d busybox true', 'container run -d'],
    ['docker exec -it web sh', 'exec -it'],
    ['docker exec -d web touch /x', 'exec -d'],
    ['docker exec web ls', 'exec'],
    ['docker logs -f web', 'logs -f'],
    ['docker logs web', 'logs'],
    ['docker start -a web', 'start -a'],
    ['docker start web', 'start'],
  ])('%s runs in a mode: %s', async (line, name) => {
    expect(await nameOf(line)).toBe(name);
  });

  it("reads a run's mode from its own flags, not from the container command's", async () => {
    // docker run stops parsing flags at the image: these -d and -it belong to sh and ls.
    expect(await nameOf('docker run busybox sh -c -d')).toBe('run');
    expect(await nameOf('docker run --rm busybox ls -it /')).toBe('run');
  });

  it('names the command of a line that does not parse or asks for help', async () => {
    expect(await nameOf('docker run --help')).toBe('run');
    expect(await nameOf('docker run --no-such-flag busybox')).toBe('run');
    expect(await nameOf('docker volume create --help')).toBe('volume create');
    expect(await nameOf('docker volume --help ls')).toBe('volume ls');
  });

  it('names the docker root and groups alone', async () => {
    expect(await commandOf(['docker'])).toBe('docker');
    expect(await nameOf('docker --help')).toBe('docker');
    expect(await nameOf('docker help')).toBe('docker');
    expect(await nameOf('docker volume')).toBe('volume');
    expect(await nameOf('docker container --help')).toBe('container');
  });

  it("names the lab's built-ins", async () => {
    expect(await nameOf('help')).toBe('help');
    expect(await nameOf('clear')).toBe('clear');
  });

  it.each([
    'ls -la',
    'exit',
    'cat /etc/passwd',
    'docker build .',
    'docker network ls',
    'docker -H tcp://10.0.0.1:2375 ps',
    'docker volume frobnicate data',
    'docker Run busybox',
    'DOCKER ps',
  ])('counts %s as other', async (line) => {
    expect(await nameOf(line)).toBe('other');
  });

  it('never carries a word of the arguments', async () => {
    const secret = 'hunter2-SECRET';
    const lines = [
      ['docker', 'run', '-e', `PASSWORD=${secret}`, 'busybox', 'echo', secret],
      ['docker', 'volume', 'create', secret],
      ['docker', 'exec', secret, 'sh', '-c', `echo ${secret} > /data/key`],
      ['docker', 'volume', secret],
      ['docker', secret],
      [secret, 'docker'],
      ['docker', 'run', `--name=${secret}`, 'busybox'],
    ];
    for (const words of lines) {
      const name = await commandOf(words);
      expect(name).not.toContain(secret);
      expect(name).not.toMatch(/hunter|SECRET|PASSWORD/);
    }
  });

  it('only ever returns one of a small, fixed set of names', async () => {
    expect(COMMAND_NAMES.size).toBeLessThan(80);
    const samples = [
      'docker run -dit busybox',
      'docker volume list',
      'docker container ps',
      'docker',
      'help',
      'nonsense here',
      'docker volume bogus',
    ];
    for (const line of samples) expect(COMMAND_NAMES.has(await nameOf(line))).toBe(true);
    for (const name of COMMAND_NAMES) expect(name).toMatch(/^[a-z]+( [a-z]+)?( -[a-z]+)?$/);
  });

  it('names a command that failed by what it was running, in no mode before the grammar ran', async () => {
    const down = contextWith(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    });
    const failure = await runCommand(['docker', 'volume', 'ls'], down).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CommandFailed);
    expect((failure as CommandFailed).command).toBe('volume ls');
    expect(((failure as CommandFailed).cause as Error).message).toBe('connect ECONNREFUSED');
    expect(await commandOf(['docker', 'run', '-d', 'busybox'], down)).toBe('run');
    // Once the grammar has run, the failure carries the mode it ran in.
    expect(await commandOf(['docker', 'run', '-d', 'busybox'])).toBe('run -d');
  });
});
