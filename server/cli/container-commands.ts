/**
 * Specs of the container commands the lab supports, as docker CLI 28 registers them
 * (cli/command/container/*.go, cli/command/image/list.go, cli/command/system/inspect.go):
 * `docker run|exec|ps|rm|stop|start|restart|kill|wait|logs|inspect|images`, their
 * `docker container …` twins, `docker image ls|inspect` and the trimmed `container`/`image` groups.
 * Descriptions are verbatim: help output is compared byte for byte with the real CLI.
 * Only tables live here: value types and their validation are in `./opts/`.
 */
import type { CommandGroup, CommandSpec, FlagSpec } from './command-spec.ts';
import { FORMAT_HELP, INSPECT_FORMAT_HELP } from './format-help.ts';
import {
  validateDeviceCgroupRule,
  validateThrottleBps,
  validateThrottleIops,
  validateWeightDevice,
} from './opts/devices.ts';
import {
  bool,
  bracketList,
  bytes,
  decimal,
  duration,
  type FlagExtra,
  filter,
  int,
  list,
  map,
  memSwapBytes,
  mount,
  silentList,
  str,
  uint16,
  uint64,
} from './opts/flag-types.ts';
import { validateEnv, validateLabel, validateSysctl } from './opts/key-value.ts';
import { validateDNSSearch, validateExtraHost, validateIPAddress, validateLink } from './opts/network.ts';
import { validateAttach } from './opts/run-values.ts';

const ROOT = 'docker';
const CONTAINER = 'docker container';
const IMAGE = 'docker image';

const CGROUPNS_HELP = `Cgroup namespace to use (host|private)
'host':    Run the container in the Docker host's cgroup namespace
'private': Run the container in its own private cgroup namespace
'':        Use the cgroup namespace as configured by the
           default-cgroupns-mode option on the daemon (default)`;

/** Windows-only flags (`ostype` annotation): a Linux daemon hides them (see report: not gated here). */
const WINDOWS_ONLY: FlagExtra = { hidden: true };

// ---------------------------------------------------------------------------
// docker run (container run).
// ---------------------------------------------------------------------------

/**
 * Flags of `docker run` in registration order (run.go, then `addFlags` of opts.go).
 * `--disable-content-trust` and `--sig-proxy` default to true: `ParsedFlags.bool` returns
 * false when they are absent, so read them as `!flags.changed(n) || flags.bool(n)`.
 */
const RUN_FLAGS: readonly FlagSpec[] = [
  bool('detach', 'd', 'Run container in background and print container ID'),
  bool('sig-proxy', undefined, 'Proxy received signals to the process', { defaultText: 'true' }),
  str('name', undefined, 'Assign a name to the container'),
  str('detach-keys', undefined, 'Override the key sequence for detaching a container'),
  str('pull', undefined, 'Pull image before running ("always", "missing", "never")', 'missing'),
  bool('quiet', 'q', 'Suppress the pull output'),
  // run registers its own --help without a shorthand: -h is --hostname.
  bool('help', undefined, 'Print usage'),
  str('platform', undefined, 'Set platform if server is multi-platform capable', '', {
    minApiVersion: '1.32',
  }),
  bool('disable-content-trust', undefined, 'Skip image verification', { defaultText: 'true' }),
  // General purpose flags.
  list('attach', 'a', 'Attach to STDIN, STDOUT or STDERR', validateAttach),
  list(
    'device-cgroup-rule',
    undefined,
    'Add a rule to the cgroup allowed devices list',
    validateDeviceCgroupRule,
  ),
  list('device', undefined, 'Add a host device to the container'),
  silentList('gpus', 'gpu-request', "GPU devices to add to the container ('all' to pass all GPUs)", {
    minApiVersion: '1.40',
  }),
  list('env', 'e', 'Set environment variables', validateEnv),
  list('env-file', undefined, 'Read in a file of environment variables'),
  str('entrypoint', undefined, 'Overwrite the default ENTRYPOINT of the image'),
  list('group-add', undefined, 'Add additional groups to join'),
  str('hostname', 'h', 'Container host name'),
  str('domainname', undefined, 'Container NIS domain name'),
  bool('interactive', 'i', 'Keep STDIN open even if not attached'),
  list('label', 'l', 'Set meta data on a container', validateLabel),
  list('label-file', undefined, 'Read in a line delimited file of labels'),
  bool('read-only', undefined, "Mount the container's root filesystem as read only"),
  str('restart', undefined, 'Restart policy to apply when a container exits', 'no'),
  str('stop-signal', undefined, 'Signal to stop the container'),
  int('stop-timeout', undefined, 'Timeout (in seconds) to stop a container', '0', { minApiVersion: '1.25' }),
  map('sysctl', 'Sysctl options', { validate: validateSysctl }),
  bool('tty', 't', 'Allocate a pseudo-TTY'),
  bracketList('ulimit', 'ulimit', 'Ulimit options'),
  str('user', 'u', 'Username or UID (format: <name|uid>[:<group|gid>])'),
  str('workdir', 'w', 'Working directory inside the container'),
  bool(
    'rm',
    undefined,
    'Automatically remove the container and its associated anonymous volumes when it exits',
  ),
  // Security.
  list('cap-add', undefined, 'Add Linux capabilities'),
  list('cap-drop', undefined, 'Drop Linux capabilities'),
  bool('privileged', undefined, 'Give extended privileges to this container'),
  list('security-opt', undefined, 'Security Options'),
  str('userns', undefined, 'User namespace to use'),
  str('cgroupns', undefined, CGROUPNS_HELP, '', { minApiVersion: '1.41' }),
  // Network and port publishing.
  list('add-host', undefined, 'Add a custom host-to-IP mapping (host:ip)', validateExtraHost),
  list('dns', undefined, 'Set custom DNS servers', validateIPAddress),
  // --dns-opt is the hidden spelling of --dns-option; both fill the same list.
  { ...list('dns-opt', undefined, 'Set DNS options'), hidden: true },
  list('dns-option', undefined, 'Set DNS options'),
  list('dns-search', undefined, 'Set custom DNS search domains', validateDNSSearch),
  list('expose', undefined, 'Expose a port or a range of ports'),
  str('ip', undefined, 'IPv4 address (e.g., 172.30.100.104)'),
  str('ip6', undefined, 'IPv6 address (e.g., 2001:db8::33)'),
  list('link', undefined, 'Add link to another container', validateLink),
  list('link-local-ip', undefined, 'Container IPv4/IPv6 link-local addresses'),
  str('mac-address', undefined, 'Container MAC address (e.g., 92:d0:c6:0a:29:33)'),
  // The lab refuses publishing in its policy; the parser accepts it like the CLI.
  list('publish', 'p', "Publish a container's port(s) to the host"),
  bool('publish-all', 'P', 'Publish all exposed ports to random ports'),
  // --net is the hidden spelling of --network (NetworkOpt, whose String() is always "").
  silentList('net', 'network', 'Connect a container to a network', { hidden: true }),
  silentList('network', 'network', 'Connect a container to a network'),
  { ...list('net-alias', undefined, 'Add network-scoped alias for the container'), hidden: true },
  list('network-alias', undefined, 'Add network-scoped alias for the container'),
  // Logging and storage.
  str('log-driver', undefined, 'Logging driver for the container'),
  str('volume-driver', undefined, 'Optional volume driver for the container'),
  list('log-opt', undefined, 'Log driver options'),
  list('storage-opt', undefined, 'Storage driver options for the container'),
  list('tmpfs', undefined, 'Mount a tmpfs directory'),
  list('volumes-from', undefined, 'Mount volumes from the specified container(s)'),
  list('volume', 'v', 'Bind mount a volume'),
  mount('mount', 'Attach a filesystem mount to the container'),
  // Health-checking.
  str('health-cmd', undefined, 'Command to run to check health'),
  duration('health-interval', 'Time between running the check (ms|s|m|h) (default 0s)'),
  int('health-retries', undefined, 'Consecutive failures needed to report unhealthy'),
  duration('health-timeout', 'Maximum time to allow one check to run (ms|s|m|h) (default 0s)'),
  duration(
    'health-start-period',
    'Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)',
    { minApiVersion: '1.29' },
  ),
  duration(
    'health-start-interval',
    'Time between running the check during the start period (ms|s|m|h) (default 0s)',
    {
      minApiVersion: '1.44',
    },
  ),
  bool('no-healthcheck', undefined, 'Disable any container-specified HEALTHCHECK'),
  // Resource management.
  uint16('blkio-weight', 'Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)'),
  bracketList(
    'blkio-weight-device',
    'list',
    'Block IO weight (relative device weight)',
    validateWeightDevice,
  ),
  str('cidfile', undefined, 'Write the container ID to the file'),
  str('cpuset-cpus', undefined, 'CPUs in which to allow execution (0-3, 0,1)'),
  str('cpuset-mems', undefined, 'MEMs in which to allow execution (0-3, 0,1)'),
  int('cpu-count', undefined, 'CPU count (Windows only)', '0', WINDOWS_ONLY),
  int('cpu-percent', undefined, 'CPU percent (Windows only)', '0', WINDOWS_ONLY),
  int('cpu-period', undefined, 'Limit CPU CFS (Completely Fair Scheduler) period'),
  int('cpu-quota', undefined, 'Limit CPU CFS (Completely Fair Scheduler) quota'),
  int('cpu-rt-period', undefined, 'Limit CPU real-time period in microseconds', '0', {
    minApiVersion: '1.25',
  }),
  int('cpu-rt-runtime', undefined, 'Limit CPU real-time runtime in microseconds', '0', {
    minApiVersion: '1.25',
  }),
  int('cpu-shares', 'c', 'CPU shares (relative weight)'),
  decimal('cpus', 'Number of CPUs', { minApiVersion: '1.25' }),
  bracketList(
    'device-read-bps',
    'list',
    'Limit read rate (bytes per second) from a device',
    validateThrottleBps,
  ),
  bracketList(
    'device-read-iops',
    'list',
    'Limit read rate (IO per second) from a device',
    validateThrottleIops,
  ),
  bracketList(
    'device-write-bps',
    'list',
    'Limit write rate (bytes per second) to a device',
    validateThrottleBps,
  ),
  bracketList(
    'device-write-iops',
    'list',
    'Limit write rate (IO per second) to a device',
    validateThrottleIops,
  ),
  bytes(
    'io-maxbandwidth',
    undefined,
    'Maximum IO bandwidth limit for the system drive (Windows only)',
    WINDOWS_ONLY,
  ),
  uint64('io-maxiops', 'Maximum IOps limit for the system drive (Windows only)', WINDOWS_ONLY),
  bytes('kernel-memory', undefined, 'Kernel memory limit'),
  bytes('memory', 'm', 'Memory limit'),
  bytes('memory-reservation', undefined, 'Memory soft limit'),
  memSwapBytes('memory-swap', "Swap limit equal to memory plus swap: '-1' to enable unlimited swap"),
  int('memory-swappiness', undefined, 'Tune container memory swappiness (0 to 100)', '-1'),
  bool('oom-kill-disable', undefined, 'Disable OOM Killer'),
  int('oom-score-adj', undefined, "Tune host's OOM preferences (-1000 to 1000)"),
  int('pids-limit', undefined, 'Tune container pids limit (set -1 for unlimited)'),
  // Low-level execution (cgroups, namespaces, ...).
  str('cgroup-parent', undefined, 'Optional parent cgroup for the container'),
  str('ipc', undefined, 'IPC mode to use'),
  str('isolation', undefined, 'Container isolation technology'),
  str('pid', undefined, 'PID namespace to use'),
  bytes('shm-size', undefined, 'Size of /dev/shm'),
  str('uts', undefined, 'UTS namespace to use'),
  str('runtime', undefined, 'Runtime to use for this container'),
  bool('init', undefined, 'Run an init inside the container that forwards signals and reaps processes', {
    minApiVersion: '1.25',
  }),
  map('annotation', 'Add an annotation to the container (passed through to the OCI runtime)', {
    minApiVersion: '1.43',
  }),
  bool('use-api-socket', undefined, 'Bind mount Docker API socket and required auth'),
];

const RUN_BASE = {
  usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  short: 'Create and run a new container from an image',
  args: { kind: 'min', count: 1 },
  flags: RUN_FLAGS,
  interspersed: false,
  aliasesAnnotation: 'docker container run, docker run',
} as const satisfies Omit<CommandSpec, 'parentPath' | 'name' | 'aliases'>;

/** `docker run`: flags stop at the image; everything after it is the command. */
export const dockerRun: CommandSpec = { parentPath: ROOT, name: 'run', aliases: [], ...RUN_BASE };
/** `docker container run`. */
export const containerRun: CommandSpec = { parentPath: CONTAINER, name: 'run', aliases: [], ...RUN_BASE };

// ---------------------------------------------------------------------------
// docker exec (container exec).
// ---------------------------------------------------------------------------

const EXEC_BASE = {
  usage: '[OPTIONS] CONTAINER COMMAND [ARG...]',
  short: 'Execute a command in a running container',
  args: { kind: 'min', count: 2 },
  interspersed: false,
  aliasesAnnotation: 'docker container exec, docker exec',
  flags: [
    str('detach-keys', undefined, 'Override the key sequence for detaching a container'),
    bool('interactive', 'i', 'Keep STDIN open even if not attached'),
    bool('tty', 't', 'Allocate a pseudo-TTY'),
    bool('detach', 'd', 'Detached mode: run command in the background'),
    str('user', 'u', 'Username or UID (format: "<name|uid>[:<group|gid>]")'),
    bool('privileged', undefined, 'Give extended privileges to the command'),
    list('env', 'e', 'Set environment variables', validateEnv),
    { ...list('env-file', undefined, 'Read in a file of environment variables'), minApiVersion: '1.25' },
    str('workdir', 'w', 'Working directory inside the container', '', { minApiVersion: '1.35' }),
  ],
} as const satisfies Omit<CommandSpec, 'parentPath' | 'name' | 'aliases'>;

/** `docker exec`: flags stop at the container; everything after it is the command. */
export const dockerExec: CommandSpec = { parentPath: ROOT, name: 'exec', aliases: [], ...EXEC_BASE };
/** `docker container exec`. */
export const containerExec: CommandSpec = { parentPath: CONTAINER, name: 'exec', aliases: [], ...EXEC_BASE };

// ---------------------------------------------------------------------------
// docker ps (container ls|list|ps).
// ---------------------------------------------------------------------------

const PS_BASE = {
  usage: '[OPTIONS]',
  short: 'List containers',
  args: { kind: 'none' },
  aliasesAnnotation: 'docker container ls, docker container list, docker container ps, docker ps',
  flags: [
    bool('quiet', 'q', 'Only display container IDs'),
    bool('size', 's', 'Display total file sizes'),
    bool('all', 'a', 'Show all containers (default shows just running)'),
    bool('no-trunc', undefined, "Don't truncate output"),
    bool('latest', 'l', 'Show the latest created container (includes all states)'),
    int('last', 'n', 'Show n last created containers (includes all states)', '-1'),
    str('format', undefined, FORMAT_HELP),
    filter('f', 'Filter output based on conditions provided'),
  ],
} as const satisfies Omit<CommandSpec, 'parentPath' | 'name' | 'aliases'>;

/** `docker ps`. */
export const dockerPs: CommandSpec = { parentPath: ROOT, name: 'ps', aliases: [], ...PS_BASE };
/** `docker container ls` (aliases `list`, `ps`). */
export const containerList: CommandSpec = {
  parentPath: CONTAINER,
  name: 'ls',
  aliases: ['list', 'ps'],
  ...PS_BASE,
};

// ---------------------------------------------------------------------------
// docker rm (container rm|remove).
// ---------------------------------------------------------------------------

const RM_BASE = {
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Remove one or more containers',
  args: { kind: 'min', count: 1 },
  aliasesAnnotation: 'docker container rm, docker container remove, docker rm',
  flags: [
    bool('volumes', 'v', 'Remove anonymous volumes associated with the container'),
    bool('link', 'l', 'Remove the specified link'),
    bool('force', 'f', 'Force the removal of a running container (uses SIGKILL)'),
  ],
} as const satisfies Omit<CommandSpec, 'parentPath' | 'name' | 'aliases'>;

/** `docker rm`. */
export const dockerRm: CommandSpec = { parentPath: ROOT, name: 'rm', aliases: [], ...RM_BASE };
/** `docker container rm` (alias `remove`). */
export const containerRemove: CommandSpec = {
  parentPath: CONTAINER,
  name: 'rm',
  aliases: ['remove'],
  ...RM_BASE,
};

// ---------------------------------------------------------------------------
// stop, start, restart, kill, wait, logs.
// ---------------------------------------------------------------------------

/** `-s/--signal`, `-t/--timeout` and the deprecated `--time` shared by stop and restart. */
const STOP_FLAGS: readonly FlagSpec[] = [
  str('signal', 's', 'Signal to send to the container'),
  int('timeout', 't', 'Seconds to wait before killing the container'),
  int('time', undefined, 'Seconds to wait before killing the container (deprecated: use --timeout)', '0', {
    deprecated: 'use --timeout instead',
  }),
];

const STOP_BASE = {
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Stop one or more running containers',
  args: { kind: 'min', count: 1 },
  aliasesAnnotation: 'docker container stop, docker stop',
  flags: STOP_FLAGS,
} as const satisfies Omit<CommandSpec, 'parentPath' | 'name' | 'aliases'>;

/** `docker stop`. */
export const dockerStop: CommandSpec = { parentPath: ROOT, name: 'stop', aliases: [], ...STOP_BASE };
/** `docker container stop`. */
export const containerStop: CommandSpec = { parentPath: CONTAINER, name: 'stop', aliases: [], ...STOP_BASE };

const START_BASE = {
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Start one or more stopped containers',
  args: { kind: 'min', count: 1 },
  aliasesAnnotation: 'docker container start, docker start',
  flags: [
    bool('attach', 'a', 'Attach STDOUT/STDERR and forward signals'),
    bool('interactive', 'i', "Attach container's STDIN"),
    str('detach-keys', undefined, 'Override the key sequence for detaching a container'),
    // Experimental-daemon flags: hidden here; the real CLI also refuses them without experimental.
    str('checkpoint', undefined, 'Restore from this checkpoint', '', { hidden: true }),
    str('checkpoint-dir', undefined, 'Use a custom checkpoint storage directory', '', { hidden: true }),
  ],
} as const satisfies Omit<CommandSpec, 'parentPath' | 'name' | 'aliases'>;

/** `docker start`. */
export const dockerStart: CommandSpec = { parentPath: ROOT, name: 'start', aliases: [], ...START_BASE };
/** `docker container start`. */
export const containerStart: CommandSpec = {
  parentPath: CONTAINER,
  name: 'start',
  aliases: [],
  ...START_BASE,
};

const RESTART_BASE = {
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Restart one or more containers',
  args: { kind: 'min', count: 1 },
  aliasesAnnotation: 'docker container restart, docker restart',
  flags: STOP_FLAGS,
} as const satisfies Omit<CommandSpec, 'parentPath' | 'name' | 'aliases'>;

/** `docker restart`. */
export const dockerRestart: CommandSpec = { parentPath: ROOT, name: 'restart', aliases: [], ...RESTART_BASE };
/** `docker container restart`. */
export const containerRestart: CommandSpec = {
  parentPath: CONTAINER,
  name: 'restart',
  aliases: [],
  ...RESTART_BASE,
};

const KILL_BASE = {
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Kill one or more running containers',
  args: { kind: 'min', count: 1 },
  aliasesAnnotation: 'docker container kill, docker kill',
  flags: [str('signal', 's', 'Signal to send to the container')],
} as const satisfies Omit<CommandSpec, 'parentPath' | 'name' | 'aliases'>;

/** `docker kill`. */
export const dockerKill: CommandSpec = { parentPath: ROOT, name: 'kill', aliases: [], ...KILL_BASE };
/** `docker container kill`. */
export const containerKill: CommandSpec = { parentPath: CONTAINER, name: 'kill', aliases: [], ...KILL_BASE };

const WAIT_BASE = {
  usage: 'CONTAINER [CONTAINER...]',
  short: 'Block until one or more containers stop, then print their exit codes',
  args: { kind: 'min', count: 1 },
  aliasesAnnotation: 'docker container wait, docker wait',
  flags: [],
} as const satisfies Omit<CommandSpec, 'parentPath' | 'name' | 'aliases'>;

/** `docker wait`. */
export const dockerWait: CommandSpec = { parentPath: ROOT, name: 'wait', aliases: [], ...WAIT_BASE };
/** `docker container wait`. */
export const containerWait: CommandSpec = { parentPath: CONTAINER, name: 'wait', aliases: [], ...WAIT_BASE };

const LOGS_BASE = {
  usage: '[OPTIONS] CONTAINER',
  short: 'Fetch the logs of a container',
  args: { kind: 'exact', count: 1 },
  aliasesAnnotation: 'docker container logs, docker logs',
  flags: [
    bool('follow', 'f', 'Follow log output'),
    str(
      'since',
      undefined,
      'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    ),
    str(
      'until',
      undefined,
      'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
      '',
      { minApiVersion: '1.35' },
    ),
    bool('timestamps', 't', 'Show timestamps'),
    bool('details', undefined, 'Show extra details provided to logs'),
    str('tail', 'n', 'Number of lines to show from the end of the logs', 'all'),
  ],
} as const satisfies Omit<CommandSpec, 'parentPath' | 'name' | 'aliases'>;

/** `docker logs`. */
export const dockerLogs: CommandSpec = { parentPath: ROOT, name: 'logs', aliases: [], ...LOGS_BASE };
/** `docker container logs`. */
export const containerLogs: CommandSpec = { parentPath: CONTAINER, name: 'logs', aliases: [], ...LOGS_BASE };

// ---------------------------------------------------------------------------
// inspect, prune.
// ---------------------------------------------------------------------------

/** `docker inspect` (system inspect: any object type). */
export const dockerInspect: CommandSpec = {
  parentPath: ROOT,
  name: 'inspect',
  aliases: [],
  usage: '[OPTIONS] NAME|ID [NAME|ID...]',
  short: 'Return low-level information on Docker objects',
  args: { kind: 'min', count: 1 },
  flags: [
    str('format', 'f', INSPECT_FORMAT_HELP),
    str('type', undefined, 'Only inspect objects of the given type'),
    bool('size', 's', 'Display total file sizes if the type is container'),
  ],
};

/** `docker container inspect`. */
export const containerInspect: CommandSpec = {
  parentPath: CONTAINER,
  name: 'inspect',
  aliases: [],
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Display detailed information on one or more containers',
  args: { kind: 'min', count: 1 },
  flags: [str('format', 'f', INSPECT_FORMAT_HELP), bool('size', 's', 'Display total file sizes')],
};

/** `docker container prune`. */
export const containerPrune: CommandSpec = {
  parentPath: CONTAINER,
  name: 'prune',
  aliases: [],
  usage: '[OPTIONS]',
  short: 'Remove all stopped containers',
  args: { kind: 'none' },
  minApiVersion: '1.25',
  flags: [
    bool('force', 'f', 'Do not prompt for confirmation'),
    filter(undefined, 'Provide filter values (e.g. "until=<timestamp>")'),
  ],
};

// ---------------------------------------------------------------------------
// docker images (image ls|list).
// ---------------------------------------------------------------------------

const IMAGES_BASE = {
  usage: '[OPTIONS] [REPOSITORY[:TAG]]',
  short: 'List images',
  args: { kind: 'max', count: 1 },
  aliasesAnnotation: 'docker image ls, docker image list, docker images',
  flags: [
    bool('quiet', 'q', 'Only show image IDs'),
    bool('all', 'a', 'Show all images (default hides intermediate images)'),
    bool('digests', undefined, 'Show digests'),
    bool('no-trunc', undefined, "Don't truncate output"),
    str('format', undefined, FORMAT_HELP),
    filter('f', 'Filter output based on conditions provided'),
    bool('tree', undefined, 'List multi-platform images as a tree (EXPERIMENTAL)', { minApiVersion: '1.47' }),
  ],
} as const satisfies Omit<CommandSpec, 'parentPath' | 'name' | 'aliases'>;

/** `docker images`. */
export const dockerImages: CommandSpec = { parentPath: ROOT, name: 'images', aliases: [], ...IMAGES_BASE };
/** `docker image ls` (alias `list`). */
export const imageList: CommandSpec = { parentPath: IMAGE, name: 'ls', aliases: ['list'], ...IMAGES_BASE };

/** `docker image inspect` (its `--platform` needs API 1.49, newer than the lab's engines). */
export const imageInspect: CommandSpec = {
  parentPath: IMAGE,
  name: 'inspect',
  aliases: [],
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  short: 'Display detailed information on one or more images',
  args: { kind: 'min', count: 1 },
  flags: [str('format', 'f', INSPECT_FORMAT_HELP)],
};

// ---------------------------------------------------------------------------
// Groups, trimmed to what the lab supports.
// ---------------------------------------------------------------------------

/** `docker container`: only the subcommands the lab implements (the real group lists 25). */
export const containerGroup: CommandGroup = {
  path: CONTAINER,
  // Its cobra `Use` is bare `container`: usage errors print `Usage:  docker container`.
  usage: '',
  short: 'Manage containers',
  commands: [
    containerExec,
    containerInspect,
    containerKill,
    containerLogs,
    containerList,
    containerPrune,
    containerRestart,
    containerRemove,
    containerRun,
    containerStart,
    containerStop,
    containerWait,
  ],
};

/** `docker image`: only `inspect` and `ls` in the lab. */
export const imageGroup: CommandGroup = {
  path: IMAGE,
  usage: '',
  short: 'Manage images',
  commands: [imageInspect, imageList],
};
