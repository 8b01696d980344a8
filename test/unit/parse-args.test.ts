/**
 * Expected texts were captured from the real docker CLI 28.2.2 against a 20.10 engine
 * (API 1.41); the unit tests never run docker themselves.
 */
import { describe, expect, it } from 'vitest';
import type { EngineInfo } from '../../server/cli/command-spec.ts';
import {
  parseCommandArgs,
  parseGroupArgs,
  scanFlags,
  unknownRootCommand,
} from '../../server/cli/parse-args.ts';
import {
  volumeCreate,
  volumeGroup,
  volumeInspect,
  volumeList,
  volumePrune,
  volumeRemove,
} from '../../server/cli/volume-commands.ts';

const engine: EngineInfo = { apiVersion: '1.41' };

/** [argv after `docker volume`, stdout, stderr, exit code] as the real CLI produced them. */
const captured: ReadonlyArray<readonly [readonly string[], string, string, number]> = [
  [
    ['ls', '--bogus'],
    '',
    "unknown flag: --bogus\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '-z'],
    '',
    "unknown shorthand flag: 'z' in -z\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', 'x'],
    '',
    "docker: 'docker volume ls' accepts no arguments\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    1,
  ],
  [
    ['inspect'],
    '',
    "docker: 'docker volume inspect' requires at least 1 argument\n\nUsage:  docker volume inspect [OPTIONS] VOLUME [VOLUME...]\n\nSee 'docker volume inspect --help' for more information\n",
    1,
  ],
  [
    ['create', 'a', 'b'],
    '',
    "docker: 'docker volume create' requires at most 1 argument\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nSRun 'docker volume create --help' for more information\n",
    1,
  ],
  [
    ['foo'],
    '',
    "docker: unknown command: docker volume foo\n\nUsage:  docker volume COMMAND\n\nRun 'docker volume --help' for more information\n",
    1,
  ],
  [
    [],
    '',
    "Usage:  docker volume COMMAND\n\nManage volumes\n\nCommands:\n  create      Create a volume\n  inspect     Display detailed information on one or more volumes\n  ls          List volumes\n  prune       Remove unused local volumes\n  rm          Remove one or more volumes\n\nRun 'docker volume COMMAND --help' for more information on a command.\n",
    0,
  ],
  [
    ['ls', '--format'],
    '',
    "flag needs an argument: --format\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '-f'],
    '',
    "flag needs an argument: 'f' in -f\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '--quiet=maybe'],
    '',
    'invalid argument "maybe" for "-q, --quiet" flag: strconv.ParseBool: parsing "maybe": invalid syntax\n\nUsage:  docker volume ls [OPTIONS]\n\nRun \'docker volume ls --help\' for more information\n',
    125,
  ],
  [
    ['ls', '-q=maybe'],
    '',
    'invalid argument "maybe" for "-q, --quiet" flag: strconv.ParseBool: parsing "maybe": invalid syntax\n\nUsage:  docker volume ls [OPTIONS]\n\nRun \'docker volume ls --help\' for more information\n',
    125,
  ],
  [
    ['ls', '-h'],
    "Flag shorthand -h has been deprecated, use --help\nUsage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -q, --quiet           Only display volume names\n",
    '',
    0,
  ],
  [
    ['ls', '--help', 'x'],
    "Usage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -q, --quiet           Only display volume names\n",
    '',
    0,
  ],
  [
    ['ls', '--help', '--bogus'],
    '',
    "unknown flag: --bogus\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '--bogus', '--help'],
    '',
    "unknown flag: --bogus\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', 'x', '--help'],
    "Usage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -q, --quiet           Only display volume names\n",
    '',
    0,
  ],
  [
    ['--help', 'ls'],
    "Usage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -q, --quiet           Only display volume names\n",
    '',
    0,
  ],
  [
    ['ls', '--help=false', 'x'],
    '',
    "docker: 'docker volume ls' accepts no arguments\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    1,
  ],
  [
    ['ls', '-qz'],
    '',
    "unknown shorthand flag: 'z' in -z\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '-zq'],
    '',
    "unknown shorthand flag: 'z' in -zq\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '---x'],
    '',
    "bad flag syntax: ---x\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '--=x'],
    '',
    "bad flag syntax: --=x\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '-'],
    '',
    "docker: 'docker volume ls' accepts no arguments\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    1,
  ],
  [
    ['ls', '--', '-q'],
    '',
    "docker: 'docker volume ls' accepts no arguments\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    1,
  ],
  [
    ['ls', '-f', 'nodash'],
    '',
    'invalid argument "nodash" for "-f, --filter" flag: bad format of filter (expected name=value)\n\nUsage:  docker volume ls [OPTIONS]\n\nRun \'docker volume ls --help\' for more information\n',
    125,
  ],
  [
    ['ls', '-qf'],
    '',
    "flag needs an argument: 'f' in -f\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [['prune', '-a'], '', '"--all" requires API version 1.42, but the Docker daemon API version is 1.41\n', 1],
  [
    ['prune', '-a', '--bogus'],
    '',
    '"--all" requires API version 1.42, but the Docker daemon API version is 1.41\n',
    1,
  ],
  [
    ['prune', '-a', 'x'],
    '',
    '"--all" requires API version 1.42, but the Docker daemon API version is 1.41\n',
    1,
  ],
  [
    ['prune', 'x'],
    '',
    "docker: 'docker volume prune' accepts no arguments\n\nUsage:  docker volume prune [OPTIONS]\n\nRun 'docker volume prune --help' for more information\n",
    1,
  ],
  [
    ['prune', '--all=false', 'x'],
    '',
    '"--all" requires API version 1.42, but the Docker daemon API version is 1.41\n',
    1,
  ],
  [
    ['create', '--group', 'x', 'a'],
    '',
    '"--group" requires API version 1.42, but the Docker daemon API version is 1.41\n',
    1,
  ],
  [
    ['create', '--label', '=v', 'zzlabtest2'],
    '',
    'invalid argument "=v" for "--label" flag: invalid label \'=v\': empty name\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun \'docker volume create --help\' for more information\n',
    125,
  ],
  [
    ['create', '--limit-bytes', 'abc'],
    '',
    'invalid argument "abc" for "--limit-bytes" flag: invalid size: \'abc\'\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun \'docker volume create --help\' for more information\n',
    125,
  ],
  [
    ['update'],
    '',
    'docker volume update requires API version 1.42, but the Docker daemon API version is 1.41\n',
    1,
  ],
  [
    ['update', '--help'],
    'docker volume update requires API version 1.42, but the Docker daemon API version is 1.41\n',
    '',
    0,
  ],
  [
    ['lss'],
    '',
    "docker: unknown command: docker volume lss\n\nUsage:  docker volume COMMAND\n\nRun 'docker volume --help' for more information\n",
    1,
  ],
  [
    ['list', 'x'],
    '',
    "docker: 'docker volume ls' accepts no arguments\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    1,
  ],
  [
    ['remove'],
    '',
    "docker: 'docker volume rm' requires at least 1 argument\n\nUsage:  docker volume rm [OPTIONS] VOLUME [VOLUME...]\n\nSee 'docker volume rm --help' for more information\n",
    1,
  ],
  [
    ['rm'],
    '',
    "docker: 'docker volume rm' requires at least 1 argument\n\nUsage:  docker volume rm [OPTIONS] VOLUME [VOLUME...]\n\nSee 'docker volume rm --help' for more information\n",
    1,
  ],
  [
    ['--bogus'],
    '',
    "unknown flag: --bogus\n\nUsage:  docker volume COMMAND\n\nRun 'docker volume --help' for more information\n",
    125,
  ],
  [
    ['--bogus', 'ls'],
    '',
    "unknown flag: --bogus\n\nUsage:  docker volume COMMAND\n\nRun 'docker volume --help' for more information\n",
    125,
  ],
  [
    ['-q', 'ls'],
    '',
    "unknown shorthand flag: 'q' in -q\n\nUsage:  docker volume COMMAND\n\nRun 'docker volume --help' for more information\n",
    125,
  ],
  [
    ['inspect', '--help'],
    "Usage:  docker volume inspect [OPTIONS] VOLUME [VOLUME...]\n\nDisplay detailed information on one or more volumes\n\nOptions:\n  -f, --format string   Format output using a custom template:\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n",
    '',
    0,
  ],
  [
    ['ls', '--cluster'],
    '',
    '"--cluster" requires API version 1.42, but the Docker daemon API version is 1.41\n',
    1,
  ],
  [
    ['ls', '--quiet=', 'x'],
    '',
    'invalid argument "" for "-q, --quiet" flag: strconv.ParseBool: parsing "": invalid syntax\n\nUsage:  docker volume ls [OPTIONS]\n\nRun \'docker volume ls --help\' for more information\n',
    125,
  ],
  [
    ['ls', '--quiet', 'false'],
    '',
    "docker: 'docker volume ls' accepts no arguments\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    1,
  ],
  [
    ['help'],
    '',
    "docker: unknown command: docker volume help\n\nUsage:  docker volume COMMAND\n\nRun 'docker volume --help' for more information\n",
    1,
  ],
  [
    ['help', 'ls'],
    '',
    "docker: unknown command: docker volume help\n\nUsage:  docker volume COMMAND\n\nRun 'docker volume --help' for more information\n",
    1,
  ],
  [
    ['ls', 'help'],
    '',
    "docker: 'docker volume ls' accepts no arguments\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    1,
  ],
  [
    ['ls', '-h', '--bogus'],
    '',
    "unknown flag: --bogus\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '-qh'],
    "Flag shorthand -h has been deprecated, use --help\nUsage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -q, --quiet           Only display volume names\n",
    '',
    0,
  ],
  [
    ['ls', '--help=foo'],
    '',
    'invalid argument "foo" for "--help" flag: strconv.ParseBool: parsing "foo": invalid syntax\n\nUsage:  docker volume ls [OPTIONS]\n\nRun \'docker volume ls --help\' for more information\n',
    125,
  ],
  [
    ['ls', '--help=true'],
    "Usage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -q, --quiet           Only display volume names\n",
    '',
    0,
  ],
  [
    ['prune', '-a', '--help'],
    '"--all" requires API version 1.42, but the Docker daemon API version is 1.41\n',
    '',
    0,
  ],
  [
    ['prune', '--help', '-a'],
    '"--all" requires API version 1.42, but the Docker daemon API version is 1.41\n',
    '',
    0,
  ],
  [
    ['foo', '--help'],
    "Usage:  docker volume COMMAND\n\nManage volumes\n\nCommands:\n  create      Create a volume\n  inspect     Display detailed information on one or more volumes\n  ls          List volumes\n  prune       Remove unused local volumes\n  rm          Remove one or more volumes\n\nRun 'docker volume COMMAND --help' for more information on a command.\n",
    '',
    0,
  ],
  [
    ['--help', 'foo'],
    "Usage:  docker volume COMMAND\n\nManage volumes\n\nCommands:\n  create      Create a volume\n  inspect     Display detailed information on one or more volumes\n  ls          List volumes\n  prune       Remove unused local volumes\n  rm          Remove one or more volumes\n\nRun 'docker volume COMMAND --help' for more information on a command.\n",
    '',
    0,
  ],
  [
    ['-h'],
    "Flag shorthand -h has been deprecated, use --help\nUsage:  docker volume COMMAND\n\nManage volumes\n\nCommands:\n  create      Create a volume\n  inspect     Display detailed information on one or more volumes\n  ls          List volumes\n  prune       Remove unused local volumes\n  rm          Remove one or more volumes\n\nRun 'docker volume COMMAND --help' for more information on a command.\n",
    '',
    0,
  ],
  [
    ['inspect', '-f'],
    '',
    "flag needs an argument: 'f' in -f\n\nUsage:  docker volume inspect [OPTIONS] VOLUME [VOLUME...]\n\nRun 'docker volume inspect --help' for more information\n",
    125,
  ],
  [
    ['rm', '-f'],
    '',
    "docker: 'docker volume rm' requires at least 1 argument\n\nUsage:  docker volume rm [OPTIONS] VOLUME [VOLUME...]\n\nSee 'docker volume rm --help' for more information\n",
    1,
  ],
  [
    ['create', '-q'],
    '',
    "unknown shorthand flag: 'q' in -q\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun 'docker volume create --help' for more information\n",
    125,
  ],
  [
    ['create', '--label', '', 'zz'],
    '',
    'invalid argument "" for "--label" flag: invalid label \'\': empty name\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun \'docker volume create --help\' for more information\n',
    125,
  ],
  [
    ['create', '--label', ' =x', 'zz'],
    '',
    'invalid argument " =x" for "--label" flag: invalid label \' =x\': empty name\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun \'docker volume create --help\' for more information\n',
    125,
  ],
  [
    ['create', '--label', 'a b=c', '--bogus'],
    '',
    'invalid argument "a b=c" for "--label" flag: label \'a b\' contains whitespaces\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun \'docker volume create --help\' for more information\n',
    125,
  ],
  [
    ['create', '--limit-bytes', '1k', '--bogus'],
    '',
    '"--limit-bytes" requires API version 1.42, but the Docker daemon API version is 1.41\n',
    1,
  ],
  [
    ['create', '--limit-bytes', '', '--bogus'],
    '',
    'invalid argument "" for "--limit-bytes" flag: invalid size: \'\'\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun \'docker volume create --help\' for more information\n',
    125,
  ],
  [
    ['create', '-d'],
    '',
    "flag needs an argument: 'd' in -d\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun 'docker volume create --help' for more information\n",
    125,
  ],
  [
    ['create', '-dlocal', '-o', 'x', '--bogus'],
    '',
    "unknown flag: --bogus\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun 'docker volume create --help' for more information\n",
    125,
  ],
  [
    ['ls', '-f', '', '--bogus'],
    '',
    "unknown flag: --bogus\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '--filter=dangling=true', '--bogus'],
    '',
    "unknown flag: --bogus\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '--QUIET'],
    '',
    "unknown flag: --QUIET\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '--bogus=1'],
    '',
    "unknown flag: --bogus\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '-5'],
    '',
    "unknown shorthand flag: '5' in -5\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', ''],
    '',
    "docker: 'docker volume ls' accepts no arguments\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    1,
  ],
  [
    ['ls', '-q', '-q', '--quiet=1', '--quiet=T', '--quiet=FALSE', '--quiet=True', '--format', 'x', '--bogus'],
    '',
    "unknown flag: --bogus\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '--quiet=yes'],
    '',
    'invalid argument "yes" for "-q, --quiet" flag: strconv.ParseBool: parsing "yes": invalid syntax\n\nUsage:  docker volume ls [OPTIONS]\n\nRun \'docker volume ls --help\' for more information\n',
    125,
  ],
  [
    ['ls', '--quiet=0', '--bogus'],
    '',
    "unknown flag: --bogus\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '-q-'],
    '',
    "unknown shorthand flag: '-' in --\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '-q='],
    '',
    "unknown shorthand flag: '=' in -=\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['create', '--name=', '--bogus'],
    '',
    "unknown flag: --bogus\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun 'docker volume create --help' for more information\n",
    125,
  ],
  [
    ['inspect', '-fx', '--bogus'],
    '',
    "unknown flag: --bogus\n\nUsage:  docker volume inspect [OPTIONS] VOLUME [VOLUME...]\n\nRun 'docker volume inspect --help' for more information\n",
    125,
  ],
  [
    ['--', 'ls'],
    '',
    "docker: unknown command: docker volume ls\n\nUsage:  docker volume COMMAND\n\nRun 'docker volume --help' for more information\n",
    1,
  ],
  [
    ['update', '--bogus'],
    '',
    'docker volume update requires API version 1.42, but the Docker daemon API version is 1.41\n',
    1,
  ],
  [
    ['update', 'a', 'b'],
    '',
    'docker volume update requires API version 1.42, but the Docker daemon API version is 1.41\n',
    1,
  ],
  [
    ['ls', '--cluster=false'],
    '',
    '"--cluster" requires API version 1.42, but the Docker daemon API version is 1.41\n',
    1,
  ],
  [
    ['ls', '--cluster', '--quiet=x'],
    '',
    '"--cluster" requires API version 1.42, but the Docker daemon API version is 1.41\n',
    1,
  ],
  [
    ['create', '--group'],
    '',
    "flag needs an argument: --group\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun 'docker volume create --help' for more information\n",
    125,
  ],
  [
    ['create', '--type=x', '--scope=y', 'zz'],
    '',
    '"--scope" requires API version 1.42, but the Docker daemon API version is 1.41\n"--type" requires API version 1.42, but the Docker daemon API version is 1.41\n',
    1,
  ],
  [
    ['prune', '--filter'],
    '',
    "flag needs an argument: --filter\n\nUsage:  docker volume prune [OPTIONS]\n\nRun 'docker volume prune --help' for more information\n",
    125,
  ],
  [
    ['prune', '--filter', 'x'],
    '',
    'invalid argument "x" for "--filter" flag: bad format of filter (expected name=value)\n\nUsage:  docker volume prune [OPTIONS]\n\nRun \'docker volume prune --help\' for more information\n',
    125,
  ],
  [
    ['prune', '--all', '--filter', 'x'],
    '',
    '"--all" requires API version 1.42, but the Docker daemon API version is 1.41\n',
    1,
  ],
  [
    ['ls', '--format', '--', 'x'],
    '',
    "docker: 'docker volume ls' accepts no arguments\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    1,
  ],
  [
    ['ls', '--filter', '-q'],
    '',
    'invalid argument "-q" for "-f, --filter" flag: bad format of filter (expected name=value)\n\nUsage:  docker volume ls [OPTIONS]\n\nRun \'docker volume ls --help\' for more information\n',
    125,
  ],
  [
    ['-h', 'ls'],
    "Flag shorthand -h has been deprecated, use --help\nFlag shorthand -h has been deprecated, use --help\nFlag shorthand -h has been deprecated, use --help\nUsage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -q, --quiet           Only display volume names\n",
    '',
    0,
  ],
  [
    ['x', 'ls'],
    '',
    "docker: unknown command: docker volume x\n\nUsage:  docker volume COMMAND\n\nRun 'docker volume --help' for more information\n",
    1,
  ],
  [
    ['--help=x', 'ls'],
    '',
    'invalid argument "x" for "--help" flag: strconv.ParseBool: parsing "x": invalid syntax\n',
    1,
  ],
  [['--bogus=1', 'ls'], '', 'unknown flag: --bogus\n', 1],
  [
    ['list', '--help'],
    "Usage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -q, --quiet           Only display volume names\n",
    '',
    0,
  ],
  [
    ['remove', '--help'],
    'Usage:  docker volume rm [OPTIONS] VOLUME [VOLUME...]\n\nRemove one or more volumes. You cannot remove a volume that is in use by a container.\n\nAliases:\n  docker volume rm, docker volume remove\n\nOptions:\n  -f, --force   Force the removal of one or more volumes\n',
    '',
    0,
  ],
  [
    ['inspect', '-h', '--format'],
    '',
    "flag needs an argument: --format\n\nUsage:  docker volume inspect [OPTIONS] VOLUME [VOLUME...]\n\nRun 'docker volume inspect --help' for more information\n",
    125,
  ],
  [
    ['ls', '-é'],
    '',
    "unknown shorthand flag: 'Ã' in -é\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n",
    125,
  ],
  [
    ['ls', '--quiet=a"b\t'],
    '',
    'invalid argument "a\\"b\\t" for "-q, --quiet" flag: strconv.ParseBool: parsing "a\\"b\\t": invalid syntax\n\nUsage:  docker volume ls [OPTIONS]\n\nRun \'docker volume ls --help\' for more information\n',
    125,
  ],
  [
    ['create', '--limit-bytes', '1x'],
    '',
    'invalid argument "1x" for "--limit-bytes" flag: invalid suffix: \'x\'\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun \'docker volume create --help\' for more information\n',
    125,
  ],
  [
    ['create', '--limit-bytes', '1.2.3'],
    '',
    'invalid argument "1.2.3" for "--limit-bytes" flag: strconv.ParseFloat: parsing "1.2.3": invalid syntax\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun \'docker volume create --help\' for more information\n',
    125,
  ],
  [
    ['create', '--limit-bytes', '-1'],
    '',
    'invalid argument "-1" for "--limit-bytes" flag: invalid size: \'-1\'\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun \'docker volume create --help\' for more information\n',
    125,
  ],
  [
    ['create', '--limit-bytes', '1KIBB'],
    '',
    'invalid argument "1KIBB" for "--limit-bytes" flag: invalid suffix: \'KIBB\'\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun \'docker volume create --help\' for more information\n',
    125,
  ],
  [
    ['-h', 'ls', '-h'],
    "Flag shorthand -h has been deprecated, use --help\nFlag shorthand -h has been deprecated, use --help\nFlag shorthand -h has been deprecated, use --help\nFlag shorthand -h has been deprecated, use --help\nUsage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -q, --quiet           Only display volume names\n",
    '',
    0,
  ],
  [
    ['ls', '-q', '-f=x=y', '-qh'],
    "Flag shorthand -h has been deprecated, use --help\nUsage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n                        (default )\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -q, --quiet           Only display volume names\n",
    '',
    0,
  ],
];

describe('parseGroupArgs reproduces the real CLI byte for byte', () => {
  it.each(captured)('docker volume %j', (argv, stdout, stderr, exitCode) => {
    const outcome = parseGroupArgs(volumeGroup, argv, { engine });
    expect(outcome).toEqual({ kind: 'exit', stdout, stderr, exitCode });
  });
});

describe('parseGroupArgs: command lines that run', () => {
  const run = (argv: string[]) => {
    const outcome = parseGroupArgs(volumeGroup, argv, { engine });
    if (outcome.kind !== 'run') throw new Error(`expected run, got ${JSON.stringify(outcome)}`);
    return outcome;
  };

  it('docker volume ls -q -f dangling=true', () => {
    const { command, flags, args, stdout } = run(['ls', '-q', '-f', 'dangling=true']);
    expect(command).toBe(volumeList);
    expect(flags.bool('quiet')).toBe(true);
    expect(flags.stringArray('filter')).toEqual(['dangling=true']);
    expect(flags.string('format')).toBe('');
    expect(flags.changedNames()).toEqual(['filter', 'quiet']);
    expect(args).toEqual([]);
    expect(stdout).toBe('');
  });

  it('-q=false, attached short values and --format= (empty)', () => {
    expect(run(['ls', '-q=false', '--format', '{{.Name}}']).flags.bool('quiet')).toBe(false);
    const f = run(['ls', '-fdangling=true', '-q', '--format', 'x', '--filter=name=a']).flags;
    expect(f.stringArray('filter')).toEqual(['dangling=true', 'name=a']);
    expect(f.string('format')).toBe('x');
    const empty = run(['list', '--format=']).flags;
    expect(empty.changed('format')).toBe(true);
    expect(empty.string('format')).toBe('');
  });

  it('-f= gives the filter the value "=" (the daemon then rejects the empty name)', () => {
    expect(run(['ls', '-f=']).flags.stringArray('filter')).toEqual(['=']);
  });

  it('a bare -- is a terminator and later words are positional', () => {
    expect(run(['ls', '--']).args).toEqual([]);
    expect(run(['inspect', '--', '-x']).args).toEqual(['-x']);
    expect(run(['rm', 'x', '--', '--bogus']).args).toEqual(['x', '--bogus']);
  });

  it('string flags take the next word even when it looks like a flag', () => {
    const f = run(['create', '--driver', '--bogus']).flags;
    expect(f.string('driver')).toBe('--bogus');
    expect(run(['create', 'v']).flags.string('driver')).toBe('local');
  });

  it('repeatable map and list flags keep every occurrence; hidden --name still parses', () => {
    const { flags, args } = run([
      'create',
      '-o',
      'type=tmpfs',
      '--opt=device=tmpfs',
      '--label',
      'noeq',
      '--name',
      'a',
      'b',
    ]);
    expect(flags.stringArray('opt')).toEqual(['type=tmpfs', 'device=tmpfs']);
    expect(flags.stringArray('label')).toEqual(['noeq']);
    expect(flags.string('name')).toBe('a');
    expect(args).toEqual(['b']);
  });

  it('combined short bools', () => {
    const { flags } = run(['prune', '-ff']);
    expect(flags.bool('force')).toBe(true);
  });

  it('deprecated -h shorthand with =false prints its notice on stdout and runs', () => {
    const notice = 'Flag shorthand -h has been deprecated, use --help\n';
    expect(run(['-h=false', 'ls', '--format', '{{.Name}}']).stdout).toBe(notice);
    expect(run(['ls', '-h=false', '--format', '{{.Name}}']).stdout).toBe(notice);
    expect(run(['--help=false', 'ls', '-q']).stdout).toBe('');
  });
});

describe('parseCommandArgs on a leaf spec', () => {
  it('reports args errors for the alias-resolved command', () => {
    const outcome = parseCommandArgs(volumeRemove, [], { engine });
    expect(outcome).toMatchObject({ kind: 'exit', exitCode: 1 });
  });

  it('accepts --all once the daemon speaks API 1.42', () => {
    const outcome = parseCommandArgs(volumePrune, ['-af'], { engine: { apiVersion: '1.42' } });
    expect(outcome.kind).toBe('run');
    if (outcome.kind === 'run') expect(outcome.flags.bool('all')).toBe(true);
  });

  it('rejects stray flags on create and inspect like pflag', () => {
    expect(parseCommandArgs(volumeCreate, ['--limit-bytes', '1x'], { engine })).toMatchObject({
      stderr: expect.stringMatching(/^invalid argument "1x" for "--limit-bytes" flag: invalid suffix: 'x'\n/),
      exitCode: 125,
    });
    expect(parseCommandArgs(volumeInspect, ['-f'], { engine })).toMatchObject({ exitCode: 125 });
  });
});

describe('scanFlags (pflag semantics where util.parseArgs would differ)', () => {
  it('treats -q- as q followed by an unknown "-" shorthand', () => {
    expect(scanFlags(volumeList.flags, ['-q-'])).toMatchObject({
      ok: false,
      error: "unknown shorthand flag: '-' in --",
    });
  });

  it('reports non-ASCII shorthands by their first byte, as Go does', () => {
    expect(scanFlags(volumeList.flags, ['-é'])).toMatchObject({
      ok: false,
      error: "unknown shorthand flag: 'Ã' in -é",
    });
  });

  it('quotes odd values like Go %q', () => {
    expect(scanFlags(volumeList.flags, ['--quiet=a"b\t'])).toMatchObject({
      ok: false,
      error:
        'invalid argument "a\\"b\\t" for "-q, --quiet" flag: strconv.ParseBool: parsing "a\\"b\\t": invalid syntax',
    });
  });
});

describe('unknownRootCommand', () => {
  it('matches `docker volum ls`', () => {
    expect(unknownRootCommand('volum')).toEqual({
      kind: 'exit',
      stdout: '',
      stderr: "docker: unknown command: docker volum\n\nRun 'docker --help' for more information\n",
      exitCode: 1,
    });
  });
});
