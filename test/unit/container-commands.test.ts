/**
 * Expected texts were captured from the real docker CLI 28.2.2 against the lab's 20.10
 * engine (API 1.41) with stdin not a terminal (80 columns); the tests never run docker.
 * `docker container --help` is the real text with the commands the lab does not
 * support removed (same order, padding and wording).
 */
import { describe, expect, it } from 'vitest';
import type { CommandSpec, EngineInfo } from '../../server/cli/command-spec.ts';
import {
  containerGroup,
  containerList,
  dockerExec,
  dockerImages,
  dockerLogs,
  dockerPs,
  dockerRun,
  imageGroup,
  imageInspect,
} from '../../server/cli/container-commands.ts';
import { NAME_ADJECTIVES, NAME_SURNAMES, randomContainerName } from '../../server/cli/container-names.ts';
import { lookupRoot } from '../../server/cli/docker-root.ts';
import { renderCommandHelp, renderGroupHelp } from '../../server/cli/help-text.ts';
import {
  type CliOutcome,
  parseCommandArgs,
  parseGroupArgs,
  scanFlags,
  unknownRootCommand,
} from '../../server/cli/parse-args.ts';

const engine: EngineInfo = { apiVersion: '1.41' };

/** Runs `docker <argv>` through the lab's routing table and grammar, like the dispatcher. */
function docker(...argv: string[]): CliOutcome {
  const [word, ...rest] = argv;
  const entry = lookupRoot(word ?? '');
  if (entry === undefined) return unknownRootCommand(word ?? '');
  return entry.kind === 'group'
    ? parseGroupArgs(entry.group, rest, { engine })
    : parseCommandArgs(entry.command, rest, { engine });
}

/** The parsed command line, failing the test when the CLI would stop instead. */
function run(...argv: string[]): Extract<CliOutcome, { kind: 'run' }> {
  const out = docker(...argv);
  if (out.kind !== 'run') throw new Error(`expected a runnable command, got: ${out.stderr}`);
  return out;
}

const RUN_HELP =
  "Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nCreate and run a new container from an image\n\nAliases:\n  docker container run, docker run\n\nOptions:\n      --add-host list                  Add a custom host-to-IP mapping\n                                       (host:ip)\n  -a, --attach list                    Attach to STDIN, STDOUT or STDERR\n      --blkio-weight uint16            Block IO (relative weight),\n                                       between 10 and 1000, or 0 to\n                                       disable (default 0)\n      --blkio-weight-device list       Block IO weight (relative device\n                                       weight) (default [])\n      --cap-add list                   Add Linux capabilities\n      --cap-drop list                  Drop Linux capabilities\n      --cgroup-parent string           Optional parent cgroup for the\n                                       container\n      --cgroupns string                Cgroup namespace to use\n                                       (host|private)\n                                       'host':    Run the container in\n                                       the Docker host's cgroup namespace\n                                       'private': Run the container in\n                                       its own private cgroup namespace\n                                       '':        Use the cgroup\n                                       namespace as configured by the\n                                                  default-cgroupns-mode\n                                       option on the daemon (default)\n      --cidfile string                 Write the container ID to the file\n      --cpu-period int                 Limit CPU CFS (Completely Fair\n                                       Scheduler) period\n      --cpu-quota int                  Limit CPU CFS (Completely Fair\n                                       Scheduler) quota\n      --cpu-rt-period int              Limit CPU real-time period in\n                                       microseconds\n      --cpu-rt-runtime int             Limit CPU real-time runtime in\n                                       microseconds\n  -c, --cpu-shares int                 CPU shares (relative weight)\n      --cpus decimal                   Number of CPUs\n      --cpuset-cpus string             CPUs in which to allow execution\n                                       (0-3, 0,1)\n      --cpuset-mems string             MEMs in which to allow execution\n                                       (0-3, 0,1)\n  -d, --detach                         Run container in background and\n                                       print container ID\n      --detach-keys string             Override the key sequence for\n                                       detaching a container\n      --device list                    Add a host device to the container\n      --device-cgroup-rule list        Add a rule to the cgroup allowed\n                                       devices list\n      --device-read-bps list           Limit read rate (bytes per second)\n                                       from a device (default [])\n      --device-read-iops list          Limit read rate (IO per second)\n                                       from a device (default [])\n      --device-write-bps list          Limit write rate (bytes per\n                                       second) to a device (default [])\n      --device-write-iops list         Limit write rate (IO per second)\n                                       to a device (default [])\n      --disable-content-trust          Skip image verification (default true)\n      --dns list                       Set custom DNS servers\n      --dns-option list                Set DNS options\n      --dns-search list                Set custom DNS search domains\n      --domainname string              Container NIS domain name\n      --entrypoint string              Overwrite the default ENTRYPOINT\n                                       of the image\n  -e, --env list                       Set environment variables\n      --env-file list                  Read in a file of environment variables\n      --expose list                    Expose a port or a range of ports\n      --gpus gpu-request               GPU devices to add to the\n                                       container ('all' to pass all GPUs)\n      --group-add list                 Add additional groups to join\n      --health-cmd string              Command to run to check health\n      --health-interval duration       Time between running the check\n                                       (ms|s|m|h) (default 0s)\n      --health-retries int             Consecutive failures needed to\n                                       report unhealthy\n      --health-start-period duration   Start period for the container to\n                                       initialize before starting\n                                       health-retries countdown\n                                       (ms|s|m|h) (default 0s)\n      --health-timeout duration        Maximum time to allow one check to\n                                       run (ms|s|m|h) (default 0s)\n      --help                           Print usage\n  -h, --hostname string                Container host name\n      --init                           Run an init inside the container\n                                       that forwards signals and reaps\n                                       processes\n  -i, --interactive                    Keep STDIN open even if not attached\n      --ip string                      IPv4 address (e.g., 172.30.100.104)\n      --ip6 string                     IPv6 address (e.g., 2001:db8::33)\n      --ipc string                     IPC mode to use\n      --isolation string               Container isolation technology\n      --kernel-memory bytes            Kernel memory limit\n  -l, --label list                     Set meta data on a container\n      --label-file list                Read in a line delimited file of labels\n      --link list                      Add link to another container\n      --link-local-ip list             Container IPv4/IPv6 link-local\n                                       addresses\n      --log-driver string              Logging driver for the container\n      --log-opt list                   Log driver options\n      --mac-address string             Container MAC address (e.g.,\n                                       92:d0:c6:0a:29:33)\n  -m, --memory bytes                   Memory limit\n      --memory-reservation bytes       Memory soft limit\n      --memory-swap bytes              Swap limit equal to memory plus\n                                       swap: '-1' to enable unlimited swap\n      --memory-swappiness int          Tune container memory swappiness\n                                       (0 to 100) (default -1)\n      --mount mount                    Attach a filesystem mount to the\n                                       container\n      --name string                    Assign a name to the container\n      --network network                Connect a container to a network\n      --network-alias list             Add network-scoped alias for the\n                                       container\n      --no-healthcheck                 Disable any container-specified\n                                       HEALTHCHECK\n      --oom-kill-disable               Disable OOM Killer\n      --oom-score-adj int              Tune host's OOM preferences (-1000\n                                       to 1000)\n      --pid string                     PID namespace to use\n      --pids-limit int                 Tune container pids limit (set -1\n                                       for unlimited)\n      --platform string                Set platform if server is\n                                       multi-platform capable\n      --privileged                     Give extended privileges to this\n                                       container\n  -p, --publish list                   Publish a container's port(s) to\n                                       the host\n  -P, --publish-all                    Publish all exposed ports to\n                                       random ports\n      --pull string                    Pull image before running\n                                       (\"always\", \"missing\", \"never\")\n                                       (default \"missing\")\n  -q, --quiet                          Suppress the pull output\n      --read-only                      Mount the container's root\n                                       filesystem as read only\n      --restart string                 Restart policy to apply when a\n                                       container exits (default \"no\")\n      --rm                             Automatically remove the container\n                                       and its associated anonymous\n                                       volumes when it exits\n      --runtime string                 Runtime to use for this container\n      --security-opt list              Security Options\n      --shm-size bytes                 Size of /dev/shm\n      --sig-proxy                      Proxy received signals to the\n                                       process (default true)\n      --stop-signal string             Signal to stop the container\n      --stop-timeout int               Timeout (in seconds) to stop a\n                                       container\n      --storage-opt list               Storage driver options for the\n                                       container\n      --sysctl map                     Sysctl options (default map[])\n      --tmpfs list                     Mount a tmpfs directory\n  -t, --tty                            Allocate a pseudo-TTY\n      --ulimit ulimit                  Ulimit options (default [])\n      --use-api-socket                 Bind mount Docker API socket and\n                                       required auth\n  -u, --user string                    Username or UID (format:\n                                       <name|uid>[:<group|gid>])\n      --userns string                  User namespace to use\n      --uts string                     UTS namespace to use\n  -v, --volume list                    Bind mount a volume\n      --volume-driver string           Optional volume driver for the\n                                       container\n      --volumes-from list              Mount volumes from the specified\n                                       container(s)\n  -w, --workdir string                 Working directory inside the container\n";
const PS_HELP =
  "Usage:  docker ps [OPTIONS]\n\nList containers\n\nAliases:\n  docker container ls, docker container list, docker container ps, docker ps\n\nOptions:\n  -a, --all             Show all containers (default shows just running)\n  -f, --filter filter   Filter output based on conditions provided\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -n, --last int        Show n last created containers (includes all\n                        states) (default -1)\n  -l, --latest          Show the latest created container (includes all\n                        states)\n      --no-trunc        Don't truncate output\n  -q, --quiet           Only display container IDs\n  -s, --size            Display total file sizes\n";
const CONTAINER_LS_HELP =
  "Usage:  docker container ls [OPTIONS]\n\nList containers\n\nAliases:\n  docker container ls, docker container list, docker container ps, docker ps\n\nOptions:\n  -a, --all             Show all containers (default shows just running)\n  -f, --filter filter   Filter output based on conditions provided\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n  -n, --last int        Show n last created containers (includes all\n                        states) (default -1)\n  -l, --latest          Show the latest created container (includes all\n                        states)\n      --no-trunc        Don't truncate output\n  -q, --quiet           Only display container IDs\n  -s, --size            Display total file sizes\n";
const EXEC_HELP =
  'Usage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nExecute a command in a running container\n\nAliases:\n  docker container exec, docker exec\n\nOptions:\n  -d, --detach               Detached mode: run command in the background\n      --detach-keys string   Override the key sequence for detaching a\n                             container\n  -e, --env list             Set environment variables\n      --env-file list        Read in a file of environment variables\n  -i, --interactive          Keep STDIN open even if not attached\n      --privileged           Give extended privileges to the command\n  -t, --tty                  Allocate a pseudo-TTY\n  -u, --user string          Username or UID (format:\n                             "<name|uid>[:<group|gid>]")\n  -w, --workdir string       Working directory inside the container\n';
const LOGS_HELP =
  'Usage:  docker logs [OPTIONS] CONTAINER\n\nFetch the logs of a container\n\nAliases:\n  docker container logs, docker logs\n\nOptions:\n      --details        Show extra details provided to logs\n  -f, --follow         Follow log output\n      --since string   Show logs since timestamp (e.g.\n                       "2013-01-02T13:23:37Z") or relative (e.g. "42m"\n                       for 42 minutes)\n  -n, --tail string    Number of lines to show from the end of the logs\n                       (default "all")\n  -t, --timestamps     Show timestamps\n      --until string   Show logs before a timestamp (e.g.\n                       "2013-01-02T13:23:37Z") or relative (e.g. "42m"\n                       for 42 minutes)\n';
const IMAGES_HELP =
  "Usage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nList images\n\nAliases:\n  docker image ls, docker image list, docker images\n\nOptions:\n  -a, --all             Show all images (default hides intermediate images)\n      --digests         Show digests\n  -f, --filter filter   Filter output based on conditions provided\n      --format string   Format output using a custom template:\n                        'table':            Print output in table format\n                        with column headers (default)\n                        'table TEMPLATE':   Print output in table format\n                        using the given Go template\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n      --no-trunc        Don't truncate output\n  -q, --quiet           Only show image IDs\n";
const CONTAINER_GROUP_HELP =
  "Usage:  docker container COMMAND\n\nManage containers\n\nCommands:\n  exec        Execute a command in a running container\n  inspect     Display detailed information on one or more containers\n  kill        Kill one or more running containers\n  logs        Fetch the logs of a container\n  ls          List containers\n  prune       Remove all stopped containers\n  restart     Restart one or more containers\n  rm          Remove one or more containers\n  run         Create and run a new container from an image\n  start       Start one or more stopped containers\n  stop        Stop one or more running containers\n  wait        Block until one or more containers stop, then print their exit codes\n\nRun 'docker container COMMAND --help' for more information on a command.\n";
const IMAGE_GROUP_HELP =
  "Usage:  docker image COMMAND\n\nManage images\n\nCommands:\n  inspect     Display detailed information on one or more images\n  ls          List images\n\nRun 'docker image COMMAND --help' for more information on a command.\n";
/** `docker image inspect --help` from CLI 28.2.2 against this engine. */
const IMAGE_INSPECT_HELP =
  "Usage:  docker image inspect [OPTIONS] IMAGE [IMAGE...]\n\nDisplay detailed information on one or more images\n\nOptions:\n  -f, --format string   Format output using a custom template:\n                        'json':             Print in JSON format\n                        'TEMPLATE':         Print output using the given\n                        Go template.\n                        Refer to https://docs.docker.com/go/formatting/\n                        for more information about formatting output with\n                        templates\n";

describe('help output matches docker CLI 28 at 80 columns', () => {
  const cases: ReadonlyArray<readonly [string, CommandSpec, string]> = [
    ['docker run --help', dockerRun, RUN_HELP],
    ['docker ps --help', dockerPs, PS_HELP],
    ['docker container ls --help', containerList, CONTAINER_LS_HELP],
    ['docker exec --help', dockerExec, EXEC_HELP],
    ['docker logs --help', dockerLogs, LOGS_HELP],
    ['docker images --help', dockerImages, IMAGES_HELP],
    ['docker image inspect --help', imageInspect, IMAGE_INSPECT_HELP],
  ];
  it.each(cases)('%s', (_, spec, expected) => {
    expect(renderCommandHelp(spec, engine)).toBe(expected);
  });

  it('docker run --help through the parser: run owns --help (its -h is --hostname)', () => {
    expect(docker('run', '--help')).toEqual({ kind: 'exit', stdout: RUN_HELP, stderr: '', exitCode: 0 });
  });

  it('docker container --help lists the supported subset in the real format', () => {
    expect(renderGroupHelp(containerGroup, engine)).toBe(CONTAINER_GROUP_HELP);
    expect(docker('container', '--help')).toEqual({
      kind: 'exit',
      stdout: CONTAINER_GROUP_HELP,
      stderr: '',
      exitCode: 0,
    });
  });

  it('docker image --help lists only inspect and ls', () => {
    expect(renderGroupHelp(imageGroup, engine)).toBe(IMAGE_GROUP_HELP);
  });

  it('shows API-gated flags once the daemon is new enough', () => {
    const api150: EngineInfo = { apiVersion: '1.50' };
    expect(renderCommandHelp(dockerRun, api150)).toContain('      --annotation map ');
    expect(renderCommandHelp(dockerRun, api150)).toContain('      --health-start-interval duration ');
    expect(renderCommandHelp(dockerImages, api150)).toContain(
      '      --tree            List multi-platform images as a tree (EXPERIMENTAL)\n',
    );
    expect(renderCommandHelp(dockerRun, engine)).not.toContain('--annotation');
  });
});

/** [argv after `docker`, stdout, stderr, exit code] as the real CLI produced them. */
const captured: ReadonlyArray<readonly [readonly string[], string, string, number]> = [
  [
    ['run'],
    '',
    "docker: 'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker run --help' for more information\n",
    1,
  ],
  [
    ['exec', 'x'],
    '',
    "docker: 'docker exec' requires at least 2 arguments\n\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nSee 'docker exec --help' for more information\n",
    1,
  ],
  [
    ['run', '--bogus', 'busybox'],
    '',
    "unknown flag: --bogus\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information\n",
    125,
  ],
  [
    ['logs'],
    '',
    "docker: 'docker logs' requires 1 argument\n\nUsage:  docker logs [OPTIONS] CONTAINER\n\nRun 'docker logs --help' for more information\n",
    1,
  ],
  [
    ['logs', 'a', 'b'],
    '',
    "docker: 'docker logs' requires 1 argument\n\nUsage:  docker logs [OPTIONS] CONTAINER\n\nRun 'docker logs --help' for more information\n",
    1,
  ],
  [
    ['ps', 'x'],
    '',
    "docker: 'docker ps' accepts no arguments\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information\n",
    1,
  ],
  [
    ['container', 'ls', 'x'],
    '',
    "docker: 'docker container ls' accepts no arguments\n\nUsage:  docker container ls [OPTIONS]\n\nRun 'docker container ls --help' for more information\n",
    1,
  ],
  [
    ['rm'],
    '',
    "docker: 'docker rm' requires at least 1 argument\n\nUsage:  docker rm [OPTIONS] CONTAINER [CONTAINER...]\n\nSee 'docker rm --help' for more information\n",
    1,
  ],
  [
    ['wait'],
    '',
    "docker: 'docker wait' requires at least 1 argument\n\nUsage:  docker wait CONTAINER [CONTAINER...]\n\nSee 'docker wait --help' for more information\n",
    1,
  ],
  [
    ['container', 'prune', 'x'],
    '',
    "docker: 'docker container prune' accepts no arguments\n\nUsage:  docker container prune [OPTIONS]\n\nRun 'docker container prune --help' for more information\n",
    1,
  ],
  [
    ['images', 'a', 'b'],
    '',
    "docker: 'docker images' requires at most 1 argument\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nSRun 'docker images --help' for more information\n",
    1,
  ],
  [
    ['container', 'inspect'],
    '',
    "docker: 'docker container inspect' requires at least 1 argument\n\nUsage:  docker container inspect [OPTIONS] CONTAINER [CONTAINER...]\n\nSee 'docker container inspect --help' for more information\n",
    1,
  ],
  [
    ['run', '-h'],
    '',
    "flag needs an argument: 'h' in -h\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information\n",
    125,
  ],
  [
    ['container', 'foo'],
    '',
    "docker: unknown command: docker container foo\n\nUsage:  docker container\n\nRun 'docker container --help' for more information\n",
    1,
  ],
  [
    ['image', 'foo'],
    '',
    "docker: unknown command: docker image foo\n\nUsage:  docker image\n\nRun 'docker image --help' for more information\n",
    1,
  ],
  [
    ['stop', '--time', '1', 'x', '--help'],
    'Flag --time has been deprecated, use --timeout instead\nUsage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n\nStop one or more running containers\n\nAliases:\n  docker container stop, docker stop\n\nOptions:\n  -s, --signal string   Signal to send to the container\n  -t, --timeout int     Seconds to wait before killing the container\n',
    '',
    0,
  ],
  [
    ['container', 'run'],
    '',
    "docker: 'docker container run' requires at least 1 argument\n\nUsage:  docker container run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker container run --help' for more information\n",
    1,
  ],
  [
    ['ps', '-n', 'x'],
    '',
    'invalid argument "x" for "-n, --last" flag: strconv.ParseInt: parsing "x": invalid syntax\n\nUsage:  docker ps [OPTIONS]\n\nRun \'docker ps --help\' for more information\n',
    125,
  ],
  [
    ['kill'],
    '',
    "docker: 'docker kill' requires at least 1 argument\n\nUsage:  docker kill [OPTIONS] CONTAINER [CONTAINER...]\n\nSee 'docker kill --help' for more information\n",
    1,
  ],
  [
    ['container', 'list', 'x'],
    '',
    "docker: 'docker container ls' accepts no arguments\n\nUsage:  docker container ls [OPTIONS]\n\nRun 'docker container ls --help' for more information\n",
    1,
  ],
  [
    ['container', 'ps', 'x'],
    '',
    "docker: 'docker container ls' accepts no arguments\n\nUsage:  docker container ls [OPTIONS]\n\nRun 'docker container ls --help' for more information\n",
    1,
  ],
  [
    ['image', 'list', 'a', 'b'],
    '',
    "docker: 'docker image ls' requires at most 1 argument\n\nUsage:  docker image ls [OPTIONS] [REPOSITORY[:TAG]]\n\nSRun 'docker image ls --help' for more information\n",
    1,
  ],
  [
    ['run', '-d=maybe', 'busybox'],
    '',
    'invalid argument "maybe" for "-d, --detach" flag: strconv.ParseBool: parsing "maybe": invalid syntax\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun \'docker run --help\' for more information\n',
    125,
  ],
];

describe('errors reproduce the real CLI byte for byte', () => {
  it.each(captured)('docker %j', (argv, stdout, stderr, exitCode) => {
    expect(docker(...argv)).toEqual({ kind: 'exit', stdout, stderr, exitCode });
  });
});

/** More captures: typed-value validation, combined shorthands, exec's -h. */
const capturedValues: ReadonlyArray<readonly [readonly string[], string, string, number]> = [
  [
    ['run', '-dit'],
    '',
    "docker: 'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker run --help' for more information\n",
    1,
  ],
  [
    ['exec', '-dit', 'web'],
    '',
    "docker: 'docker exec' requires at least 2 arguments\n\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nSee 'docker exec --help' for more information\n",
    1,
  ],
  [
    ['exec', '-h'],
    'Flag shorthand -h has been deprecated, use --help\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nExecute a command in a running container\n\nAliases:\n  docker container exec, docker exec\n\nOptions:\n  -d, --detach               Detached mode: run command in the background\n      --detach-keys string   Override the key sequence for detaching a\n                             container\n  -e, --env list             Set environment variables\n      --env-file list        Read in a file of environment variables\n  -i, --interactive          Keep STDIN open even if not attached\n      --privileged           Give extended privileges to the command\n  -t, --tty                  Allocate a pseudo-TTY\n  -u, --user string          Username or UID (format:\n                             "<name|uid>[:<group|gid>]")\n  -w, --workdir string       Working directory inside the container\n',
    '',
    0,
  ],
  [
    ['ps', '-aqz'],
    '',
    "unknown shorthand flag: 'z' in -z\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information\n",
    125,
  ],
  [
    ['rm', '-fvz', 'x'],
    '',
    "unknown shorthand flag: 'z' in -z\n\nUsage:  docker rm [OPTIONS] CONTAINER [CONTAINER...]\n\nRun 'docker rm --help' for more information\n",
    125,
  ],
  [
    ['logs', '-f', '--tail'],
    '',
    "flag needs an argument: --tail\n\nUsage:  docker logs [OPTIONS] CONTAINER\n\nRun 'docker logs --help' for more information\n",
    125,
  ],
  [
    ['run', '--cpus', 'x', 'busybox'],
    '',
    'invalid argument "x" for "--cpus" flag: failed to parse x as a rational number\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun \'docker run --help\' for more information\n',
    125,
  ],
  [
    ['run', '--blkio-weight', '70000', 'busybox'],
    '',
    'invalid argument "70000" for "--blkio-weight" flag: strconv.ParseUint: parsing "70000": value out of range\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun \'docker run --help\' for more information\n',
    125,
  ],
  [
    ['run', '-e', '=x', 'busybox'],
    '',
    'invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun \'docker run --help\' for more information\n',
    125,
  ],
  [
    ['run', '--health-interval', '1', 'busybox'],
    '',
    'invalid argument "1" for "--health-interval" flag: time: missing unit in duration "1"\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun \'docker run --help\' for more information\n',
    125,
  ],
  [
    ['run', '--stop-timeout', '99999999999999999999', 'busybox'],
    '',
    'invalid argument "99999999999999999999" for "--stop-timeout" flag: strconv.ParseInt: parsing "99999999999999999999": value out of range\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun \'docker run --help\' for more information\n',
    125,
  ],
  [
    ['run', '--annotation', 'x', '--help'],
    '"--annotation" requires API version 1.43, but the Docker daemon API version is 1.41\n',
    '',
    0,
  ],
  [
    ['stop', '-t', 'x', 'c'],
    '',
    'invalid argument "x" for "-t, --timeout" flag: strconv.ParseInt: parsing "x": invalid syntax\n\nUsage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n\nRun \'docker stop --help\' for more information\n',
    125,
  ],
  [
    ['run', '--sysctl', 'foo', 'busybox'],
    '',
    'invalid argument "foo" for "--sysctl" flag: sysctl \'foo\' is not allowed\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun \'docker run --help\' for more information\n',
    125,
  ],
  [
    ['run', '-a', 'foo', 'busybox'],
    '',
    'invalid argument "foo" for "-a, --attach" flag: valid streams are STDIN, STDOUT and STDERR\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun \'docker run --help\' for more information\n',
    125,
  ],
  [
    ['container', 'ls', '--filter', 'nodash'],
    '',
    'invalid argument "nodash" for "-f, --filter" flag: bad format of filter (expected name=value)\n\nUsage:  docker container ls [OPTIONS]\n\nRun \'docker container ls --help\' for more information\n',
    125,
  ],
];

describe('flag value errors reproduce the real CLI', () => {
  it.each(capturedValues)('docker %j', (argv, stdout, stderr, exitCode) => {
    expect(docker(...argv)).toEqual({ kind: 'exit', stdout, stderr, exitCode });
  });
});

describe('command lines that run', () => {
  it("docker run -dit --name web -v data:/data busybox sh -c 'echo hi'", () => {
    const r = run('run', '-dit', '--name', 'web', '-v', 'data:/data', 'busybox', 'sh', '-c', 'echo hi');
    expect(r.command).toBe(dockerRun);
    expect(r.args).toEqual(['busybox', 'sh', '-c', 'echo hi']);
    expect(r.flags.bool('detach')).toBe(true);
    expect(r.flags.bool('interactive')).toBe(true);
    expect(r.flags.bool('tty')).toBe(true);
    expect(r.flags.string('name')).toBe('web');
    expect(r.flags.stringArray('volume')).toEqual(['data:/data']);
    // -c after the image belongs to the command, not to --cpu-shares.
    expect(r.flags.changed('cpu-shares')).toBe(false);
    expect(r.stdout).toBe('');
  });

  it('flags after the image are the command, even --help, --rm and unknown ones', () => {
    const r = run('run', 'busybox', 'ls', '--rm', '-la', '--help', '--bogus');
    expect(r.args).toEqual(['busybox', 'ls', '--rm', '-la', '--help', '--bogus']);
    expect(r.flags.changedNames()).toEqual([]);
  });

  it('repeatable run flags keep every occurrence in order', () => {
    const r = run(
      'run',
      '--rm',
      '-v',
      'a:/a',
      '--volume=b:/b',
      '-e',
      'A=1',
      '-eB=2',
      '-l',
      'x=y',
      '--mount',
      'type=volume,src=v,dst=/v',
      '--mount',
      'type=tmpfs,dst=/t',
      '--tmpfs',
      '/run',
      '--volumes-from',
      'c1',
      '--volumes-from',
      'c2:ro',
      '--cap-add',
      'NET_ADMIN',
      '--cap-add',
      'SYS_TIME',
      'busybox',
    );
    expect(r.flags.bool('rm')).toBe(true);
    expect(r.flags.stringArray('volume')).toEqual(['a:/a', 'b:/b']);
    expect(r.flags.stringArray('env')).toEqual(['A=1', 'B=2']);
    expect(r.flags.stringArray('label')).toEqual(['x=y']);
    expect(r.flags.stringArray('mount')).toEqual(['type=volume,src=v,dst=/v', 'type=tmpfs,dst=/t']);
    expect(r.flags.stringArray('tmpfs')).toEqual(['/run']);
    expect(r.flags.stringArray('volumes-from')).toEqual(['c1', 'c2:ro']);
    expect(r.flags.stringArray('cap-add')).toEqual(['NET_ADMIN', 'SYS_TIME']);
    expect(r.args).toEqual(['busybox']);
  });

  it('docker run -h is --hostname, and typed values keep their text', () => {
    const r = run('run', '-h', 'box', '--stop-timeout', '0x10', '-m', '64m', '--cpus', '1.5', 'busybox');
    expect(r.flags.string('hostname')).toBe('box');
    expect(r.flags.string('stop-timeout')).toBe('0x10');
    expect(r.flags.string('memory')).toBe('64m');
    expect(r.flags.string('cpus')).toBe('1.5');
    expect(r.flags.string('pull')).toBe('missing');
    expect(r.flags.string('restart')).toBe('no');
  });

  it('docker run -p 80:80 busybox parses (publishing is refused by the lab policy, not the parser)', () => {
    const r = run('run', '-p', '80:80', 'busybox');
    expect(r.flags.stringArray('publish')).toEqual(['80:80']);
    expect(r.args).toEqual(['busybox']);
  });

  it('docker container run is the same command under the group path', () => {
    const r = run('container', 'run', '--rm', 'busybox', 'true');
    expect(r.command.parentPath).toBe('docker container');
    expect(r.args).toEqual(['busybox', 'true']);
  });

  it("docker exec -it web sh -c 'ls -l'", () => {
    const r = run('exec', '-it', 'web', 'sh', '-c', 'ls -l');
    expect(r.command).toBe(dockerExec);
    expect(r.args).toEqual(['web', 'sh', '-c', 'ls -l']);
    expect(r.flags.bool('interactive')).toBe(true);
    expect(r.flags.bool('tty')).toBe(true);
  });

  it('docker ps -aq', () => {
    const r = run('ps', '-aq');
    expect(r.command).toBe(dockerPs);
    expect(r.flags.bool('all')).toBe(true);
    expect(r.flags.bool('quiet')).toBe(true);
    expect(r.flags.string('last')).toBe('-1');
  });

  it('docker rm -fv x', () => {
    const r = run('rm', '-fv', 'x');
    expect(r.flags.bool('force')).toBe(true);
    expect(r.flags.bool('volumes')).toBe(true);
    expect(r.flags.bool('link')).toBe(false);
    expect(r.args).toEqual(['x']);
  });

  it('docker logs -f --tail 5 x (and the tail default)', () => {
    const r = run('logs', '-f', '--tail', '5', 'x');
    expect(r.flags.bool('follow')).toBe(true);
    expect(r.flags.string('tail')).toBe('5');
    expect(r.args).toEqual(['x']);
    expect(run('logs', 'x').flags.string('tail')).toBe('all');
  });

  it('docker container ls --filter status=exited (and its list/ps aliases)', () => {
    for (const word of ['ls', 'list', 'ps']) {
      const r = run('container', word, '--filter', 'status=exited');
      expect(r.command).toBe(containerList);
      expect(r.flags.stringArray('filter')).toEqual(['status=exited']);
    }
  });

  it('docker stop --time prints the deprecation notice and still runs', () => {
    const r = run('stop', '--time', '3', 'x');
    expect(r.stdout).toBe('Flag --time has been deprecated, use --timeout instead\n');
    expect(r.flags.string('time')).toBe('3');
  });

  it('docker version, docker volume and unknown words route like the root command', () => {
    expect(run('version').command.name).toBe('version');
    expect(run('volume', 'ls').command.parentPath).toBe('docker volume');
    expect(lookupRoot('create')).toBeUndefined();
    expect(docker('volum')).toEqual(unknownRootCommand('volum'));
  });
});

describe('scanFlags with interspersed false (pflag SetInterspersed(false))', () => {
  const flags = dockerRun.flags;
  it('stops at the first positional argument', () => {
    const scan = scanFlags(flags, ['-d', 'img', '-d', '--x'], false, false);
    expect(scan.ok && scan.args).toEqual(['img', '-d', '--x']);
  });
  it('a lone "-" is positional and stops parsing too', () => {
    const scan = scanFlags(flags, ['-', '-d'], false, false);
    expect(scan.ok && scan.args).toEqual(['-', '-d']);
  });
  it('"--" before the first positional is still consumed as the terminator', () => {
    const scan = scanFlags(flags, ['-d', '--', '-i'], false, false);
    expect(scan.ok && scan.args).toEqual(['-i']);
  });
  it('interspersed parsing stays the default', () => {
    const scan = scanFlags(flags, ['img', '-d'], false);
    expect(scan.ok && scan.args).toEqual(['img']);
    expect(scan.ok && scan.flags.bool('detach')).toBe(true);
  });
});

describe('randomContainerName', () => {
  it("builds adjective_surname from moby's lists", () => {
    expect(NAME_ADJECTIVES).toHaveLength(108);
    expect(NAME_SURNAMES).toHaveLength(239);
    expect(randomContainerName(() => 0)).toBe('admiring_albattani');
    expect(randomContainerName(() => 0.999999)).toBe('zen_jijau');
    expect(randomContainerName()).toMatch(/^[a-z]+_[a-z]+$/);
  });
  it('never returns boring_wozniak', () => {
    const boring = NAME_ADJECTIVES.indexOf('boring');
    const wozniak = NAME_SURNAMES.indexOf('wozniak');
    // First draw lands on boring_wozniak, the retry on the first entries.
    const draws = [(boring + 0.5) / NAME_ADJECTIVES.length, (wozniak + 0.5) / NAME_SURNAMES.length, 0, 0];
    expect(randomContainerName(() => draws.shift() ?? 0)).toBe('admiring_albattani');
  });
});
