import { describe, expect, it } from 'vitest';
import { tokenize } from '../../server/shell/tokenize.ts';

describe('tokenize', () => {
  it.each([
    ['docker volume ls', ['docker', 'volume', 'ls']],
    ["docker volume ls --format '{{json .}}'", ['docker', 'volume', 'ls', '--format', '{{json .}}']],
    [
      'docker volume inspect -f "{{index .Labels \\"k\\"}}" v',
      ['docker', 'volume', 'inspect', '-f', '{{index .Labels "k"}}', 'v'],
    ],
    ['docker volume create my\\ vol', ['docker', 'volume', 'create', 'my vol']],
    ['echo \'a"b\' "c\'d"', ['echo', 'a"b', "c'd"]],
    ["echo '$HOME'", ['echo', '$HOME']],
    ['docker volume ls # list them', ['docker', 'volume', 'ls']],
    ['docker volume ls -f name=*', ['docker', 'volume', 'ls', '-f', 'name=*']],
    ['   ', []],
  ])('splits %s', (line, words) => {
    expect(tokenize(line)).toEqual({ ok: true, words });
  });

  it.each([
    ['docker volume ls | grep x', "'|' is not available"],
    ['docker volume ls > out.txt', "'>' is not available"],
    ['docker volume ls; docker ps', "';' is not available"],
    ['docker volume ls && echo ok', "'&&' is not available"],
    ['docker volume create $NAME', 'shell variables ($NAME)'],
    ['docker volume create "unfinished', 'unterminated double quote'],
    ["docker volume create 'unfinished", 'unterminated single quote'],
  ])('refuses %s with a reason', (line, reason) => {
    const result = tokenize(line);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});
