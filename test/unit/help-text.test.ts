/**
 * Expected help texts were captured from the real docker CLI 28.2.2 (engine API 1.41,
 * and DOCKER_API_VERSION=1.42 for the cluster-volume flags), at the default width of 80
 * columns and, through a pty, at other terminal widths.
 */
import { describe, expect, it } from 'vitest';
import type { EngineInfo } from '../../server/cli/command-spec.ts';
import { ROOT_ENTRIES, ROOT_HELP_ORDER } from '../../server/cli/docker-root.ts';
import { renderCommandHelp, renderGroupHelp, renderRootHelp } from '../../server/cli/help-text.ts';
import { parseCommandArgs } from '../../server/cli/parse-args.ts';
import {
  volumeCreate,
  volumeGroup,
  volumeInspect,
  volumeList,
  volumePrune,
  volumeRemove,
  volumeUpdate,
} from '../../server/cli/volume-commands.ts';
import type { CommandContext } from '../../server/commands/context.ts';
import { runCommand } from '../../server/commands/dispatch.ts';

const api141: EngineInfo = { apiVersion: '1.41' };
const api142: EngineInfo = { apiVersion: '1.42' };

const GROUP_141 =
  "Usage:  docker volume COMMAND\n\nManage volumes\n\nCommands:\n  create      Create a volume\n  inspect     Display detailed information on one or more volumes\n  ls          List volumes\n  prune       Remove unused local volumes\n  rm          Remove one or more volumes\n\nRun 'docker volume COMMAND --help' for more information on a command.\n";
const GROUP_142 =
  "Usage:  docker volume COMMAND\n\nManage volumes\n\nCommands:\n  create      Create a volume\n  inspect     Display detailed information on one or more volumes\n  ls          List volumes\n  prune       Remove unused local volumes\n  rm          Remove one or more volumes\n  update      Update a volume (cluster volumes only)\n\nRun 'docker volume COMMAND --help' for more information on a command.\n";
const CREATE_141 =
  'Usage:  docker volume create [OPTIONS] [VOLUME]\n\nCreate a volume\n\nOptions:\n  -d, --driver string   Specify volume driver name (default "local")\n      --label list      Set metadata for a volume\n  -o, --opt map         Set driver specific options (default map[])\n';
const INSPECT_141 =
  "Usage:  docker volume inspect [OPTIONS] VOLUME [VOLUME...]\n\nDisplay detailed information on one or more volumes\n\nOptions:\n  -f, --format string   Format output using a custom template:\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n";
const LS_141 =
  "Usage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -q, --quiet           Only display volume names\n";
const RM_141 =
  'Usage:  docker volume rm [OPTIONS] VOLUME [VOLUME...]\n\nRemove one or more volumes. You cannot remove a volume that is in use by a container.\n\nAliases:\n  docker volume rm, docker volume remove\n\nOptions:\n  -f, --force   Force the removal of one or more volumes\n';
const PRUNE_141 =
  'Usage:  docker volume prune [OPTIONS]\n\nRemove unused local volumes\n\nOptions:\n      --filter filter   Provide filter values (e.g. "label=<label>")\n  -f, --force           Do not prompt for confirmation\n';
const LS_142 =
  "Usage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n      --cluster         Display only cluster volumes, and use cluster\n                        volume list formatting\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -q, --quiet           Only display volume names\n";
const PRUNE_142 =
  'Usage:  docker volume prune [OPTIONS]\n\nRemove unused local volumes\n\nOptions:\n  -a, --all             Remove all unused volumes, not just anonymous ones\n      --filter filter   Provide filter values (e.g. "label=<label>")\n  -f, --force           Do not prompt for confirmation\n';
const UPDATE_142 =
  'Usage:  docker volume update [OPTIONS] [VOLUME]\n\nUpdate a volume (cluster volumes only)\n\nOptions:\n      --availability string   Cluster Volume availability ("active",\n                              "pause", "drain") (default "active")\n';

/** [terminal width, create --help at API 1.42, ls --help at API 1.41] */
const byWidth: ReadonlyArray<readonly [number, string, string]> = [
  [
    120,
    'Usage:  docker volume create [OPTIONS] [VOLUME]\n\nCreate a volume\n\nOptions:\n      --availability string       Cluster Volume availability ("active", "pause", "drain") (default "active")\n  -d, --driver string             Specify volume driver name (default "local")\n      --group string              Cluster Volume group (cluster volumes)\n      --label list                Set metadata for a volume\n      --limit-bytes bytes         Minimum size of the Cluster Volume in bytes\n  -o, --opt map                   Set driver specific options (default map[])\n      --required-bytes bytes      Maximum size of the Cluster Volume in bytes\n      --scope string              Cluster Volume access scope ("single", "multi") (default "single")\n      --secret map                Cluster Volume secrets (default map[])\n      --sharing string            Cluster Volume access sharing ("none", "readonly", "onewriter", "all") (default\n                                  "none")\n      --topology-preferred list   A topology that the Cluster Volume would be preferred in\n      --topology-required list    A topology that the Cluster Volume must be accessible from\n      --type string               Cluster Volume access type ("mount", "block") (default "block")\n',
    "Usage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format with column headers (default)\n                        'table TEMPLATE':   Print output in table format using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given Go template.\n                        Refer to https://docs.docker.com/go/formatting/ for more information about formatting\n                        output with templates\n  -q, --quiet           Only display volume names\n",
  ],
  [
    60,
    'Usage:  docker volume create [OPTIONS] [VOLUME]\n\nCreate a volume\n\nOptions:\n      --availability string       Cluster Volume\n                                  availability\n                                  ("active", "pause",\n                                  "drain") (default\n                                  "active")\n  -d, --driver string             Specify volume\n                                  driver name\n                                  (default "local")\n      --group string              Cluster Volume\n                                  group (cluster volumes)\n      --label list                Set metadata for a\n                                  volume\n      --limit-bytes bytes         Minimum size of the\n                                  Cluster Volume in bytes\n  -o, --opt map                   Set driver specific\n                                  options (default map[])\n      --required-bytes bytes      Maximum size of the\n                                  Cluster Volume in bytes\n      --scope string              Cluster Volume\n                                  access scope\n                                  ("single", "multi")\n                                  (default "single")\n      --secret map                Cluster Volume\n                                  secrets (default map[])\n      --sharing string            Cluster Volume\n                                  access sharing\n                                  ("none",\n                                  "readonly",\n                                  "onewriter", "all")\n                                  (default "none")\n      --topology-preferred list   A topology that the\n                                  Cluster Volume\n                                  would be preferred in\n      --topology-required list    A topology that the\n                                  Cluster Volume must\n                                  be accessible from\n      --type string               Cluster Volume\n                                  access type\n                                  ("mount", "block")\n                                  (default "block")\n',
    "Usage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g.\n                        \"dangling=true\")\n      --format string   Format output using a custom\n                        template:\n                        'table':            Print\n                        output in table format with\n                        column headers (default)\n                        'table TEMPLATE':   Print\n                        output in table format using\n                        the given Go template\n                        'json':             Print in\n                        JSON format\n                        'TEMPLATE':         Print\n                        output using the given Go\n                        template.\n                        Refer to\n                        https://docs.docker.com/go/formatting/ for more information about formatting output with templates\n  -q, --quiet           Only display volume names\n",
  ],
  [
    40,
    'Usage:  docker volume create [OPTIONS] [VOLUME]\n\nCreate a volume\n\nOptions:\n      --availability string       Cluster Volume availability ("active", "pause", "drain") (default "active")\n  -d, --driver string             Specify volume driver name (default "local")\n      --group string              Cluster Volume group (cluster volumes)\n      --label list                Set metadata for a volume\n      --limit-bytes bytes         Minimum size of the Cluster Volume in bytes\n  -o, --opt map                   Set driver specific options (default map[])\n      --required-bytes bytes      Maximum size of the Cluster Volume in bytes\n      --scope string              Cluster Volume access scope ("single", "multi") (default "single")\n      --secret map                Cluster Volume secrets (default map[])\n      --sharing string            Cluster Volume access sharing ("none", "readonly", "onewriter", "all") (default "none")\n      --topology-preferred list   A topology that the Cluster Volume would be preferred in\n      --topology-required list    A topology that the Cluster Volume must be accessible from\n      --type string               Cluster Volume access type ("mount", "block") (default "block")\n',
    "Usage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                'table':            Print output in table format with column headers (default)\n                'table TEMPLATE':   Print output in table format using the given Go template\n                'json':             Print in JSON format\n                'TEMPLATE':         Print output using the given Go template.\n                Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates\n  -q, --quiet           Only display volume names\n",
  ],
  [
    30,
    'Usage:  docker volume create [OPTIONS] [VOLUME]\n\nCreate a volume\n\nOptions:\n      --availability string       Cluster Volume availability ("active", "pause", "drain") (default "active")\n  -d, --driver string             Specify volume driver name (default "local")\n      --group string              Cluster Volume group (cluster volumes)\n      --label list                Set metadata for a volume\n      --limit-bytes bytes         Minimum size of the Cluster Volume in bytes\n  -o, --opt map                   Set driver specific options (default map[])\n      --required-bytes bytes      Maximum size of the Cluster Volume in bytes\n      --scope string              Cluster Volume access scope ("single", "multi") (default "single")\n      --secret map                Cluster Volume secrets (default map[])\n      --sharing string            Cluster Volume access sharing ("none", "readonly", "onewriter", "all") (default "none")\n      --topology-preferred list   A topology that the Cluster Volume would be preferred in\n      --topology-required list    A topology that the Cluster Volume must be accessible from\n      --type string               Cluster Volume access type ("mount", "block") (default "block")\n',
    "Usage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                'table':            Print output in table format with column headers (default)\n                'table TEMPLATE':   Print output in table format using the given Go template\n                'json':             Print in JSON format\n                'TEMPLATE':         Print output using the given Go template.\n                Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates\n  -q, --quiet           Only display volume names\n",
  ],
  [
    20,
    'Usage:  docker volume create [OPTIONS] [VOLUME]\n\nCreate a volume\n\nOptions:\n      --availability string       Cluster Volume availability ("active", "pause", "drain") (default "active")\n  -d, --driver string             Specify volume driver name (default "local")\n      --group string              Cluster Volume group (cluster volumes)\n      --label list                Set metadata for a volume\n      --limit-bytes bytes         Minimum size of the Cluster Volume in bytes\n  -o, --opt map                   Set driver specific options (default map[])\n      --required-bytes bytes      Maximum size of the Cluster Volume in bytes\n      --scope string              Cluster Volume access scope ("single", "multi") (default "single")\n      --secret map                Cluster Volume secrets (default map[])\n      --sharing string            Cluster Volume access sharing ("none", "readonly", "onewriter", "all") (default "none")\n      --topology-preferred list   A topology that the Cluster Volume would be preferred in\n      --topology-required list    A topology that the Cluster Volume must be accessible from\n      --type string               Cluster Volume access type ("mount", "block") (default "block")\n',
    "Usage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                'table':            Print output in table format with column headers (default)\n                'table TEMPLATE':   Print output in table format using the given Go template\n                'json':             Print in JSON format\n                'TEMPLATE':         Print output using the given Go template.\n                Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates\n  -q, --quiet           Only display volume names\n",
  ],
  [
    1,
    'Usage:  docker volume create [OPTIONS] [VOLUME]\n\nCreate a volume\n\nOptions:\n      --availability string       Cluster Volume availability ("active", "pause", "drain") (default "active")\n  -d, --driver string             Specify volume driver name (default "local")\n      --group string              Cluster Volume group (cluster volumes)\n      --label list                Set metadata for a volume\n      --limit-bytes bytes         Minimum size of the Cluster Volume in bytes\n  -o, --opt map                   Set driver specific options (default map[])\n      --required-bytes bytes      Maximum size of the Cluster Volume in bytes\n      --scope string              Cluster Volume access scope ("single", "multi") (default "single")\n      --secret map                Cluster Volume secrets (default map[])\n      --sharing string            Cluster Volume access sharing ("none", "readonly", "onewriter", "all") (default "none")\n      --topology-preferred list   A topology that the Cluster Volume would be preferred in\n      --topology-required list    A topology that the Cluster Volume must be accessible from\n      --type string               Cluster Volume access type ("mount", "block") (default "block")\n',
    "Usage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format with column headers (default)\n                        'table TEMPLATE':   Print output in table format using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given Go template.\n                        Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates\n  -q, --quiet           Only display volume names\n",
  ],
];

describe('renderGroupHelp', () => {
  it('hides update below API 1.42', () => {
    expect(renderGroupHelp(volumeGroup, api141)).toBe(GROUP_141);
  });
  it('lists update from API 1.42', () => {
    expect(renderGroupHelp(volumeGroup, api142)).toBe(GROUP_142);
  });
});

describe('renderCommandHelp at the default width (stdin not a terminal)', () => {
  it.each([
    ['create', volumeCreate, CREATE_141],
    ['inspect', volumeInspect, INSPECT_141],
    ['ls', volumeList, LS_141],
    ['rm', volumeRemove, RM_141],
    ['prune', volumePrune, PRUNE_141],
  ] as const)('docker volume %s --help on API 1.41', (_name, spec, expected) => {
    expect(renderCommandHelp(spec, api141)).toBe(expected);
  });

  it.each([
    ['ls', volumeList, LS_142],
    ['prune', volumePrune, PRUNE_142],
    ['update', volumeUpdate, UPDATE_142],
  ] as const)('docker volume %s --help on API 1.42 shows the gated flags', (_name, spec, expected) => {
    expect(renderCommandHelp(spec, api142)).toBe(expected);
  });

  it('hides swarm-only flags when the node is known not to be a manager', () => {
    const worker: EngineInfo = {
      apiVersion: '1.42',
      swarm: { nodeState: 'inactive', controlAvailable: false },
    };
    expect(renderCommandHelp(volumeList, worker)).toBe(LS_141);
  });
});

describe('renderCommandHelp wraps like pflag at the terminal width', () => {
  it.each(byWidth)('%i columns', (terminalWidth, create, ls) => {
    expect(renderCommandHelp(volumeCreate, api142, { terminalWidth })).toBe(create);
    expect(renderCommandHelp(volumeList, api141, { terminalWidth })).toBe(ls);
  });
});

describe('help after flags were set on the same line (pflag checks custom values, not defaults)', () => {
  const help = (spec: Parameters<typeof parseCommandArgs>[0], argv: string[], engine: EngineInfo) => {
    const outcome = parseCommandArgs(spec, argv, { engine });
    if (outcome.kind !== 'exit') throw new Error('expected help');
    return outcome.stdout;
  };

  it('docker volume create --limit-bytes 1k --required-bytes 0.5 --label a --label b -o x=y --topology-required "" --secret a=b --help', () => {
    const argv = [
      '--limit-bytes',
      '1k',
      '--required-bytes',
      '0.5',
      '--label',
      'a',
      '--label',
      'b',
      '-o',
      'x=y',
      '--topology-required',
      '',
      '--secret',
      'a=b',
      '--help',
    ];
    expect(help(volumeCreate, argv, api142)).toBe(
      'Usage:  docker volume create [OPTIONS] [VOLUME]\n\nCreate a volume\n\nOptions:\n      --availability string       Cluster Volume availability ("active",\n                                  "pause", "drain") (default "active")\n  -d, --driver string             Specify volume driver name (default "local")\n      --group string              Cluster Volume group (cluster volumes)\n      --label list                Set metadata for a volume (default )\n      --limit-bytes bytes         Minimum size of the Cluster Volume in\n                                  bytes (default 0)\n  -o, --opt map                   Set driver specific options (default map[])\n      --required-bytes bytes      Maximum size of the Cluster Volume in bytes\n      --scope string              Cluster Volume access scope ("single",\n                                  "multi") (default "single")\n      --secret map                Cluster Volume secrets (default map[])\n      --sharing string            Cluster Volume access sharing ("none",\n                                  "readonly", "onewriter", "all")\n                                  (default "none")\n      --topology-preferred list   A topology that the Cluster Volume\n                                  would be preferred in\n      --topology-required list    A topology that the Cluster Volume must\n                                  be accessible from (default )\n      --type string               Cluster Volume access type ("mount",\n                                  "block") (default "block")\n',
    );
  });

  it('docker volume ls -f "" --help (an empty filter stays zero)', () => {
    expect(help(volumeList, ['-f', '', '--help'], api141)).toBe(
      "Usage:  docker volume ls [OPTIONS]\n\nList volumes\n\nAliases:\n  docker volume ls, docker volume list\n\nOptions:\n  -f, --filter filter   Provide filter values (e.g. \"dangling=true\")\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -q, --quiet           Only display volume names\n",
    );
  });

  it('docker volume prune --filter a=b --help', () => {
    expect(help(volumePrune, ['--filter', 'a=b', '--help'], api141)).toBe(
      'Usage:  docker volume prune [OPTIONS]\n\nRemove unused local volumes\n\nOptions:\n      --filter filter   Provide filter values (e.g. "label=<label>")\n                        (default )\n  -f, --force           Do not prompt for confirmation\n',
    );
  });
});

/**
 * The lab's `docker --help`: the real CLI's layout with only the commands the lab runs, under
 * its own heading. Not a capture of the real CLI, which lists forty commands the lab refuses.
 */
const ROOT_HELP = `Usage:  docker COMMAND

A self-sufficient runtime for containers

Commands available in this lab:
  run         Create and run a new container from an image
  exec        Execute a command in a running container
  ps          List containers
  logs        Fetch the logs of a container
  start       Start one or more stopped containers
  stop        Stop one or more running containers
  restart     Restart one or more containers
  kill        Kill one or more running containers
  wait        Block until one or more containers stop, then print their exit codes
  rm          Remove one or more containers
  inspect     Return low-level information on Docker objects
  images      List images
  container   Manage containers
  image       Manage images
  volume      Manage volumes
  version     Show the Docker version information

Run 'docker COMMAND --help' for more information on a command.
`;

describe('root help (docker --help), generated from the specs', () => {
  it("prints the lab's commands with their specs' descriptions", () => {
    expect(renderRootHelp()).toBe(ROOT_HELP);
  });

  it('lists every top-level word the lab routes, once', () => {
    expect([...ROOT_HELP_ORDER].sort()).toEqual([...ROOT_ENTRIES.keys()].sort());
  });

  it('is what the lab shell prints for docker, docker --help, -h and help', async () => {
    for (const words of [['docker'], ['docker', '--help'], ['docker', '-h'], ['docker', 'help']]) {
      let out = '';
      // The root help needs nothing of a session but its stdout; the other members stay unset.
      const context = { stdout: (text: string) => (out += text) } as unknown as CommandContext;
      expect((await runCommand(words, context)).exitCode).toBe(0);
      expect(out, words.join(' ')).toBe(renderRootHelp());
    }
  });
});
