/**
 * Hostile command lines a learner can type, with the exact refusal each must get. Placeholders are
 * filled in per run with the victim session's real engine identifiers:
 *   {VICTIM_ID}        the victim's running container, full 64-hex ID
 *   {VICTIM_SHORT}     its first 12 hex digits
 *   {VICTIM_PREFIX}    its first 4 hex digits
 *   {VICTIM_SESSION}   the victim's session id (the value of the lab's session label)
 *   {VICTIM_CONTAINER} the victim's running container's engine name (vl-<id>-web)
 *   {VICTIM_VOLUME}    the victim's volume's engine name (vl-<id>-secret)
 *   {HOST_DIR}         a temporary directory on the host the test owns
 */
import { SUPPORTED } from '../../server/commands/lab-help.ts';

export interface HostileCase {
  /** What the input tries to do. */
  attack: string;
  input: string;
  output: string;
  exitCode: number;
}

const NAMESPACES = "host or other containers' namespaces let a container see and signal what is not its own";
const NO_NETWORK = 'this sandbox has no network';
const LIMITS = 'resource limits are set by the lab so one learner cannot starve the others';
const SERVER_FILES = "it reads or writes files on the lab's server, not in your sandbox";
const DEVICES = "devices give a container the host's hardware";
const BIND =
  'host paths (bind mounts) reach outside your sandbox; mount a named volume instead, like -v mydata:';
const DRIVERS = 'volume drivers and their options mount host paths and devices as root';
const LAB_LABELS = 'labels starting with volume-lab. belong to the lab itself';
const NOT_IN_LAB = (command: string) =>
  `volume-lab: 'docker ${command}' is not available in this lab; ${SUPPORTED}\n`;
const NOT_LIST =
  "' is not available: this lab shell runs one command per line, without pipes, redirections or lists\n";
const INVALID_NAME = (name: string) =>
  `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`;
const RUN_HINT = "\n\nRun 'docker run --help' for more information\n";
/** `docker run` of an image the lab does not have, up to run's help hint: a failed pull, then the lab's line. */
const UNABLE_TO_PULL = (wanted: string) =>
  `Unable to find image '${wanted}' locally\ndocker: Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host\nvolume-lab: this lab has the images busybox, debian, nginx and redis (docker images lists them)`;

function refused(flag: string, reason: string): string {
  return `volume-lab: ${flag} is not available in this sandbox: ${reason}\n`;
}

function run(attack: string, flags: string, flag: string, reason: string): HostileCase {
  return {
    attack,
    input: `docker run --rm ${flags} busybox true`,
    output: refused(flag, reason),
    exitCode: 125,
  };
}

export const ESCAPE_FLAGS: HostileCase[] = [
  run('privileged container', '--privileged', '--privileged', 'it gives a container control of the host'),
  run('host PID namespace', '--pid host', '--pid', NAMESPACES),
  run("another learner's PID namespace", '--pid container:{VICTIM_ID}', '--pid', NAMESPACES),
  run(
    "another learner's network namespace",
    '--network container:{VICTIM_CONTAINER}',
    '--network',
    `${NO_NETWORK}: every container runs with --network none`,
  ),
  run('host network', '--net=host', '--net', `${NO_NETWORK}: every container runs with --network none`),
  run('host IPC namespace', '--ipc host', '--ipc', NAMESPACES),
  run('host UTS namespace', '--uts host', '--uts', NAMESPACES),
  run('no user-namespace remapping', '--userns host', '--userns', NAMESPACES),
  run('host cgroup namespace', '--cgroupns host', '--cgroupns', NAMESPACES),
  run(
    'CAP_SYS_ADMIN',
    '--cap-add SYS_ADMIN',
    '--cap-add',
    'extra capabilities let root in the container act on the host',
  ),
  run("the host's disk", '--device /dev/sda', '--device', DEVICES),
  run('GPUs', '--gpus all', '--gpus', DEVICES),
  run(
    'AppArmor off',
    '--security-opt apparmor=unconfined',
    '--security-opt',
    'security options can switch off what keeps containers apart',
  ),
  run(
    'escape the cgroup limits',
    '--cgroup-parent /',
    '--cgroup-parent',
    'it moves a container out of the limits the lab sets',
  ),
  run(
    'host kernel parameters',
    '--sysctl kernel.shm_rmid_forced=1',
    '--sysctl',
    'kernel parameters are shared with the host',
  ),
  run(
    'another runtime',
    '--runtime runc',
    '--runtime',
    'the runtime is what isolates containers; the lab chooses it',
  ),
  run(
    'outlive the session',
    '--restart always',
    '--restart',
    'restarting containers would outlive your session',
  ),
  run(
    'logs off the machine',
    '--log-driver syslog',
    '--log-driver',
    "log drivers can send output off the machine and past the lab's size limits",
  ),
  run(
    'unbounded json logs',
    '--log-opt max-size=10g',
    '--log-opt',
    "log options can send output off the machine and past the lab's size limits",
  ),
  run('publish a port', '-p 8080:80', '--publish', `${NO_NETWORK}: containers cannot publish ports`),
  run('read the host shadow file', '--env-file /etc/shadow', '--env-file', SERVER_FILES),
  run('write a file on the host', '--cidfile {HOST_DIR}/cid', '--cidfile', SERVER_FILES),
  run('read a host file as labels', '--label-file /etc/passwd', '--label-file', SERVER_FILES),
  run('no pids limit', '--pids-limit -1', '--pids-limit', LIMITS),
  run('more memory', '-m 10g', '--memory', LIMITS),
  run('no OOM killer', '--oom-kill-disable', '--oom-kill-disable', LIMITS),
  run('more processes', '--ulimit nproc=100000', '--ulimit', LIMITS),
  run('a huge /dev/shm', '--shm-size 10g', '--shm-size', LIMITS),
  run('a huge writable layer', '--storage-opt size=100G', '--storage-opt', LIMITS),
  run('a volume plugin', '--volume-driver local', '--volume-driver', DRIVERS),
  run('DNS off the machine', '--dns 8.8.8.8', '--dns', NO_NETWORK),
  {
    attack: 'privileged exec',
    input: 'docker exec --privileged {VICTIM_CONTAINER} true',
    output: refused('--privileged', 'it gives the process control of the host'),
    exitCode: 1,
  },
  {
    attack: 'privileged run through the container group',
    input: 'docker container run --privileged busybox true',
    output: refused('--privileged', 'it gives a container control of the host'),
    exitCode: 125,
  },
];

export const HOST_PATHS: HostileCase[] = [
  run('the host root', '-v /:/h', '-v /:/h', `${BIND}/h`),
  run('the engine socket', '-v /var/run/docker.sock:/s', '-v /var/run/docker.sock:/s', `${BIND}/s`),
  run('a relative host path', '-v ./x:/x', '-v ./x:/x', `${BIND}/x`),
  run('a parent host path', '-v ../..:/x', '-v ../..:/x', `${BIND}/x`),
  run('a home-relative host path', '-v ~/x:/x', '-v ~/x:/x', `${BIND}/x`),
  run('the long flag with =', '--volume=/etc:/h:ro', '-v /etc:/h:ro', `${BIND}/h`),
  run('the short flag glued to its value', '-v/:/h', '-v /:/h', `${BIND}/h`),
  run(
    'a bind mount',
    '--mount type=bind,source=/,target=/h',
    '--mount type=bind',
    'host paths (bind mounts) reach outside your sandbox; use type=volume with a named volume instead',
  ),
  run(
    'an upper-case bind of the engine socket',
    '--mount type=BIND,src=/var/run/docker.sock,dst=/s',
    '--mount type=bind',
    'host paths (bind mounts) reach outside your sandbox; use type=volume with a named volume instead',
  ),
  run(
    'a host path as a volume source',
    '--mount src=/etc,dst=/h',
    '--mount source=/etc',
    'a volume source is a volume name; host paths reach outside your sandbox',
  ),
  run(
    'a local-driver device bind through --mount',
    '--mount type=volume,src=hostroot,dst=/x,volume-opt=type=none,volume-opt=device=/,volume-opt=o=bind',
    '--mount volume-opt',
    DRIVERS,
  ),
  run(
    'a volume driver through --mount',
    '--mount type=volume,src=x1,dst=/x,volume-driver=local',
    '--mount volume-driver',
    DRIVERS,
  ),
  run(
    'an image mount',
    '--mount type=image,src=busybox,dst=/i',
    '--mount type=image',
    'this lab mounts volumes and tmpfs only',
  ),
  {
    attack: 'a local-driver device bind through volume create',
    input: 'docker volume create -o type=none -o device=/ -o o=bind hostroot',
    output:
      'volume-lab: -o/--opt is not available in this sandbox: local-driver options mount host paths and devices as root\n',
    exitCode: 1,
  },
  {
    attack: 'a tmpfs device through volume create --opt',
    input: 'docker volume create --opt type=tmpfs --opt device=tmpfs --opt o=size=100g big',
    output:
      'volume-lab: -o/--opt is not available in this sandbox: local-driver options mount host paths and devices as root\n',
    exitCode: 1,
  },
  {
    attack: 'a volume plugin through volume create',
    input: 'docker volume create --driver vieux/sshfs x1',
    output: 'volume-lab: --driver vieux/sshfs is not available in this sandbox: only the local driver is\n',
    exitCode: 1,
  },
  {
    attack: 'a full-width slash that looks like a host path',
    input: 'docker run --rm -v ／etc:/h busybox true',
    output: `docker: Error response from daemon: ${INVALID_NAME('／etc')}${RUN_HINT}`,
    exitCode: 125,
  },
];

export const LAB_LABEL_CASES: HostileCase[] = [
  run(
    "a container claiming another session's label",
    '--label volume-lab.session={VICTIM_SESSION}',
    '--label volume-lab.session',
    LAB_LABELS,
  ),
  run(
    "a volume claiming another session's label through --mount",
    '--mount type=volume,src=lbl,dst=/x,volume-label=volume-lab.session={VICTIM_SESSION}',
    '--mount volume-label=volume-lab.session',
    LAB_LABELS,
  ),
  {
    attack: "a volume claiming another session's label",
    input: 'docker volume create --label volume-lab.session={VICTIM_SESSION} stolen',
    output: `volume-lab: label volume-lab.session is reserved: ${LAB_LABELS}\n`,
    exitCode: 1,
  },
  {
    attack: "listing another session's containers by label",
    input: 'docker ps -a -f label=volume-lab.session={VICTIM_SESSION}',
    output:
      "volume-lab: filters on the lab's own labels (volume-lab.session) are not available in this sandbox\n",
    exitCode: 1,
  },
  {
    attack: "listing another session's containers by a differently cased label",
    input: 'docker ps -a -f LABEL=Volume-Lab.Session',
    output:
      "volume-lab: filters on the lab's own labels (Volume-Lab.Session) are not available in this sandbox\n",
    exitCode: 1,
  },
  {
    attack: "listing another session's volumes by label",
    input: 'docker volume ls -f label=volume-lab.session={VICTIM_SESSION}',
    output:
      "volume-lab: filters on the lab's own labels (volume-lab.session) are not available in this sandbox\n",
    exitCode: 1,
  },
];

export const INJECTION_CASES: HostileCase[] = [
  {
    attack: 'a command list',
    input: 'docker volume create x1; rm -rf /',
    output: `volume-lab: ';${NOT_LIST}`,
    exitCode: 2,
  },
  {
    attack: 'command substitution',
    input: 'docker volume create $(id)',
    output: 'volume-lab: shell variables ($) are not available in this lab shell; type the value itself\n',
    exitCode: 2,
  },
  {
    attack: 'backticks stay literal',
    input: 'docker volume create `id`',
    output: `Error response from daemon: ${INVALID_NAME('`id`')}\n`,
    exitCode: 1,
  },
  {
    attack: 'an and-list',
    input: 'docker volume create x1 && rm -rf /',
    output: `volume-lab: '&&${NOT_LIST}`,
    exitCode: 2,
  },
  {
    attack: 'a pipe into a host shell',
    input: 'docker volume ls | sh',
    output: `volume-lab: '|${NOT_LIST}`,
    exitCode: 2,
  },
  {
    attack: 'a redirection onto the host',
    input: 'docker volume ls > /etc/pwned',
    output: `volume-lab: '>${NOT_LIST}`,
    exitCode: 2,
  },
  {
    attack: 'a host program',
    input: 'cat /etc/shadow',
    output: `volume-lab: cat: command not found; ${SUPPORTED}\n`,
    exitCode: 127,
  },
  {
    attack: 'a quoted variable stays literal',
    input: "docker run --rm -v '$HOME:/x' busybox true",
    output: `docker: Error response from daemon: ${INVALID_NAME('$HOME')}${RUN_HINT}`,
    exitCode: 125,
  },
  {
    attack: 'a unicode volume name',
    input: 'docker volume create dätä',
    output: `Error response from daemon: ${INVALID_NAME('dätä')}\n`,
    exitCode: 1,
  },
  {
    attack: 'a right-to-left override in a name',
    input: 'docker volume create \u202eevil',
    output: `Error response from daemon: ${INVALID_NAME('\u202eevil')}\n`,
    exitCode: 1,
  },
  {
    attack: 'astral-plane letters in a name',
    input: 'docker volume create 𝕧𝕠𝕝',
    output: `Error response from daemon: ${INVALID_NAME('𝕧𝕠𝕝')}\n`,
    exitCode: 1,
  },
];

export const ENGINE_CASES: HostileCase[] = [
  {
    attack: 'another engine endpoint',
    input: 'docker -H unix:///var/run/docker.sock ps',
    output: `volume-lab: docker's global options (-H) are not available in this lab; ${SUPPORTED}\n`,
    exitCode: 1,
  },
  {
    attack: 'another context',
    input: 'docker --context default ps',
    output: `volume-lab: docker's global options (--context) are not available in this lab; ${SUPPORTED}\n`,
    exitCode: 1,
  },
  {
    attack: 'engine-wide prune',
    input: 'docker system prune -af',
    output: NOT_IN_LAB('system'),
    exitCode: 1,
  },
  {
    attack: 'removing the shared image',
    input: 'docker rmi busybox',
    output: NOT_IN_LAB('rmi'),
    exitCode: 1,
  },
  {
    attack: 'retagging the shared image',
    input: 'docker tag busybox busybox:evil',
    output: NOT_IN_LAB('tag'),
    exitCode: 1,
  },
  { attack: 'pulling', input: 'docker pull alpine', output: NOT_IN_LAB('pull'), exitCode: 1 },
  {
    attack: 'copying files out',
    input: 'docker cp {VICTIM_CONTAINER}:/data /tmp',
    output: NOT_IN_LAB('cp'),
    exitCode: 1,
  },
  { attack: 'networks', input: 'docker network create evil', output: NOT_IN_LAB('network'), exitCode: 1 },
  {
    attack: 'another image',
    input: 'docker run --rm alpine true',
    output: `${UNABLE_TO_PULL('alpine:latest')}${RUN_HINT}`,
    exitCode: 125,
  },
  {
    attack: "another image's tag on a lab image",
    input: 'docker run --rm nginx:7.0 true',
    output: `${UNABLE_TO_PULL('nginx:7.0')}${RUN_HINT}`,
    exitCode: 125,
  },
  {
    attack: 'a reference that walks the engine API path',
    input: 'docker run --rm ../../containers/{VICTIM_ID}/json true',
    output: `docker: invalid reference format${RUN_HINT}`,
    exitCode: 125,
  },
  {
    attack: 'inspecting the engine API through an image reference',
    input: 'docker inspect ../containers/json',
    output: '[]\nError: No such object: ../containers/json\n',
    exitCode: 1,
  },
];

/** Naming another session's objects by every name the engine knows them by. */
export const OTHER_SESSION_CASES: HostileCase[] = [
  {
    attack: "inspect by the victim's full ID",
    input: 'docker inspect {VICTIM_ID}',
    output: '[]\nError: No such object: {VICTIM_ID}\n',
    exitCode: 1,
  },
  {
    attack: "inspect by the victim's engine name",
    input: 'docker inspect {VICTIM_CONTAINER}',
    output: '[]\nError: No such object: {VICTIM_CONTAINER}\n',
    exitCode: 1,
  },
  {
    attack: "container inspect by the victim's short ID",
    input: 'docker container inspect {VICTIM_SHORT}',
    output: '[]\nError response from daemon: No such container: {VICTIM_SHORT}\n',
    exitCode: 1,
  },
  {
    attack: "remove by the victim's full ID",
    input: 'docker rm -f {VICTIM_ID}',
    output: 'Error response from daemon: No such container: {VICTIM_ID}\n',
    exitCode: 0,
  },
  {
    attack: "remove by the victim's engine name",
    input: 'docker rm -f {VICTIM_CONTAINER}',
    output: 'Error response from daemon: No such container: {VICTIM_CONTAINER}\n',
    exitCode: 0,
  },
  {
    attack: "exec by the victim's learner name",
    input: 'docker exec web cat /data/secret.txt',
    output: 'Error response from daemon: No such container: web\n',
    exitCode: 1,
  },
  {
    attack: "exec by a prefix of the victim's ID",
    input: 'docker exec {VICTIM_PREFIX} cat /data/secret.txt',
    output: 'Error response from daemon: No such container: {VICTIM_PREFIX}\n',
    exitCode: 1,
  },
  {
    attack: "exec by the victim's engine name",
    input: 'docker exec {VICTIM_CONTAINER} cat /data/secret.txt',
    output: 'Error response from daemon: No such container: {VICTIM_CONTAINER}\n',
    exitCode: 1,
  },
  {
    attack: "volumes-from the victim's learner name",
    input: 'docker run --rm --volumes-from web busybox cat /data/secret.txt',
    output: `docker: Error response from daemon: No such container: web${RUN_HINT}`,
    exitCode: 125,
  },
  {
    attack: "volumes-from a prefix of the victim's ID",
    input: 'docker run --rm --volumes-from {VICTIM_SHORT} busybox cat /data/secret.txt',
    output: `docker: Error response from daemon: No such container: {VICTIM_SHORT}${RUN_HINT}`,
    exitCode: 125,
  },
  {
    attack: "volumes-from the victim's engine name",
    input: 'docker run --rm --volumes-from {VICTIM_CONTAINER}:ro busybox cat /data/secret.txt',
    output: `docker: Error response from daemon: No such container: {VICTIM_CONTAINER}${RUN_HINT}`,
    exitCode: 125,
  },
  {
    attack: "the victim's logs",
    input: 'docker logs {VICTIM_ID}',
    output: 'Error response from daemon: No such container: {VICTIM_ID}\n',
    exitCode: 1,
  },
  {
    attack: "killing the victim's container by ID prefix",
    input: 'docker kill {VICTIM_PREFIX}',
    output: 'Error response from daemon: No such container: {VICTIM_PREFIX}\n',
    exitCode: 1,
  },
  {
    attack: "stopping the victim's container by engine name",
    input: 'docker stop {VICTIM_CONTAINER}',
    output: 'Error response from daemon: No such container: {VICTIM_CONTAINER}\n',
    exitCode: 1,
  },
  {
    attack: "the victim's volume by its engine name",
    input: 'docker volume inspect {VICTIM_VOLUME}',
    output: '[]\nError response from daemon: get {VICTIM_VOLUME}: no such volume\n',
    exitCode: 1,
  },
  {
    attack: "removing the victim's volume by its engine name",
    input: 'docker volume rm -f {VICTIM_VOLUME}',
    // As the CLI with -f: the name is echoed whether or not there was such a volume.
    output: '{VICTIM_VOLUME}\n',
    exitCode: 0,
  },
  {
    attack: "the victim's container by its ID in a ps filter",
    input: 'docker ps -a -q -f id={VICTIM_ID} -f name=web -f volume={VICTIM_VOLUME}',
    output: '',
    exitCode: 0,
  },
];

export const ALL_CASES: HostileCase[] = [
  ...ESCAPE_FLAGS,
  ...HOST_PATHS,
  ...LAB_LABEL_CASES,
  ...INJECTION_CASES,
  ...ENGINE_CASES,
  ...OTHER_SESSION_CASES,
];
