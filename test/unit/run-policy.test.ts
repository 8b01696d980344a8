/**
 * SECURITY: the sandbox policy of `docker run`. Every case is a command line a learner could type,
 * tokenized by the lab shell and parsed by the lab's real `docker run` grammar, then planned; it must
 * either be refused with one line naming the flag and the reason, or build exactly the request shown.
 * `checkCreateRequest` is then fed hand-tampered requests, one change at a time.
 */
import { describe, expect, it } from 'vitest';
import { dockerRun } from '../../server/cli/container-commands.ts';
import { parseCommandArgs } from '../../server/cli/parse-args.ts';
import { loadConfig, sandboxLimits } from '../../server/config.ts';
import type { CreateRequest } from '../../server/docker/containers.ts';
import {
  ANONYMOUS_LABEL,
  DECLARED_VOLUME_LABEL,
  INSTANCE_LABEL,
  SESSION_LABEL,
} from '../../server/labels.ts';
import { checkCreateRequest } from '../../server/policy/check-request.ts';
import {
  catalogueRunImage,
  grantedCapabilities,
  grantedImage,
  imageAllowed,
  labImageNames,
  normaliseImage,
  type RunImage,
} from '../../server/policy/images.ts';
import { isRefusal } from '../../server/policy/refusal.ts';
import { type FlagReader, planRun, type RunPlan } from '../../server/policy/run-policy.ts';
import { RUN_ALLOWED_FLAGS, RUN_REFUSALS } from '../../server/policy/run-refusals.ts';
import { sandboxRequest } from '../../server/policy/run-request.ts';
import type { SandboxLimits } from '../../server/sandbox/limits.ts';
import { createNamespace, DEFAULT_INSTANCE } from '../../server/sandbox/namespace.ts';
import { tokenize } from '../../server/shell/tokenize.ts';

const SESSION = 'a1b2c3d4e5f6';
const OTHER_SESSION = '000000000000';
const PREFIX = `vl-${SESSION}-`;
const ns = createNamespace(SESSION);
const limits = sandboxLimits(loadConfig({}));
const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const CAP = 64 * MIB;
const SESSION_LABELS = { [SESSION_LABEL]: SESSION, [INSTANCE_LABEL]: DEFAULT_INSTANCE };
/** An anonymous volume's labels on Engine 20.10 (API 1.41), which has no anonymous label of its own. */
const ANONYMOUS_ON_1_41 = { ...SESSION_LABELS, [ANONYMOUS_LABEL]: '' };

/** The session's own containers, as the run command resolves `--volumes-from` references. */
const WEB_ID = `3f1c${'a'.repeat(60)}`;
const DB_ID = `9d2e${'b'.repeat(60)}`;
const FOREIGN_ID = `c0ff${'e'.repeat(60)}`;
const OWN = new Map([
  ['web', WEB_ID],
  ['db', DB_ID],
]);

/** `docker run …` as the lab shell splits it, without the `docker run` words. */
function argv(line: string): string[] {
  const tokens = tokenize(line);
  if (!tokens.ok) throw new Error(tokens.reason);
  expect(tokens.words.slice(0, 2)).toEqual(['docker', 'run']);
  return tokens.words.slice(2);
}

/**
 * Plans `docker run …`. The engine's answer for the image is the catalogue's unless `engine` gives it:
 * the tags and VOLUME paths of the image the engine resolves the reference to, or null for none.
 */
function plan(
  line: string,
  volumesFrom: ReadonlyMap<string, string> = OWN,
  sandbox: SandboxLimits = limits,
  engine?: RunImage['engine'] | null,
) {
  const out = parseCommandArgs(dockerRun, argv(line), { engine: { apiVersion: '1.41' } });
  if (out.kind !== 'run') throw new Error(`docker run stopped while parsing flags: ${out.stderr}`);
  const [reference = '', ...command] = out.args;
  const image =
    engine === undefined
      ? catalogueRunImage(reference, sandbox)
      : { reference, ...(engine === null ? {} : { engine }) };
  return planRun({
    flags: out.flags,
    image,
    command,
    ns,
    engine: { apiVersion: '1.41' },
    limits: sandbox,
    volumesFrom,
  });
}

/** The refusal text of a command line; every refusal exits 125 as `docker run` does. */
function refusal(line: string, volumesFrom: ReadonlyMap<string, string> = OWN): string {
  const result = plan(line, volumesFrom);
  if (!isRefusal(result)) throw new Error(`expected a refusal, got ${JSON.stringify(result.request)}`);
  expect(result.exitCode).toBe(125);
  return result.message;
}

function accepted(line: string, volumesFrom: ReadonlyMap<string, string> = OWN): RunPlan {
  const result = plan(line, volumesFrom);
  if (isRefusal(result)) throw new Error(`expected a request, got: ${result.message}`);
  return result;
}

const request = (line: string) => accepted(line).request;
const host = (line: string) => request(line).HostConfig;

/** The lab's own refusal: one line, naming the flag and why. */
const lab = (flag: string, reason: string) =>
  `volume-lab: ${flag} is not available in this sandbox: ${reason}\n`;
/** What the daemon answers, as `docker run` prints it. */
const daemon = (text: string) =>
  `docker: Error response from daemon: ${text}\n\nRun 'docker run --help' for more information\n`;

const HARDWARE = "devices give a container the host's hardware";
const NAMESPACES = "host or other containers' namespaces let a container see and signal what is not its own";
const NO_NETWORK = 'this sandbox has no network';
const NO_NETWORK_NONE = 'this sandbox has no network: every container runs with --network none';
const NO_PORTS = 'this sandbox has no network: containers cannot publish ports';
const LIMITS = 'resource limits are set by the lab so one learner cannot starve the others';
const SERVER_FILES = "it reads or writes files on the lab's server, not in your sandbox";
const DRIVERS = 'volume drivers and their options mount host paths and devices as root';
const ONLY_ALLOWED =
  'this lab allows only --detach --interactive --tty --rm --name --volume --mount --tmpfs --volumes-from --workdir --env --entrypoint --label --hostname --user --read-only --init with docker run';
const BIND_MOUNT =
  'host paths (bind mounts) reach outside your sandbox; use type=volume with a named volume instead';
const VOLUME_SOURCE = 'a volume source is a volume name; host paths reach outside your sandbox';
const BIND_OPTIONS = 'bind options apply to host bind mounts, which this sandbox does not allow';
const LAB_LABELS = 'labels starting with volume-lab. belong to the lab itself';
/** What `docker run` prints for a name the engine has no image of the lab's for. */
const unableToFind = (wanted: string, pull: string, images = 'busybox, debian, nginx and redis') =>
  `Unable to find image '${wanted}' locally\ndocker: Error response from daemon: ${pull}\nvolume-lab: this lab has the images ${images} (docker images lists them)\n\nRun 'docker run --help' for more information\n`;
const DOCKER_HUB =
  'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host';
/** What the CLI itself says of a reference it cannot parse. */
const cli = (text: string) => `docker: ${text}\n\nRun 'docker run --help' for more information\n`;
/** What each shell image grants root: the recipes' ROOT_SHELL_CAPABILITIES. */
const ROOT_SHELL = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER'];
const invalidName = (name: string) =>
  `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`;
const hostPath = (raw: string, target: string) =>
  lab(
    `-v ${raw}`,
    `host paths (bind mounts) reach outside your sandbox; mount a named volume instead, like -v mydata:${target}`,
  );

/** The HostConfig every container gets, whatever the learner typed. */
const LIMITED_HOST = {
  NetworkMode: 'none',
  Privileged: false,
  Memory: 128 * MIB,
  MemorySwap: 128 * MIB,
  NanoCpus: 500_000_000,
  PidsLimit: 64,
  ShmSize: CAP,
  SecurityOpt: ['no-new-privileges'],
  CapDrop: ['ALL'],
  LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } },
  RestartPolicy: { Name: 'no' },
  IpcMode: 'private',
};

/** The HostConfig of a container that asked for nothing: the limits, nothing mounted. */
const BARE_HOST = {
  ...LIMITED_HOST,
  CapAdd: [],
  ReadonlyRootfs: false,
  Init: false,
  AutoRemove: false,
  Binds: [],
  Mounts: [],
  Tmpfs: {},
  VolumesFrom: [],
};

describe('the default limits', () => {
  it('are 128 MiB, half a CPU, 64 processes and 64 MiB of tmpfs', () => {
    expect(limits).toMatchObject({
      memoryBytes: 128 * MIB,
      nanoCpus: 500_000_000,
      pids: 64,
      tmpfsBytes: CAP,
      images: [
        'busybox:latest',
        'debian:latest',
        'debian:bookworm',
        'debian:12',
        'nginx:latest',
        'nginx:1.22',
        'redis:latest',
        'redis:7.0',
      ],
    });
  });
});

describe('flags refused by name (RUN_REFUSALS)', () => {
  const cases: [line: string, flag: string, reason: string][] = [
    ['docker run --privileged busybox', 'privileged', 'it gives a container control of the host'],
    ['docker run --privileged=false busybox', 'privileged', 'it gives a container control of the host'],
    [
      'docker run --cap-add ALL busybox',
      'cap-add',
      'extra capabilities let root in the container act on the host',
    ],
    [
      'docker run --cap-add SYS_ADMIN busybox',
      'cap-add',
      'extra capabilities let root in the container act on the host',
    ],
    ['docker run --device /dev/sda busybox', 'device', HARDWARE],
    ['docker run --device-cgroup-rule "a *:* rwm" busybox', 'device-cgroup-rule', HARDWARE],
    ['docker run --device-read-bps /dev/sda:1mb busybox', 'device-read-bps', HARDWARE],
    ['docker run --device-write-bps /dev/sda:1mb busybox', 'device-write-bps', HARDWARE],
    ['docker run --device-read-iops /dev/sda:1000 busybox', 'device-read-iops', HARDWARE],
    ['docker run --device-write-iops /dev/sda:1000 busybox', 'device-write-iops', HARDWARE],
    ['docker run --gpus all busybox', 'gpus', HARDWARE],
    [
      'docker run --security-opt seccomp=unconfined busybox',
      'security-opt',
      'security options can switch off what keeps containers apart',
    ],
    [
      'docker run --security-opt apparmor=unconfined busybox',
      'security-opt',
      'security options can switch off what keeps containers apart',
    ],
    [
      'docker run --security-opt no-new-privileges busybox',
      'security-opt',
      'security options can switch off what keeps containers apart',
    ],
    ['docker run --pid host busybox', 'pid', NAMESPACES],
    ['docker run --pid container:x busybox', 'pid', NAMESPACES],
    ['docker run --ipc host busybox', 'ipc', NAMESPACES],
    ['docker run --ipc container:x busybox', 'ipc', NAMESPACES],
    ['docker run --ipc private busybox', 'ipc', NAMESPACES],
    ['docker run --uts host busybox', 'uts', NAMESPACES],
    ['docker run --userns host busybox', 'userns', NAMESPACES],
    ['docker run --cgroupns host busybox', 'cgroupns', NAMESPACES],
    ['docker run --network host busybox', 'network', NO_NETWORK_NONE],
    ['docker run --network none busybox', 'network', NO_NETWORK_NONE],
    ['docker run --network container:x busybox', 'network', NO_NETWORK_NONE],
    ['docker run --net container:x busybox', 'net', NO_NETWORK_NONE],
    ['docker run --net host busybox', 'net', NO_NETWORK_NONE],
    ['docker run --network-alias x busybox', 'network-alias', NO_NETWORK],
    ['docker run --net-alias x busybox', 'net-alias', NO_NETWORK],
    ['docker run --link other busybox', 'link', NO_NETWORK],
    ['docker run --link-local-ip 169.254.1.1 busybox', 'link-local-ip', NO_NETWORK],
    ['docker run --ip 172.30.100.104 busybox', 'ip', NO_NETWORK],
    ['docker run --ip6 2001:db8::33 busybox', 'ip6', NO_NETWORK],
    ['docker run --mac-address 92:d0:c6:0a:29:33 busybox', 'mac-address', NO_NETWORK],
    ['docker run --dns 8.8.8.8 busybox', 'dns', NO_NETWORK],
    ['docker run --dns-option ndots:2 busybox', 'dns-option', NO_NETWORK],
    ['docker run --dns-opt ndots:2 busybox', 'dns-opt', NO_NETWORK],
    ['docker run --dns-search example.com busybox', 'dns-search', NO_NETWORK],
    ['docker run --add-host evil:10.0.0.1 busybox', 'add-host', NO_NETWORK],
    ['docker run --add-host host.docker.internal:host-gateway busybox', 'add-host', NO_NETWORK],
    ['docker run -p 80:80 busybox', 'publish', NO_PORTS],
    ['docker run --publish 127.0.0.1:2375:2375 busybox', 'publish', NO_PORTS],
    ['docker run -P busybox', 'publish-all', NO_PORTS],
    ['docker run --expose 80 busybox', 'expose', NO_PORTS],
    [
      'docker run --cgroup-parent / busybox',
      'cgroup-parent',
      'it moves a container out of the limits the lab sets',
    ],
    [
      'docker run --sysctl net.ipv4.ip_forward=1 busybox',
      'sysctl',
      'kernel parameters are shared with the host',
    ],
    [
      'docker run --runtime runc busybox',
      'runtime',
      'the runtime is what isolates containers; the lab chooses it',
    ],
    ['docker run --restart always busybox', 'restart', 'restarting containers would outlive your session'],
    ['docker run --restart no busybox', 'restart', 'restarting containers would outlive your session'],
    [
      'docker run --log-driver syslog busybox',
      'log-driver',
      "log drivers can send output off the machine and past the lab's size limits",
    ],
    [
      'docker run --log-opt max-size=1g busybox',
      'log-opt',
      "log options can send output off the machine and past the lab's size limits",
    ],
    ['docker run --ulimit nofile=1048576 busybox', 'ulimit', LIMITS],
    ['docker run --oom-kill-disable busybox', 'oom-kill-disable', LIMITS],
    ['docker run --oom-score-adj -1000 busybox', 'oom-score-adj', LIMITS],
    ['docker run -m 4g busybox', 'memory', LIMITS],
    ['docker run --memory=1m busybox', 'memory', LIMITS],
    ['docker run --memory-swap -1 busybox', 'memory-swap', LIMITS],
    ['docker run --memory-reservation 1g busybox', 'memory-reservation', LIMITS],
    ['docker run --memory-swappiness 100 busybox', 'memory-swappiness', LIMITS],
    ['docker run --kernel-memory 1g busybox', 'kernel-memory', LIMITS],
    ['docker run --cpus 4 busybox', 'cpus', LIMITS],
    ['docker run -c 1024 busybox', 'cpu-shares', LIMITS],
    ['docker run --cpu-period 100000 busybox', 'cpu-period', LIMITS],
    ['docker run --cpu-quota -1 busybox', 'cpu-quota', LIMITS],
    ['docker run --cpu-rt-period 1000000 busybox', 'cpu-rt-period', LIMITS],
    ['docker run --cpu-rt-runtime 950000 busybox', 'cpu-rt-runtime', LIMITS],
    ['docker run --cpuset-cpus 0-3 busybox', 'cpuset-cpus', LIMITS],
    ['docker run --cpuset-mems 0 busybox', 'cpuset-mems', LIMITS],
    ['docker run --blkio-weight 1000 busybox', 'blkio-weight', LIMITS],
    ['docker run --blkio-weight-device /dev/sda:100 busybox', 'blkio-weight-device', LIMITS],
    ['docker run --pids-limit -1 busybox', 'pids-limit', LIMITS],
    ['docker run --shm-size 8g busybox', 'shm-size', LIMITS],
    ['docker run --storage-opt size=100g busybox', 'storage-opt', LIMITS],
    ['docker run --env-file /etc/passwd busybox', 'env-file', SERVER_FILES],
    ['docker run --label-file /etc/shadow busybox', 'label-file', SERVER_FILES],
    ['docker run --cidfile /tmp/x busybox', 'cidfile', SERVER_FILES],
    ['docker run --volume-driver local busybox', 'volume-driver', DRIVERS],
    ['docker run --platform linux/amd64 busybox', 'platform', "images come from the lab's own store"],
    ['docker run --pull always busybox', 'pull', 'the lab has no registry to pull from'],
    ['docker run --pull never busybox', 'pull', 'the lab has no registry to pull from'],
  ];

  it.each(cases)('%s', (line, flag, reason) => {
    expect(refusal(line)).toBe(lab(`--${flag}`, reason));
  });

  it('has a case for every refused flag', () => {
    expect(new Set(cases.map(([, flag]) => flag))).toEqual(new Set(Object.keys(RUN_REFUSALS)));
  });

  it('never refuses a flag it also allows, and knows every flag it names', () => {
    const known = new Set(dockerRun.flags.map((flag) => flag.name));
    for (const flag of RUN_ALLOWED_FLAGS) {
      expect(RUN_REFUSALS[flag]).toBeUndefined();
      expect(known.has(flag)).toBe(true);
    }
    for (const flag of Object.keys(RUN_REFUSALS)) expect(known.has(flag)).toBe(true);
  });

  it('says why in one line starting with volume-lab:', () => {
    for (const [line] of cases) expect(refusal(line)).toMatch(/^volume-lab: --[a-z0-9-]+ is [^\n]+\n$/);
  });

  it('refuses even when an allowed flag comes first, naming the first refused flag in name order', () => {
    expect(refusal('docker run -d -v data:/data --privileged busybox')).toBe(
      lab('--privileged', 'it gives a container control of the host'),
    );
    expect(refusal('docker run --privileged --cap-add ALL busybox')).toBe(
      lab('--cap-add', 'extra capabilities let root in the container act on the host'),
    );
    expect(refusal('docker run --pid host --network host -v /:/host busybox')).toBe(
      lab('--network', NO_NETWORK_NONE),
    );
  });

  it('refuses before looking at the image', () => {
    expect(refusal('docker run --privileged alpine')).toBe(
      lab('--privileged', 'it gives a container control of the host'),
    );
  });
});

describe('deny by default: flags that are neither allowed nor named', () => {
  it.each([
    ['docker run --use-api-socket busybox', 'use-api-socket'],
    ['docker run --cap-drop ALL busybox', 'cap-drop'],
    ['docker run --group-add 0 busybox', 'group-add'],
    ['docker run --isolation hyperv busybox', 'isolation'],
    ['docker run --domainname evil busybox', 'domainname'],
    ['docker run --stop-signal KILL busybox', 'stop-signal'],
    ['docker run --stop-timeout 1 busybox', 'stop-timeout'],
    ['docker run --health-cmd true busybox', 'health-cmd'],
    ['docker run --health-interval 1s busybox', 'health-interval'],
    ['docker run --health-retries 1 busybox', 'health-retries'],
    ['docker run --health-timeout 1s busybox', 'health-timeout'],
    ['docker run --health-start-period 1s busybox', 'health-start-period'],
    ['docker run --no-healthcheck busybox', 'no-healthcheck'],
    ['docker run -a stdout busybox', 'attach'],
    ['docker run --sig-proxy=false busybox', 'sig-proxy'],
    ['docker run --detach-keys ctrl-x busybox', 'detach-keys'],
    ['docker run -q busybox', 'quiet'],
    ['docker run --disable-content-trust busybox', 'disable-content-trust'],
    ['docker run --cpu-count 2 busybox', 'cpu-count'],
    ['docker run --cpu-percent 50 busybox', 'cpu-percent'],
    ['docker run --io-maxbandwidth 1m busybox', 'io-maxbandwidth'],
    ['docker run --io-maxiops 1 busybox', 'io-maxiops'],
  ])('%s', (line, flag) => {
    expect(refusal(line)).toBe(lab(`--${flag}`, ONLY_ALLOWED));
  });

  it('refuses every flag docker run knows except the allowed ones', () => {
    const allowed = new Set<string>([...RUN_ALLOWED_FLAGS, 'help']);
    const others = dockerRun.flags.map((flag) => flag.name).filter((name) => !allowed.has(name));
    expect(others.length).toBeGreaterThan(80);
    for (const name of others) {
      const flags: FlagReader = {
        changedNames: () => [name],
        bool: () => false,
        string: () => '',
        stringArray: () => [],
      };
      const image = catalogueRunImage('busybox', limits);
      const result = planRun({
        flags,
        image,
        command: [],
        ns,
        engine: { apiVersion: '1.41' },
        limits,
        volumesFrom: OWN,
      });
      expect(result).toEqual({
        refused: true,
        message: lab(`--${name}`, RUN_REFUSALS[name] ?? ONLY_ALLOWED),
        exitCode: 125,
        rule: `--${name}`,
      });
    }
  });

  it('refuses a flag name no docker knows, should a caller pass one', () => {
    const flags: FlagReader = {
      changedNames: () => ['detach', 'escape-to-host'],
      bool: () => false,
      string: () => '',
      stringArray: () => [],
    };
    const image = catalogueRunImage('busybox', limits);
    expect(
      planRun({ flags, image, command: [], ns, engine: { apiVersion: '1.41' }, limits, volumesFrom: OWN }),
    ).toEqual({
      refused: true,
      message: lab('--escape-to-host', ONLY_ALLOWED),
      exitCode: 125,
      // Not a flag the CLI defines: metrics count it as `other` (see refusal-rule.test.ts).
      rule: '--escape-to-host',
    });
  });
});

describe('host paths, in every spelling', () => {
  it.each([
    ['docker run -v /:/host busybox', '/:/host', '/host'],
    ['docker run -v /etc:/x:ro busybox', '/etc:/x:ro', '/x'],
    ['docker run -v /etc:/x busybox', '/etc:/x', '/x'],
    ['docker run -v ./x:/x busybox', './x:/x', '/x'],
    ['docker run -v .:/x busybox', '.:/x', '/x'],
    ['docker run -v ~/x:/x busybox', '~/x:/x', '/x'],
    ['docker run -v ~:/x busybox', '~:/x', '/x'],
    ['docker run -v ../x:/x busybox', '../x:/x', '/x'],
    ['docker run -v x/y:/x busybox', 'x/y:/x', '/x'],
    ['docker run -v //etc:/x busybox', '//etc:/x', '/x'],
    ['docker run -v /proc:/p:rw busybox', '/proc:/p:rw', '/p'],
    [
      'docker run -v /var/run/docker.sock:/var/run/docker.sock busybox',
      '/var/run/docker.sock:/var/run/docker.sock',
      '/var/run/docker.sock',
    ],
    ['docker run --volume=/:/host busybox', '/:/host', '/host'],
    ['docker run -v/:/host busybox', '/:/host', '/host'],
    ['docker run -v data:/d -v /:/host busybox', '/:/host', '/host'],
  ])('%s', (line, raw, target) => {
    expect(refusal(line)).toBe(hostPath(raw, target));
  });

  it.each([
    'docker run --mount type=bind,src=/,dst=/h busybox',
    'docker run --mount type=bind,source=/etc,target=/x,readonly busybox',
    'docker run --mount type=bind,src=/var/run/docker.sock,dst=/var/run/docker.sock busybox',
    'docker run --mount type=bind,src=data,dst=/x busybox',
    'docker run --mount Type=bind,src=/,dst=/h busybox',
    'docker run --mount TYPE=BIND,SRC=/,DST=/h busybox',
    'docker run --mount type=Bind,src=/,dst=/h busybox',
    'docker run --mount \'"type=bind",src=/,dst=/h\' busybox',
    'docker run --mount type=volume,src=/,dst=/h,type=bind busybox',
    'docker run --mount \'"type=volume,src=x",type=bind,src=/,dst=/h\' busybox',
    'docker run --mount type=bind,src=/,dst=/h,bind-propagation=rshared busybox',
  ])('%s', (line) => {
    expect(refusal(line)).toBe(lab('--mount type=bind', BIND_MOUNT));
  });

  it('docker run --mount type=npipe,src=//./pipe/docker_engine,dst=/p busybox', () => {
    expect(refusal('docker run --mount type=npipe,src=//./pipe/docker_engine,dst=/p busybox')).toBe(
      lab('--mount type=npipe', BIND_MOUNT),
    );
  });

  it.each([
    ['docker run --mount src=/etc,dst=/x busybox', '/etc'],
    ['docker run --mount type=volume,source=/,target=/h busybox', '/'],
    ['docker run --mount type=volume,src=./x,dst=/x busybox', './x'],
    ['docker run --mount src=.,dst=/x busybox', '.'],
    ['docker run --mount src=..,dst=/x busybox', '..'],
    ['docker run --mount src=~,dst=/x busybox', '~'],
    ['docker run --mount src=~/x,dst=/x busybox', '~/x'],
    ['docker run --mount src=x/y,dst=/x busybox', 'x/y'],
    ['docker run --mount \'type=volume,"src=/etc",dst=/x\' busybox', '/etc'],
    ['docker run --mount type=VOLUME,src=/var/run/docker.sock,dst=/s busybox', '/var/run/docker.sock'],
  ])('%s (a volume source that is a path)', (line, source) => {
    expect(refusal(line)).toBe(lab(`--mount source=${source}`, VOLUME_SOURCE));
  });

  it.each([
    [
      'docker run --mount type=volume,src=x,dst=/x,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc busybox',
      'volume-opt',
    ],
    ['docker run --mount type=volume,dst=/x,volume-driver=local busybox', 'volume-driver'],
    ['docker run --mount type=volume,src=x,dst=/x,Volume-Driver=local busybox', 'volume-driver'],
    ['docker run --mount src=x,dst=/x,volume-opt=device=/dev/sda busybox', 'volume-opt'],
    ['docker run --mount type=tmpfs,dst=/t,volume-opt=o=bind busybox', 'volume-opt'],
  ])('%s (drivers and their options)', (line, key) => {
    expect(refusal(line)).toBe(lab(`--mount ${key}`, DRIVERS));
  });

  it.each([
    ['docker run --mount src=x,dst=/x,bind-propagation=rshared busybox', 'bind-propagation'],
    ['docker run --mount src=x,dst=/x,bind-recursive=disabled busybox', 'bind-recursive'],
    ['docker run --mount src=x,dst=/x,bind-create-src busybox', 'bind-create-src'],
    ['docker run --mount src=x,dst=/x,bind-nonrecursive busybox', 'bind-nonrecursive'],
    ['docker run --mount src=x,dst=/x,consistency=cached busybox', 'consistency'],
  ])('%s (bind options on a volume)', (line, key) => {
    expect(refusal(line)).toBe(lab(`--mount ${key}`, BIND_OPTIONS));
  });

  it('docker run --mount src=x,dst=/x,volume-subpath=.. busybox (a sub-path, on an engine that would ignore it)', () => {
    expect(refusal('docker run --mount src=x,dst=/x,volume-subpath=.. busybox')).toBe(
      lab(
        '--mount volume-subpath',
        'this engine (API 1.41) does not support sub-paths of volumes: it would mount the whole volume (sub-paths need API 1.45, Docker Engine 26)',
      ),
    );
  });

  it('docker run --mount src=x,dst=/x,image-subpath=etc busybox (an image mount)', () => {
    expect(refusal('docker run --mount src=x,dst=/x,image-subpath=etc busybox')).toBe(
      lab('--mount image-subpath', 'this lab mounts volumes and tmpfs only'),
    );
  });

  it.each([
    ['docker run --mount type=image,src=busybox,dst=/i busybox', 'image'],
    ['docker run --mount type=image,src=busybox,dst=/i,image-subpath=etc busybox', 'image'],
    ['docker run --mount type=cluster,src=x,dst=/c busybox', 'cluster'],
  ])('%s (other mount types)', (line, type) => {
    expect(refusal(line)).toBe(lab(`--mount type=${type}`, 'this lab mounts volumes and tmpfs only'));
  });

  it('refuses an unknown mount type as the daemon does', () => {
    expect(refusal('docker run --mount type=foo,dst=/x busybox')).toBe(
      daemon('invalid mount config for type "foo": mount type unknown'),
    );
  });

  it('keeps a quoted comma inside the source, which is then no volume name', () => {
    expect(refusal('docker run --mount \'type=volume,"src=a,b",dst=/x\' busybox')).toBe(
      daemon(invalidName('a,b')),
    );
  });

  it('refuses a tmpfs with a source as the daemon does', () => {
    expect(refusal('docker run --mount type=tmpfs,src=x,dst=/t busybox')).toBe(
      daemon('invalid mount config for type "tmpfs": field Source must not be specified'),
    );
  });
});

describe('volume names are the session’s own', () => {
  it('maps a -v volume into the session prefix', () => {
    const plan = accepted('docker run -v data:/data busybox');
    expect(plan.request.HostConfig.Binds).toEqual([`${PREFIX}data:/data`]);
    expect(plan.request.HostConfig.Mounts).toEqual([]);
    expect(plan.volumes).toEqual([{ name: 'data', labels: {} }]);
  });

  it.each([
    ['docker run -v data:/data:ro busybox', `${PREFIX}data:/data:ro`],
    ['docker run -v data:/data:rw busybox', `${PREFIX}data:/data:rw`],
    ['docker run -v data:/data:ro,nocopy busybox', `${PREFIX}data:/data:ro,nocopy`],
    ['docker run -v data:/data:z busybox', `${PREFIX}data:/data:z`],
    ['docker run --volume=my-data_1.x:/srv busybox', `${PREFIX}my-data_1.x:/srv`],
    ['docker run -v vl-000000000000-data:/x busybox', `${PREFIX}vl-000000000000-data:/x`],
    [`docker run -v ${'ab'.repeat(32)}:/x busybox`, `${PREFIX}${'ab'.repeat(32)}:/x`],
  ])('%s', (line, bind) => {
    expect(host(line).Binds).toEqual([bind]);
  });

  it('keeps the order of several volumes', () => {
    const plan = accepted('docker run -v one:/1 -v two:/2:ro -v one:/3 busybox');
    expect(plan.request.HostConfig.Binds).toEqual([
      `${PREFIX}one:/1`,
      `${PREFIX}two:/2:ro`,
      `${PREFIX}one:/3`,
    ]);
    expect(plan.volumes.map((volume) => volume.name)).toEqual(['one', 'two', 'one']);
  });

  it('maps a --mount volume into the session prefix', () => {
    const plan = accepted('docker run --mount src=data,dst=/data busybox');
    expect(plan.request.HostConfig.Mounts).toEqual([
      {
        Type: 'volume',
        Source: `${PREFIX}data`,
        Target: '/data',
        ReadOnly: false,
        VolumeOptions: { NoCopy: false },
      },
    ]);
    expect(plan.request.HostConfig.Binds).toEqual([]);
    expect(plan.volumes).toEqual([{ name: 'data', labels: {} }]);
  });

  it.each([
    ['docker run --mount type=volume,source=data,target=/data,readonly busybox', true, false],
    ['docker run --mount type=volume,source=data,target=/data,ro=true,volume-nocopy busybox', true, true],
    ['docker run --mount src=data,dst=/data,readonly=false,volume-nocopy=false busybox', false, false],
    ['docker run --mount src=data,dst=/data,volume-nocopy=1 busybox', false, true],
    ['docker run --mount src=data,dst=/data,volume-nocopy=F busybox', false, false],
  ])('%s', (line, readOnly, noCopy) => {
    expect(host(line).Mounts).toEqual([
      {
        Type: 'volume',
        Source: `${PREFIX}data`,
        Target: '/data',
        ReadOnly: readOnly,
        VolumeOptions: { NoCopy: noCopy },
      },
    ]);
  });

  it('gives a new named volume the learner’s volume-label', () => {
    const plan = accepted('docker run --mount src=data,dst=/data,volume-label=color=blue busybox');
    expect(plan.volumes).toEqual([{ name: 'data', labels: { color: 'blue' } }]);
    expect(plan.request.HostConfig.Mounts[0]?.VolumeOptions).toEqual({ NoCopy: false });
  });

  it.each([
    [
      'docker run -v a:/x busybox',
      'create a: volume name is too short, names should be at least two alphanumeric characters',
    ],
    [
      'docker run --mount src=a,dst=/x busybox',
      'create a: volume name is too short, names should be at least two alphanumeric characters',
    ],
    ['docker run -v my@vol:/x busybox', invalidName('my@vol')],
    ['docker run -v _data:/x busybox', invalidName('_data')],
    ['docker run -v -data:/x busybox', invalidName('-data')],
    ['docker run -v "my vol:/x" busybox', invalidName('my vol')],
    ['docker run -v dätä:/x busybox', invalidName('dätä')],
    ['docker run --mount src=my@vol,dst=/x busybox', invalidName('my@vol')],
    ['docker run --mount src=-x,dst=/x busybox', invalidName('-x')],
  ])('%s', (line, text) => {
    expect(refusal(line)).toBe(daemon(text));
  });

  it('labels an anonymous -v volume with the session, and the path as docker keys it', () => {
    const plan = accepted('docker run -v /data/ busybox');
    expect(plan.request.HostConfig.Mounts).toEqual([
      {
        Type: 'volume',
        Target: '/data/',
        VolumeOptions: { Labels: { ...ANONYMOUS_ON_1_41, [DECLARED_VOLUME_LABEL]: '/data/' } },
      },
    ]);
    expect(plan.request.HostConfig.Binds).toEqual([]);
    expect(plan.volumes).toEqual([]);
  });

  it.each([
    'docker run -v /data:ro busybox',
    'docker run -v /data:rw busybox',
    'docker run -v /data:nocopy busybox',
    'docker run -v /data:ro,nocopy busybox',
    'docker run -v /data:z busybox',
    'docker run -v /x:rslave busybox',
  ])('%s: a path with a mode and no volume is no volume spec to the daemon', (line) => {
    const raw = line.split(' ')[3] ?? '';
    expect(refusal(line)).toBe(daemon(`invalid volume specification: '${raw}'`));
  });

  it('labels an anonymous --mount volume with the session, after the learner’s labels', () => {
    expect(host('docker run --mount dst=/data busybox').Mounts).toEqual([
      {
        Type: 'volume',
        Target: '/data',
        ReadOnly: false,
        VolumeOptions: { NoCopy: false, Labels: ANONYMOUS_ON_1_41 },
      },
    ]);
    expect(host('docker run --mount type=volume,dst=/data,readonly,volume-label=a=b busybox').Mounts).toEqual(
      [
        {
          Type: 'volume',
          Target: '/data',
          ReadOnly: true,
          VolumeOptions: { NoCopy: false, Labels: { a: 'b', ...ANONYMOUS_ON_1_41 } },
        },
      ],
    );
  });

  it.each([
    ['docker run -v a1:/data -v b1:/data busybox', '/data'],
    ['docker run -v /data -v data:/data busybox', '/data'],
    ['docker run -v /data --mount dst=/data busybox', '/data'],
    ['docker run --mount src=a1,dst=/d --mount src=b1,dst=/d busybox', '/d'],
    ['docker run -v data:/d --tmpfs /d busybox', '/d'],
    ['docker run --mount type=tmpfs,dst=/t --tmpfs /t busybox', '/t'],
    ['docker run --mount type=tmpfs,dst=/t -v /t busybox', '/t'],
  ])('%s (duplicate mount point)', (line, target) => {
    expect(refusal(line)).toBe(daemon(`Duplicate mount point: ${target}`));
  });

  it.each([
    ['docker run -v data:rel busybox', 'rel'],
    ['docker run -v "" busybox', ''],
    ['docker run -v rel busybox', 'rel'],
    ['docker run --mount dst=rel busybox', 'rel'],
    ['docker run --mount type=tmpfs,dst=t busybox', 't'],
    ['docker run --tmpfs rel busybox', 'rel'],
    ['docker run --tmpfs "" busybox', ''],
  ])('%s (relative mount point)', (line, target) => {
    expect(refusal(line)).toBe(daemon(`invalid mount path: '${target}' mount path must be absolute`));
  });

  it.each([
    ['docker run -v data:/x:rshared busybox', 'rshared'],
    ['docker run -v data:/x:ro,exec busybox', 'exec'],
    ['docker run -v data:/x:bogus busybox', 'bogus'],
  ])('%s (bad mode)', (line, mode) => {
    expect(refusal(line)).toBe(daemon(`invalid mode: ${mode}`));
  });

  it.each([':/x', 'data:', 'data::ro', 'data:/x:'])('docker run -v %s (empty section)', (raw) => {
    expect(refusal(`docker run -v '${raw}' busybox`)).toBe(
      `docker: invalid spec: ${raw}: empty section between colons\n\nRun 'docker run --help' for more information\n`,
    );
  });

  it('docker run -v a:/b:c:d (too many sections)', () => {
    expect(refusal('docker run -v a:/b:c:d busybox')).toBe(
      daemon("invalid volume specification: 'a:/b:c:d'"),
    );
  });
});

describe('labels in the lab’s own namespace', () => {
  it.each([
    ['docker run -l volume-lab.session=other busybox', '--label volume-lab.session'],
    ['docker run --label VOLUME-LAB.x=1 busybox', '--label VOLUME-LAB.x'],
    ['docker run --label Volume-Lab.Session=x busybox', '--label Volume-Lab.Session'],
    ['docker run --label volume-lab.anonymous busybox', '--label volume-lab.anonymous'],
    ['docker run -l ok=1 -l volume-lab.session= busybox', '--label volume-lab.session'],
    [
      'docker run --mount dst=/x,volume-label=volume-lab.session=x busybox',
      '--mount volume-label=volume-lab.session',
    ],
    [
      'docker run --mount src=data,dst=/x,volume-label=VOLUME-LAB.session=x busybox',
      '--mount volume-label=VOLUME-LAB.session',
    ],
  ])('%s', (line, what) => {
    expect(refusal(line)).toBe(lab(what, LAB_LABELS));
  });

  it('keeps the learner’s labels, with the session label set by the lab', () => {
    expect(request('docker run -l color=blue --label empty -l volume-lab-ish=1 busybox').Labels).toEqual({
      color: 'blue',
      empty: '',
      'volume-lab-ish': '1',
      ...SESSION_LABELS,
    });
  });
});

describe('limits, always set', () => {
  it('builds the whole request of a bare docker run', () => {
    expect(accepted('docker run busybox')).toEqual({
      request: {
        Image: 'busybox',
        Env: [],
        WorkingDir: '',
        User: '',
        Hostname: '',
        Labels: SESSION_LABELS,
        Tty: false,
        OpenStdin: false,
        StdinOnce: false,
        AttachStdin: false,
        AttachStdout: true,
        AttachStderr: true,
        NetworkDisabled: true,
        HostConfig: { ...BARE_HOST, CapAdd: ROOT_SHELL },
      },
      image: { reference: 'busybox:latest', capabilities: ROOT_SHELL },
      volumes: [],
      detach: false,
      interactive: false,
      tty: false,
    });
  });

  it('builds every allowed flag into the request and keeps the limits', () => {
    const plan = accepted(
      "docker run -d -i -t --rm --name web2 -v data:/data --mount dst=/anon --tmpfs /t --volumes-from web:ro -w /data -e A=1 -e UNSET -e 'B=x=y' --entrypoint sh -l k=v -h box -u 1000:1000 --read-only --init busybox -c 'echo hi'",
    );
    expect(plan).toEqual({
      request: {
        Image: 'busybox',
        Cmd: ['-c', 'echo hi'],
        Entrypoint: ['sh'],
        Env: ['A=1', 'B=x=y'],
        WorkingDir: '/data',
        User: '1000:1000',
        Hostname: 'box',
        Labels: { k: 'v', ...SESSION_LABELS },
        Tty: true,
        OpenStdin: true,
        StdinOnce: false,
        AttachStdin: false,
        AttachStdout: false,
        AttachStderr: false,
        NetworkDisabled: true,
        HostConfig: {
          ...LIMITED_HOST,
          ReadonlyRootfs: true,
          Init: true,
          AutoRemove: true,
          Binds: [`${PREFIX}data:/data`],
          CapAdd: ROOT_SHELL,
          Mounts: [
            {
              Type: 'volume',
              Target: '/anon',
              ReadOnly: false,
              VolumeOptions: { NoCopy: false, Labels: ANONYMOUS_ON_1_41 },
            },
          ],
          Tmpfs: { '/t': `size=${CAP}` },
          VolumesFrom: [`${WEB_ID}:ro`],
        },
      },
      image: { reference: 'busybox:latest', capabilities: ROOT_SHELL },
      volumes: [{ name: 'data', labels: {} }],
      detach: true,
      interactive: true,
      tty: true,
    });
  });

  it('attaches stdin once for docker run -it', () => {
    expect(request('docker run -it busybox sh')).toMatchObject({
      Cmd: ['sh'],
      Tty: true,
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
    });
  });

  it('empties the entrypoint for --entrypoint ""', () => {
    expect(request('docker run --entrypoint "" busybox ls').Entrypoint).toEqual([]);
    expect(request('docker run busybox ls')).not.toHaveProperty('Entrypoint');
    expect(request('docker run busybox')).not.toHaveProperty('Cmd');
  });

  it('accepts a valid container name and refuses others as the daemon does', () => {
    expect(isRefusal(plan('docker run --name /web-2.x_y busybox'))).toBe(false);
    for (const name of ['a', '../x', 'a b', '-x', 'web/1']) {
      expect(refusal(`docker run --name '${name}' busybox`)).toBe(
        daemon(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`),
      );
    }
  });

  it('takes the limits from the configuration', () => {
    const small = sandboxLimits(
      loadConfig({ LAB_MEMORY_MB: '256', LAB_CPUS: '1.5', LAB_PIDS: '128', LAB_TMPFS_MB: '16' }),
    );
    const result = plan('docker run --tmpfs /t:size=1g --mount type=tmpfs,dst=/m busybox', OWN, small);
    if (isRefusal(result)) throw new Error(result.message);
    expect(result.request.HostConfig).toMatchObject({
      Memory: 256 * MIB,
      MemorySwap: 256 * MIB,
      NanoCpus: 1_500_000_000,
      PidsLimit: 128,
      ShmSize: 16 * MIB,
      Tmpfs: { '/t': `size=${16 * MIB}` },
      Mounts: [{ Type: 'tmpfs', Target: '/m', ReadOnly: false, TmpfsOptions: { SizeBytes: 16 * MIB } }],
    });
  });

  it('keeps the limits whatever else the command line holds', () => {
    for (const line of [
      'docker run -d --rm busybox',
      'docker run -v /data --mount type=tmpfs,dst=/t,tmpfs-size=10g busybox',
      'docker run --read-only --init -u 0 busybox',
      'docker run -it --volumes-from web --volumes-from db busybox sh',
    ]) {
      expect(host(line)).toMatchObject(LIMITED_HOST);
      expect(request(line).NetworkDisabled).toBe(true);
      expect(request(line).Labels).toMatchObject(SESSION_LABELS);
    }
  });
});

describe('tmpfs sizes are capped', () => {
  it.each([
    ['docker run --tmpfs /t busybox', `size=${CAP}`],
    ['docker run --tmpfs /t: busybox', `size=${CAP}`],
    ['docker run --tmpfs /t:size=10g busybox', `size=${CAP}`],
    ['docker run --tmpfs /t:size=65m busybox', `size=${CAP}`],
    ['docker run --tmpfs /t:size=64m busybox', `size=${CAP}`],
    ['docker run --tmpfs /t:size=1m busybox', `size=${MIB}`],
    ['docker run --tmpfs /t:size=1024 busybox', 'size=1024'],
    ['docker run --tmpfs /t:size=0 busybox', `size=${CAP}`],
    ['docker run --tmpfs /t:size=0k busybox', `size=${CAP}`],
    ['docker run --tmpfs /t:size=0.5 busybox', `size=${CAP}`],
    ['docker run --tmpfs /t:size=1k,size=10g busybox', `size=${CAP}`],
    ['docker run --tmpfs /t:size=10g,size=1k busybox', 'size=1024'],
    ['docker run --tmpfs /t:exec busybox', `exec,size=${CAP}`],
    [
      'docker run --tmpfs /t:rw,noexec,nosuid,nodev,mode=1777,uid=1000,gid=1000,size=1m busybox',
      `rw,noexec,nosuid,nodev,mode=1777,uid=1000,gid=1000,size=${MIB}`,
    ],
    ['docker run --tmpfs /t:ro,mode=700 busybox', `ro,mode=700,size=${CAP}`],
  ])('%s', (line, options) => {
    expect(host(line).Tmpfs).toEqual({ '/t': options });
  });

  it('keeps several tmpfs mounts apart', () => {
    expect(host('docker run --tmpfs /a:size=1m --tmpfs /b busybox').Tmpfs).toEqual({
      '/a': `size=${MIB}`,
      '/b': `size=${CAP}`,
    });
  });

  it('reads a comma after the path as part of the path, not as an option', () => {
    expect(host('docker run --tmpfs /t,size=99g busybox').Tmpfs).toEqual({ '/t,size=99g': `size=${CAP}` });
  });

  it.each([
    ['docker run --tmpfs /t:nr_inodes=0 busybox', 'nr_inodes=0'],
    ['docker run --tmpfs /t:size=50% busybox', 'size=50%'],
    ['docker run --tmpfs /t:size=abc busybox', 'size=abc'],
    ['docker run --tmpfs /t:size=-1 busybox', 'size=-1'],
    ['docker run --tmpfs /t:size= busybox', 'size='],
    ['docker run --tmpfs /t:size=1k:size=1g busybox', 'size=1k:size=1g'],
    ['docker run --tmpfs /t:mode=999 busybox', 'mode=999'],
    ['docker run --tmpfs /t:huge=always busybox', 'huge=always'],
    ['docker run --tmpfs /t:uid=0,mpol=bind busybox', 'mpol=bind'],
    ['docker run --tmpfs /t:uid=root busybox', 'uid=root'],
    ['docker run --tmpfs /t:SIZE=1g busybox', 'SIZE=1g'],
  ])('%s (bad option)', (line, option) => {
    expect(refusal(line)).toBe(daemon(`invalid tmpfs option ["${option}"]`));
  });

  it.each([
    ['docker run --mount type=tmpfs,dst=/t busybox', CAP],
    ['docker run --mount type=tmpfs,dst=/t,tmpfs-size=10g busybox', CAP],
    ['docker run --mount type=tmpfs,dst=/t,tmpfs-size=1m busybox', MIB],
    ['docker run --mount type=tmpfs,dst=/t,tmpfs-size=0 busybox', CAP],
    ['docker run --mount type=tmpfs,dst=/t,tmpfs-size=0.5 busybox', CAP],
    ['docker run --mount TYPE=TMPFS,DST=/t,TMPFS-SIZE=1g busybox', CAP],
  ])('%s', (line, size) => {
    expect(host(line).Mounts).toEqual([
      { Type: 'tmpfs', Target: '/t', ReadOnly: false, TmpfsOptions: { SizeBytes: size } },
    ]);
  });

  it('keeps the mode and read-only of a --mount tmpfs', () => {
    expect(
      host('docker run --mount type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1777,readonly busybox').Mounts,
    ).toEqual([
      { Type: 'tmpfs', Target: '/t', ReadOnly: true, TmpfsOptions: { SizeBytes: MIB, Mode: 0o1777 } },
    ]);
  });

  it('caps /dev/shm at the tmpfs size', () => {
    expect(host('docker run busybox').ShmSize).toBe(CAP);
  });
});

describe('--volumes-from', () => {
  it.each([
    ['docker run --volumes-from web busybox', [WEB_ID]],
    ['docker run --volumes-from web:ro busybox', [`${WEB_ID}:ro`]],
    ['docker run --volumes-from web:rw --volumes-from db busybox', [`${WEB_ID}:rw`, DB_ID]],
  ])('%s', (line, volumesFrom) => {
    expect(host(line).VolumesFrom).toEqual(volumesFrom);
  });

  it.each([
    ['docker run --volumes-from other busybox', 'No such container: other'],
    ['docker run --volumes-from vl-000000000000-web busybox', 'No such container: vl-000000000000-web'],
    [`docker run --volumes-from ${FOREIGN_ID} busybox`, `No such container: ${FOREIGN_ID}`],
    [`docker run --volumes-from ${WEB_ID} busybox`, `No such container: ${WEB_ID}`],
    ['docker run --volumes-from web --volumes-from other:ro busybox', 'No such container: other'],
    ['docker run --volumes-from web:rx busybox', 'invalid mode: rx'],
    ['docker run --volumes-from web:ro:x busybox', 'invalid mode: ro'],
    ['docker run --volumes-from web:RO busybox', 'invalid mode: RO'],
    ['docker run --volumes-from web: busybox', 'invalid mode: '],
  ])('%s', (line, text) => {
    expect(refusal(line)).toBe(daemon(text));
  });

  it('accepts nothing when the session has no containers', () => {
    expect(refusal('docker run --volumes-from web busybox', new Map())).toBe(
      daemon('No such container: web'),
    );
  });
});

describe('images, as the engine resolves them', () => {
  it.each([
    'busybox',
    'busybox:latest',
    'docker.io/library/busybox',
    'docker.io/library/busybox:latest',
    'library/busybox:latest',
    'library/busybox',
    'docker.io/busybox',
    'index.docker.io/library/busybox',
  ])('runs %s as typed, with busybox’s capabilities', (image) => {
    const built = request(`docker run ${image} true`);
    expect(built.Image).toBe(image);
    expect(built.HostConfig.CapAdd).toEqual(ROOT_SHELL);
    expect(imageAllowed(image, limits)).toBe(true);
    expect(normaliseImage(image)).toBe('busybox:latest');
  });

  it.each([
    ['alpine', 'alpine:latest', DOCKER_HUB],
    ['alpine:latest', 'alpine:latest', DOCKER_HUB],
    ['busybox:1.36', 'busybox:1.36', DOCKER_HUB],
    ['nginx:1.25', 'nginx:1.25', DOCKER_HUB],
    ['postgres', 'postgres:latest', DOCKER_HUB],
    ['someone/busybox', 'someone/busybox:latest', DOCKER_HUB],
    ['library/library/busybox', 'library/library/busybox:latest', DOCKER_HUB],
    ['docker.io/index.docker.io/busybox', 'index.docker.io/busybox:latest', DOCKER_HUB],
    [
      'registry-1.docker.io/library/busybox:latest',
      'registry-1.docker.io/library/busybox:latest',
      'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
    ],
    [
      'evil.io/busybox',
      'evil.io/busybox:latest',
      'Get "https://evil.io/v2/": dial tcp: lookup evil.io: no such host',
    ],
    [
      'quay.io:443/x:1',
      'quay.io:443/x:1',
      'Get "https://quay.io:443/v2/": dial tcp: lookup quay.io: no such host',
    ],
    ['Ghcr.io/x', 'Ghcr.io/x:latest', 'Get "https://Ghcr.io/v2/": dial tcp: lookup Ghcr.io: no such host'],
    [
      'localhost:5000/busybox',
      'localhost:5000/busybox:latest',
      'Get "http://localhost:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused',
    ],
    [
      '10.1.2.3/busybox',
      '10.1.2.3/busybox:latest',
      'Get "https://10.1.2.3/v2/": dial tcp 10.1.2.3:443: connect: network is unreachable',
    ],
    [`busybox@sha256:${'a'.repeat(64)}`, `busybox@sha256:${'a'.repeat(64)}`, DOCKER_HUB],
    [`busybox:latest@sha256:${'a'.repeat(64)}`, `busybox:latest@sha256:${'a'.repeat(64)}`, DOCKER_HUB],
  ])('answers %s as docker does when the pull fails, and names the lab’s images', (image, wanted, pull) => {
    expect(plan(`docker run ${image}`)).toEqual({
      refused: true,
      message: unableToFind(wanted, pull),
      exitCode: 125,
      rule: 'image',
    });
  });

  it.each([
    ['BUSYBOX', 'invalid reference format: repository name (library/BUSYBOX) must be lowercase'],
    ['foo/Bar', 'invalid reference format: repository name (foo/Bar) must be lowercase'],
    ['busybox:', 'invalid reference format'],
    ['nginx::', 'invalid reference format'],
    ['nginx:latest:x', 'invalid reference format'],
    ['a@sha256:abc', 'invalid reference format'],
    ['../containers/json', 'invalid reference format'],
    [`busybox@sha256:${'a'.repeat(31)}`, 'invalid reference format'],
    [`busybox@sha256:${'a'.repeat(63)}`, 'invalid checksum digest length'],
    [`busybox@md5:${'a'.repeat(32)}`, 'unsupported digest algorithm'],
    ['a'.repeat(256), 'repository name must not be more than 255 characters'],
  ])('refuses %s as the CLI does before asking the daemon', (image, text) => {
    // The engine is not asked either: its answer would not matter.
    expect(plan(`docker run ${image}`, OWN, limits, null)).toEqual({
      refused: true,
      message: cli(text),
      exitCode: 125,
    });
  });

  it('answers a full image ID the engine has not as the daemon does, with no pull', () => {
    const id = 'f'.repeat(64);
    expect(plan(`docker run ${id}`, OWN, limits, null)).toEqual({
      refused: true,
      message: daemon(`No such image: sha256:${id}`),
      exitCode: 125,
    });
  });

  it('runs an image ID or a prefix of one as typed, granted what the engine’s image is tagged as', () => {
    const nginx = { repoTags: ['nginx:1.22', 'nginx:latest'], volumes: [] };
    for (const reference of ['3bb6', '3bb6b0d0c8f3', `sha256:3bb6b0d0c8f3`, `3bb6${'0'.repeat(60)}`]) {
      const result = plan(`docker run ${reference}`, OWN, limits, nginx);
      if (isRefusal(result)) throw new Error(result.message);
      expect(result.request.Image).toBe(reference);
      expect(result.request.HostConfig.CapAdd).toEqual(['SETGID', 'SETUID']);
      expect(result.image).toEqual({ reference: 'nginx:1.22', capabilities: ['SETGID', 'SETUID'] });
    }
  });

  it('refuses an image the engine has but the lab does not offer, as one it cannot pull', () => {
    const intermediate = { repoTags: [], volumes: [] };
    expect(plan('docker run d608', OWN, limits, intermediate)).toMatchObject({
      message: unableToFind('d608:latest', DOCKER_HUB),
    });
    const operators = { repoTags: ['postgres:16'], volumes: ['/var/lib/postgresql/data'] };
    expect(plan('docker run postgres:16', OWN, limits, operators)).toMatchObject({
      message: unableToFind('postgres:16', DOCKER_HUB),
    });
  });

  it('grants what the engine’s image is, whatever tag of another image was typed', () => {
    // Only an operator can retag; the engine runs what it resolved, so that decides.
    const redis = { repoTags: ['redis:7.0', 'redis:latest'], volumes: ['/data'] };
    const result = plan('docker run busybox', OWN, limits, redis);
    if (isRefusal(result)) throw new Error(result.message);
    expect(result.request.HostConfig.CapAdd).toEqual(['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID']);
  });

  it('refuses an engine image tagged as two of the lab’s images with different sets', () => {
    const both = { repoTags: ['nginx:latest', 'redis:latest'], volumes: [] };
    expect(grantedImage(both.repoTags, limits)).toBeUndefined();
    expect(plan('docker run nginx', OWN, limits, both)).toMatchObject({ rule: 'image' });
    expect(grantedImage(['debian:12', 'busybox:latest'], limits)).toEqual({
      reference: 'debian:12',
      capabilities: ROOT_SHELL,
    });
  });

  it.each([
    ['busybox', ROOT_SHELL],
    ['debian', ROOT_SHELL],
    ['debian:bookworm', ROOT_SHELL],
    ['debian:12', ROOT_SHELL],
    ['nginx', ['SETGID', 'SETUID']],
    ['nginx:1.22', ['SETGID', 'SETUID']],
    ['redis', ['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID']],
    ['redis:7.0', ['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID']],
  ])('grants %s exactly its recipe’s set, whatever else the line says', (image, set) => {
    for (const flags of [
      '',
      '--entrypoint sh',
      "--entrypoint ''",
      '-u 0',
      '-u root',
      '-u 0:0',
      '-u redis',
      '-w /',
      '-e CAPS=ALL',
      '--init',
      '--read-only',
      '-l cap=SYS_ADMIN',
    ]) {
      expect(host(`docker run ${flags} ${image} sh -c 'echo hi'`).CapAdd, `${flags} ${image}`).toEqual(set);
      expect(host(`docker run ${flags} ${image} sh -c 'echo hi'`).CapDrop).toEqual(['ALL']);
    }
  });

  it('grants every reference of the default catalogue its recipe’s set, sorted, and a registry image none', () => {
    expect(Object.fromEntries(limits.images.map((image) => [image, grantedCapabilities(image)]))).toEqual({
      'busybox:latest': ROOT_SHELL,
      'debian:latest': ROOT_SHELL,
      'debian:bookworm': ROOT_SHELL,
      'debian:12': ROOT_SHELL,
      'nginx:latest': ['SETGID', 'SETUID'],
      'nginx:1.22': ['SETGID', 'SETUID'],
      'redis:latest': ['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID'],
      'redis:7.0': ['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID'],
    });
    expect(grantedCapabilities('postgres:16')).toEqual([]);
    expect(grantedCapabilities('registry.example.org/team/redis:7.0')).toEqual([]);
  });

  it('names every image of the lab by its catalogue name, registry images by reference', () => {
    expect(labImageNames(limits)).toEqual(['busybox', 'debian', 'nginx', 'redis']);
    const two = { ...limits, images: ['busybox:latest', 'alpine:3.20'] };
    expect(plan('docker run ubuntu', OWN, two)).toEqual({
      refused: true,
      message: unableToFind('ubuntu:latest', DOCKER_HUB, 'busybox and alpine:3.20'),
      exitCode: 125,
      rule: 'image',
    });
    const one = { ...limits, images: ['busybox:latest'] };
    expect(plan('docker run ubuntu', OWN, one)).toMatchObject({
      message: expect.stringContaining(
        '\nvolume-lab: this lab has the image busybox (docker images lists it)\n',
      ),
    });
  });

  it('reports what the daemon checks first: mounts before the image, the image before the name', () => {
    expect(refusal("docker run -v 'data:/d:bogus' postgres")).toBe(daemon('invalid mode: bogus'));
    expect(refusal("docker run --name 'a b' postgres")).toBe(unableToFind('postgres:latest', DOCKER_HUB));
    expect(refusal('docker run --volumes-from nope postgres')).toBe(
      unableToFind('postgres:latest', DOCKER_HUB),
    );
    expect(refusal('docker run --privileged postgres')).toBe(
      lab('--privileged', 'it gives a container control of the host'),
    );
  });

  it("mounts each of the image's VOLUME paths no flag fills as an anonymous volume of the session", () => {
    expect(host('docker run redis').Mounts).toEqual([
      {
        Type: 'volume',
        Target: '/data',
        VolumeOptions: { Labels: { ...ANONYMOUS_ON_1_41, [DECLARED_VOLUME_LABEL]: '/data' } },
      },
    ]);
    expect(host('docker run -v db:/data redis').Mounts).toEqual([]);
    expect(host('docker run nginx').Mounts).toEqual([]);
  });
});

describe('daemon-worded refusals exit as the CLI exits for the same answer', () => {
  // The real CLI reads the daemon's words: "permission denied" is 126 and "no such file or directory"
  // 127 whatever the answer was about (docker/cli's toStatusError), as the fidelity table shows.
  it.each([
    ["docker run -v 'data:/d:permission denied' busybox", 'invalid mode: permission denied', 126],
    [
      "docker run --name 'permission denied' busybox",
      'Invalid container name (permission denied), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed',
      126,
    ],
    ["docker run -v 'no such file or directory:/d' busybox", invalidName('no such file or directory'), 127],
    [
      "docker run --name 'a b' busybox",
      'Invalid container name (a b), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed',
      125,
    ],
  ])('%s', (line, text, exitCode) => {
    expect(plan(line)).toEqual({ refused: true, message: daemon(text), exitCode });
  });
});

describe('sandboxRequest, where every container the lab creates starts', () => {
  const labels = { [SESSION_LABEL]: SESSION, [INSTANCE_LABEL]: DEFAULT_INSTANCE };

  it('carries the limits, and nothing mounted or attached', () => {
    const sandbox = sandboxRequest('busybox', labels, limits);
    expect(sandbox.HostConfig).toEqual(BARE_HOST);
    expect(sandbox).toMatchObject({
      NetworkDisabled: true,
      AttachStdin: false,
      AttachStdout: false,
      Tty: false,
    });
  });

  it('passes the last look as it is, for an image granted no capability', () => {
    const tool = 'registry.example.org/tool:1';
    const image = { reference: tool, engine: { repoTags: [tool], volumes: [] } };
    const registryOnly = { ...limits, images: [tool] };
    expect(
      checkCreateRequest(sandboxRequest(tool, labels, registryOnly), ns, registryOnly, new Set(), image),
    ).toBeUndefined();
  });

  it('is the base of docker run’s request: a bare run differs in what the CLI attaches and the image’s capabilities', () => {
    const bare = sandboxRequest('busybox', labels, limits);
    expect(request('docker run busybox')).toEqual({
      ...bare,
      AttachStdout: true,
      AttachStderr: true,
      HostConfig: { ...bare.HostConfig, CapAdd: ROOT_SHELL },
    });
  });
});

describe('checkCreateRequest on hand-tampered requests', () => {
  const base = request(
    'docker run -v data:/data --mount src=named,dst=/named --mount dst=/anon --mount type=tmpfs,dst=/m --tmpfs /t --volumes-from web:ro busybox',
  );
  const own = new Set(OWN.values());
  const busybox = catalogueRunImage('busybox', limits);
  const check = (mutate: (request: CreateRequest) => void, image: RunImage = busybox) => {
    const copy = structuredClone(base);
    mutate(copy);
    return checkCreateRequest(copy, ns, limits, own, image);
  };

  it('passes the request planRun built', () => {
    expect(checkCreateRequest(structuredClone(base), ns, limits, own, busybox)).toBeUndefined();
    expect(base.HostConfig.Mounts.map((mount) => mount.Type)).toEqual(['volume', 'volume', 'tmpfs']);
  });

  it.each<[string, (request: CreateRequest) => void, string]>([
    ['Privileged: true', (r) => Object.assign(r.HostConfig, { Privileged: true }), 'privileged'],
    ['CapAdd ALL', (r) => Object.assign(r.HostConfig, { CapAdd: ['ALL'] }), 'capabilities added'],
    ['CapAdd SYS_ADMIN beside the set', (r) => r.HostConfig.CapAdd.push('SYS_ADMIN'), 'capabilities added'],
    ['CapAdd missing', (r) => Object.assign(r.HostConfig, { CapAdd: [] }), 'capabilities added'],
    [
      'CapAdd in another spelling the engine reads the same',
      (r) => Object.assign(r.HostConfig, { CapAdd: ['CAP_CHOWN', 'DAC_OVERRIDE', 'FOWNER'] }),
      'capabilities added',
    ],
    [
      'CapAdd with a capability twice',
      (r) => Object.assign(r.HostConfig, { CapAdd: [...ROOT_SHELL, 'CHOWN'] }),
      'capabilities added',
    ],
    [
      'CapAdd of nginx’s set on busybox',
      (r) => Object.assign(r.HostConfig, { CapAdd: ['SETGID', 'SETUID'] }),
      'capabilities added',
    ],
    ['CapDrop empty', (r) => Object.assign(r.HostConfig, { CapDrop: [] }), 'capabilities dropped'],
    ['CapDrop missing', (r) => Reflect.deleteProperty(r.HostConfig, 'CapDrop'), 'capabilities dropped'],
    ['CapAdd missing', (r) => Reflect.deleteProperty(r.HostConfig, 'CapAdd'), 'capabilities added'],
    ['CapAdd not a list', (r) => Object.assign(r.HostConfig, { CapAdd: 'CHOWN' }), 'capabilities added'],
    [
      'CapAdd of the set written as one item',
      (r) => Object.assign(r.HostConfig, { CapAdd: [ROOT_SHELL.join()] }),
      'capabilities added',
    ],
    [
      'CapDrop of one capability only',
      (r) => Object.assign(r.HostConfig, { CapDrop: ['NET_RAW'] }),
      'capabilities dropped',
    ],
    [
      'CapDrop ALL, then re-added by a second entry',
      (r) => Object.assign(r.HostConfig, { CapDrop: ['ALL', 'ALL'] }),
      'capabilities dropped',
    ],
    [
      'PidMode host',
      (r) => Object.assign(r.HostConfig, { PidMode: 'host' }),
      'unexpected HostConfig.PidMode',
    ],
    [
      'UsernsMode host',
      (r) => Object.assign(r.HostConfig, { UsernsMode: 'host' }),
      'unexpected HostConfig.UsernsMode',
    ],
    [
      'Devices',
      (r) => Object.assign(r.HostConfig, { Devices: [{ PathOnHost: '/dev/sda' }] }),
      'unexpected HostConfig.Devices',
    ],
    ['Runtime', (r) => Object.assign(r.HostConfig, { Runtime: 'runc' }), 'unexpected HostConfig.Runtime'],
    [
      'CgroupParent',
      (r) => Object.assign(r.HostConfig, { CgroupParent: '/' }),
      'unexpected HostConfig.CgroupParent',
    ],
    [
      'PortBindings',
      (r) => Object.assign(r.HostConfig, { PortBindings: { '80/tcp': [{ HostPort: '80' }] } }),
      'unexpected HostConfig.PortBindings',
    ],
    [
      'Sysctls',
      (r) => Object.assign(r.HostConfig, { Sysctls: { 'net.x': '1' } }),
      'unexpected HostConfig.Sysctls',
    ],
    [
      'NetworkMode bridge',
      (r) => Object.assign(r.HostConfig, { NetworkMode: 'bridge' }),
      'network must be none',
    ],
    ['NetworkMode host', (r) => Object.assign(r.HostConfig, { NetworkMode: 'host' }), 'network must be none'],
    ['NetworkDisabled false', (r) => Object.assign(r, { NetworkDisabled: false }), 'network must be none'],
    ['Memory 0 (unlimited)', (r) => Object.assign(r.HostConfig, { Memory: 0 }), 'memory limit'],
    ['Memory 4g', (r) => Object.assign(r.HostConfig, { Memory: 4 * GIB }), 'memory limit'],
    ['MemorySwap -1', (r) => Object.assign(r.HostConfig, { MemorySwap: -1 }), 'memory limit'],
    ['NanoCpus 4 CPUs', (r) => Object.assign(r.HostConfig, { NanoCpus: 4e9 }), 'cpu or pids limit'],
    ['PidsLimit -1', (r) => Object.assign(r.HostConfig, { PidsLimit: -1 }), 'cpu or pids limit'],
    ['PidsLimit 0', (r) => Object.assign(r.HostConfig, { PidsLimit: 0 }), 'cpu or pids limit'],
    ['ShmSize 8g', (r) => Object.assign(r.HostConfig, { ShmSize: 8 * GIB }), 'shm size'],
    ['SecurityOpt empty', (r) => Object.assign(r.HostConfig, { SecurityOpt: [] }), 'security options'],
    [
      'SecurityOpt seccomp=unconfined',
      (r) => Object.assign(r.HostConfig, { SecurityOpt: ['no-new-privileges', 'seccomp=unconfined'] }),
      'security options',
    ],
    ['LogConfig syslog', (r) => Object.assign(r.HostConfig.LogConfig, { Type: 'syslog' }), 'log config'],
    [
      'LogConfig max-size 1g',
      (r) => Object.assign(r.HostConfig.LogConfig.Config, { 'max-size': '1g' }),
      'log config',
    ],
    [
      'LogConfig max-file 1000',
      (r) => Object.assign(r.HostConfig.LogConfig.Config, { 'max-file': '1000' }),
      'log config',
    ],
    [
      'RestartPolicy always',
      (r) => Object.assign(r.HostConfig, { RestartPolicy: { Name: 'always' } }),
      'restart or ipc',
    ],
    ['IpcMode host', (r) => Object.assign(r.HostConfig, { IpcMode: 'host' }), 'restart or ipc'],
    ['IpcMode container:x', (r) => Object.assign(r.HostConfig, { IpcMode: 'container:x' }), 'restart or ipc'],
    ['Image alpine', (r) => Object.assign(r, { Image: 'alpine' }), 'image'],
    ['Image busybox:1.36', (r) => Object.assign(r, { Image: 'busybox:1.36' }), 'image'],
    ['Image nginx', (r) => Object.assign(r, { Image: 'nginx' }), 'image'],
    ['Image unparseable', (r) => Object.assign(r, { Image: '../containers' }), 'image'],
    ['session label missing', (r) => Object.assign(r, { Labels: { k: 'v' } }), 'session label'],
    [
      'session label of another session',
      (r) => Object.assign(r, { Labels: { [SESSION_LABEL]: OTHER_SESSION } }),
      'session label',
    ],
    ['Bind /:/host', (r) => r.HostConfig.Binds.push('/:/host'), 'bind /:/host'],
    [
      'Bind of the docker socket',
      (r) => r.HostConfig.Binds.push('/var/run/docker.sock:/var/run/docker.sock'),
      'bind /var/run/docker.sock:/var/run/docker.sock',
    ],
    [
      'Bind of another session’s volume',
      (r) => r.HostConfig.Binds.push(`vl-${OTHER_SESSION}-data:/x`),
      `bind vl-${OTHER_SESSION}-data:/x`,
    ],
    ['Bind of an unprefixed volume', (r) => r.HostConfig.Binds.push('data:/x'), 'bind data:/x'],
    [
      'Bind with a path after the prefix',
      (r) => r.HostConfig.Binds.push(`${PREFIX}../../etc:/x`),
      `bind ${PREFIX}../../etc:/x`,
    ],
    ['Bind to a relative target', (r) => r.HostConfig.Binds.push(`${PREFIX}data:x`), `bind ${PREFIX}data:x`],
    [
      'Bind with two mode sections',
      (r) => r.HostConfig.Binds.push(`${PREFIX}data:/x:ro:extra`),
      `bind ${PREFIX}data:/x:ro:extra`,
    ],
    [
      'Mount of another session’s volume',
      (r) => r.HostConfig.Mounts.push({ Type: 'volume', Source: `vl-${OTHER_SESSION}-data`, Target: '/x' }),
      `volume vl-${OTHER_SESSION}-data`,
    ],
    [
      'Mount of an unprefixed volume',
      (r) => r.HostConfig.Mounts.push({ Type: 'volume', Source: 'data', Target: '/x' }),
      'volume data',
    ],
    [
      'Mount of a host path as a volume',
      (r) => r.HostConfig.Mounts.push({ Type: 'volume', Source: '/etc', Target: '/x' }),
      'volume /etc',
    ],
    [
      'Mount with a path after the prefix',
      (r) => r.HostConfig.Mounts.push({ Type: 'volume', Source: `${PREFIX}x/../..`, Target: '/x' }),
      `volume ${PREFIX}x/../..`,
    ],
    [
      'Mount of type bind',
      (r) =>
        r.HostConfig.Mounts.push(
          Object.assign({ Type: 'volume' as const, Target: '/h' }, { Type: 'bind', Source: '/' }),
        ),
      'mount type bind',
    ],
    [
      'Mount of type npipe',
      (r) =>
        r.HostConfig.Mounts.push(Object.assign({ Type: 'volume' as const, Target: '/p' }, { Type: 'npipe' })),
      'mount type npipe',
    ],
    [
      'anonymous Mount without labels',
      (r) => r.HostConfig.Mounts.push({ Type: 'volume', Target: '/y' }),
      'anonymous volume label',
    ],
    [
      'anonymous Mount with another session’s label',
      (r) =>
        r.HostConfig.Mounts.push({
          Type: 'volume',
          Target: '/y',
          VolumeOptions: { Labels: { [SESSION_LABEL]: OTHER_SESSION } },
        }),
      'anonymous volume label',
    ],
    [
      'Mount with a volume driver',
      (r) =>
        r.HostConfig.Mounts.push({
          Type: 'volume',
          Source: `${PREFIX}data`,
          Target: '/y',
          VolumeOptions: Object.assign(
            { NoCopy: false },
            { DriverConfig: { Name: 'local', Options: { o: 'bind' } } },
          ),
        }),
      'volume options',
    ],
    [
      'tmpfs Mount above the cap',
      (r) => r.HostConfig.Mounts.push({ Type: 'tmpfs', Target: '/y', TmpfsOptions: { SizeBytes: 10 * GIB } }),
      'tmpfs /y',
    ],
    [
      'tmpfs Mount without a size',
      (r) => r.HostConfig.Mounts.push({ Type: 'tmpfs', Target: '/y' }),
      'tmpfs /y',
    ],
    [
      'tmpfs Mount of size 0 (no limit)',
      (r) => r.HostConfig.Mounts.push({ Type: 'tmpfs', Target: '/y', TmpfsOptions: { SizeBytes: 0 } }),
      'tmpfs /y',
    ],
    [
      'tmpfs Mount of negative size',
      (r) => r.HostConfig.Mounts.push({ Type: 'tmpfs', Target: '/y', TmpfsOptions: { SizeBytes: -1 } }),
      'tmpfs /y',
    ],
    [
      'tmpfs Mount with a source',
      (r) =>
        r.HostConfig.Mounts.push({
          Type: 'tmpfs',
          Source: '/etc',
          Target: '/y',
          TmpfsOptions: { SizeBytes: MIB },
        }),
      'tmpfs /y',
    ],
    [
      'Tmpfs above the cap',
      (r) => Object.assign(r.HostConfig.Tmpfs, { '/y': `size=${10 * GIB}` }),
      'tmpfs /y',
    ],
    ['Tmpfs without a size', (r) => Object.assign(r.HostConfig.Tmpfs, { '/y': 'rw,exec' }), 'tmpfs /y'],
    ['Tmpfs of size 0 (no limit)', (r) => Object.assign(r.HostConfig.Tmpfs, { '/y': 'size=0' }), 'tmpfs /y'],
    ['Tmpfs with a unit', (r) => Object.assign(r.HostConfig.Tmpfs, { '/y': 'size=10g' }), 'tmpfs /y'],
    ['Tmpfs in percent of RAM', (r) => Object.assign(r.HostConfig.Tmpfs, { '/y': 'size=50%' }), 'tmpfs /y'],
    [
      'Tmpfs with a second, larger size',
      (r) => Object.assign(r.HostConfig.Tmpfs, { '/y': `size=1024,size=${10 * GIB}` }),
      'tmpfs /y',
    ],
    [
      'VolumesFrom a foreign container',
      (r) => r.HostConfig.VolumesFrom.push(FOREIGN_ID),
      `volumes-from ${FOREIGN_ID}`,
    ],
    [
      'VolumesFrom a foreign container, read-only',
      (r) => r.HostConfig.VolumesFrom.push(`${FOREIGN_ID}:ro`),
      `volumes-from ${FOREIGN_ID}:ro`,
    ],
    [
      'VolumesFrom by name instead of engine id',
      (r) => r.HostConfig.VolumesFrom.push('web'),
      'volumes-from web',
    ],
    [
      'NetworkingConfig at the top level',
      (r) => Object.assign(r, { NetworkingConfig: { EndpointsConfig: { bridge: {} } } }),
      'unexpected NetworkingConfig',
    ],
    ['Volumes at the top level', (r) => Object.assign(r, { Volumes: { '/z': {} } }), 'unexpected Volumes'],
    [
      'ExposedPorts at the top level',
      (r) => Object.assign(r, { ExposedPorts: { '80/tcp': {} } }),
      'unexpected ExposedPorts',
    ],
    [
      'HostConfig fields at the top level (the engine’s legacy spelling)',
      (r) => Object.assign(r, { Privileged: true }),
      'unexpected Privileged',
    ],
  ])('reports %s', (_what, mutate, problem) => {
    expect(check(mutate)).toBe(problem);
  });

  it('reports a foreign VolumesFrom when no container of the session is known', () => {
    expect(checkCreateRequest(structuredClone(base), ns, limits, new Set(), busybox)).toBe(
      `volumes-from ${WEB_ID}:ro`,
    );
  });

  it('reports a request checked against another session’s namespace', () => {
    expect(
      checkCreateRequest(structuredClone(base), createNamespace(OTHER_SESSION), limits, own, busybox),
    ).toBe('session label');
  });

  it.each<[string, RunImage]>([
    ['the engine has no image for the reference', { reference: 'busybox' }],
    [
      'the engine’s image carries no tag of the lab’s',
      { reference: 'busybox', engine: { repoTags: ['busybox:1.36'], volumes: [] } },
    ],
    [
      'the engine resolved another reference than the request’s',
      { reference: 'nginx', engine: { repoTags: ['nginx:latest'], volumes: [] } },
    ],
  ])('reports an image when %s', (_what, image) => {
    expect(check(() => {}, image)).toBe('image');
  });

  it('reads the capabilities again from the catalogue, by the image the engine resolved', () => {
    const redisTagged = { reference: 'busybox', engine: { repoTags: ['redis:7.0'], volumes: [] } };
    expect(check(() => {}, redisTagged)).toBe('capabilities added');
    expect(
      check(
        (r) => Object.assign(r.HostConfig, { CapAdd: ['SETUID', 'DAC_OVERRIDE', 'CHOWN', 'SETGID'] }),
        redisTagged,
      ),
    ).toBeUndefined();
  });
});
