/**
 * The names command lines are counted and logged under: one per docker command whatever alias was
 * typed, a few modes that change how long a command lasts, and never a word of the arguments.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, commandName } from '../../server/observability/command-name.ts';
import { tokenize } from '../../server/shell/tokenize.ts';

/** A line as the lab shell splits it. */
function nameOf(line: string): string {
  const tokens = tokenize(line);
  if (!tokens.ok) throw new Error(tokens.reason);
  return commandName(tokens.words);
}

describe('commandName', () => {
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
  ])('%s → %s', (line, name) => {
    expect(nameOf(line)).toBe(name);
  });

  it.each([
    ['docker volume list', 'volume ls'],
    ['docker volume remove data', 'volume rm'],
    ['docker container ps', 'container ls'],
    ['docker container list -a', 'container ls'],
    ['docker container remove web', 'container rm'],
    ['docker image list', 'image ls'],
  ])('the alias %s counts as %s', (line, name) => {
    expect(nameOf(line)).toBe(name);
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
  ])('%s runs in a mode: %s', (line, name) => {
    expect(nameOf(line)).toBe(name);
  });

  it("reads a run's mode from its own flags, not from the container command's", () => {
    // docker run stops parsing flags at the image: these -d and -it belong to sh and ls.
    expect(nameOf('docker run busybox sh -c -d')).toBe('run');
    expect(nameOf('docker run --rm busybox ls -it /')).toBe('run');
  });

  it('names the command of a line that does not parse or asks for help', () => {
    expect(nameOf('docker run --help')).toBe('run');
    expect(nameOf('docker run --no-such-flag busybox')).toBe('run');
    expect(nameOf('docker volume create --help')).toBe('volume create');
    expect(nameOf('docker volume --help ls')).toBe('volume ls');
  });

  it('names the docker root and groups alone', () => {
    expect(commandName(['docker'])).toBe('docker');
    expect(nameOf('docker --help')).toBe('docker');
    expect(nameOf('docker help')).toBe('docker');
    expect(nameOf('docker volume')).toBe('volume');
    expect(nameOf('docker container --help')).toBe('container');
  });

  it("names the lab's built-ins", () => {
    expect(nameOf('help')).toBe('help');
    expect(nameOf('clear')).toBe('clear');
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
  ])('counts %s as other', (line) => {
    expect(nameOf(line)).toBe('other');
  });

  it('never carries a word of the arguments', () => {
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
      const name = commandName(words);
      expect(name).not.toContain(secret);
      expect(name).not.toMatch(/hunter|SECRET|PASSWORD/);
    }
  });

  it('only ever returns one of a small, fixed set of names', () => {
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
    for (const line of samples) expect(COMMAND_NAMES.has(nameOf(line))).toBe(true);
    for (const name of COMMAND_NAMES) expect(name).toMatch(/^[a-z]+( [a-z]+)?( -[a-z]+)?$/);
  });
});
