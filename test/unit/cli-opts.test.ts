/**
 * The value parsers of server/cli/opts. Error texts were captured from the real docker CLI
 * 28.2.2 client (`docker run --memory abc busybox` and the like fail while parsing flags,
 * before any engine is contacted): pflag prints `invalid argument "V" for "FLAG" flag: TEXT`
 * where TEXT is what these validators return.
 */
import { describe, expect, it } from 'vitest';
import type { EngineInfo } from '../../server/cli/command-spec.ts';
import { dockerRun } from '../../server/cli/container-commands.ts';
import {
  validateDeviceCgroupRule,
  validateThrottleBps,
  validateThrottleIops,
  validateWeightDevice,
} from '../../server/cli/opts/devices.ts';
import {
  goParseIntError,
  validateDuration,
  validateInt64,
  validateUint16,
  validateUint64,
} from '../../server/cli/opts/go-values.ts';
import {
  validateEnv,
  validateFilter,
  validateLabel,
  validateSysctl,
} from '../../server/cli/opts/key-value.ts';
import {
  validateDNSSearch,
  validateExtraHost,
  validateIPAddress,
  validateLink,
} from '../../server/cli/opts/network.ts';
import { validateAttach, validateMount } from '../../server/cli/opts/run-values.ts';
import {
  parseBytes,
  parseNanoCpus,
  validateBytes,
  validateCpus,
  validateMemSwap,
} from '../../server/cli/opts/sizes.ts';
import { parseCommandArgs } from '../../server/cli/parse-args.ts';
import { volumeCreate } from '../../server/cli/volume-commands.ts';

describe('typed value parsers', () => {
  it('durations follow time.ParseDuration', () => {
    expect(validateDuration('1m30s')).toBeUndefined();
    expect(validateDuration('-1.5h')).toBeUndefined();
    expect(validateDuration('0')).toBeUndefined();
    expect(validateDuration('.s')).toBe('time: invalid duration ".s"');
    expect(validateDuration('1')).toBe('time: missing unit in duration "1"');
  });
  it('--cpus is a rational number scaled to nano-CPUs', () => {
    expect(parseNanoCpus('1.5')).toBe(1_500_000_000n);
    expect(parseNanoCpus('1/4')).toBe(250_000_000n);
    expect(parseNanoCpus('2e-1')).toBe(200_000_000n);
    expect(parseNanoCpus('0.0000000001')).toBe('value is too precise');
  });
});

describe('go-values: strconv and time as pflag calls them', () => {
  it('integers take base prefixes, signs and underscores between digits', () => {
    for (const ok of ['0', '-1', '+7', '0x1f', '0o17', '017', '0b101', '1_000', '0x_ff']) {
      expect(validateInt64(ok), ok).toBeUndefined();
    }
    expect(validateInt64('-9223372036854775808')).toBeUndefined();
  });
  it('reports syntax and range errors with the ParseInt/ParseUint prefix', () => {
    expect(validateInt64('x')).toBe('strconv.ParseInt: parsing "x": invalid syntax');
    expect(validateInt64('0x')).toBe('strconv.ParseInt: parsing "0x": invalid syntax');
    expect(validateInt64('_1')).toBe('strconv.ParseInt: parsing "_1": invalid syntax');
    expect(validateInt64('1__0')).toBe('strconv.ParseInt: parsing "1__0": invalid syntax');
    expect(validateInt64('9223372036854775808')).toBe(
      'strconv.ParseInt: parsing "9223372036854775808": value out of range',
    );
    expect(validateUint16('65535')).toBeUndefined();
    expect(validateUint16('70000')).toBe('strconv.ParseUint: parsing "70000": value out of range');
    expect(validateUint64('-1')).toBe('strconv.ParseUint: parsing "-1": invalid syntax');
    expect(goParseIntError('128', 8, false)).toBe('strconv.ParseInt: parsing "128": value out of range');
  });
  it('durations name the unit they do not know', () => {
    expect(validateDuration('1h2m3.5s')).toBeUndefined();
    expect(validateDuration('300ms')).toBeUndefined();
    expect(validateDuration('1\u00b5s')).toBeUndefined();
    expect(validateDuration('')).toBe('time: invalid duration ""');
    expect(validateDuration('1y')).toBe('time: unknown unit "y" in duration "1y"');
  });
});

describe('sizes: MemBytes, MemSwapBytes, NanoCPUs', () => {
  it('parses go-units sizes in binary multiples', () => {
    expect(parseBytes('10')).toBe(10);
    expect(parseBytes('10b')).toBe(10);
    expect(parseBytes('1k')).toBe(1024);
    expect(parseBytes('1KB')).toBe(1024);
    expect(parseBytes('1.5kib')).toBe(1536);
    expect(parseBytes('64m')).toBe(64 * 1024 ** 2);
    expect(parseBytes('2 g')).toBe(2 * 1024 ** 3);
  });
  it('returns the go-units error texts', () => {
    expect(validateBytes('abc')).toBe("invalid size: 'abc'");
    expect(validateBytes('-1')).toBe("invalid size: '-1'");
    expect(validateBytes('1x')).toBe("invalid suffix: 'x'");
    expect(validateBytes('1q')).toBe("invalid suffix: 'q'");
    expect(validateBytes('1kbytes')).toBe("invalid suffix: 'kbytes'");
    expect(validateBytes('1.2.3k')).toBe('strconv.ParseFloat: parsing "1.2.3": invalid syntax');
  });
  it('--memory-swap also takes -1 for unlimited', () => {
    expect(validateMemSwap('-1')).toBeUndefined();
    expect(validateMemSwap('1g')).toBeUndefined();
    expect(validateMemSwap('abc')).toBe("invalid size: 'abc'");
  });
  it('--cpus refuses what big.Rat cannot read', () => {
    expect(validateCpus('2')).toBeUndefined();
    expect(validateCpus('abc')).toBe('failed to parse abc as a rational number');
    expect(validateCpus('1/0')).toBe('failed to parse 1/0 as a rational number');
    expect(validateCpus('.')).toBe('failed to parse . as a rational number');
  });
});

describe('key-value options', () => {
  it('filters need name=value, an empty one is ignored', () => {
    expect(validateFilter('dangling=true')).toBeUndefined();
    expect(validateFilter('')).toBeUndefined();
    expect(validateFilter('x')).toBe('bad format of filter (expected name=value)');
  });
  it('labels need a name without whitespace', () => {
    expect(validateLabel('a=b')).toBeUndefined();
    expect(validateLabel('flag')).toBeUndefined();
    expect(validateLabel('=x')).toBe("invalid label '=x': empty name");
    expect(validateLabel(' =x')).toBe("invalid label ' =x': empty name");
    expect(validateLabel('a b=c')).toBe("label 'a b' contains whitespaces");
  });
  it('environment variables need a name', () => {
    expect(validateEnv('A=1')).toBeUndefined();
    expect(validateEnv('A')).toBeUndefined();
    expect(validateEnv('=x')).toBe('invalid environment variable: =x');
  });
  it('sysctls must be namespaced', () => {
    expect(validateSysctl('net.ipv4.ip_forward=1')).toBeUndefined();
    expect(validateSysctl('kernel.shmmax=1')).toBeUndefined();
    expect(validateSysctl('fs.mqueue.msg_max=1')).toBeUndefined();
    expect(validateSysctl('kernel.foo=1')).toBe("sysctl 'kernel.foo=1' is not allowed");
    expect(validateSysctl('net.x')).toBe("sysctl 'net.x' is not allowed");
  });
});

describe('network options', () => {
  it('--dns takes an IP address', () => {
    expect(validateIPAddress('1.1.1.1')).toBeUndefined();
    expect(validateIPAddress('::1')).toBeUndefined();
    expect(validateIPAddress('1.2.3')).toBe('IP address is not correctly formatted: 1.2.3');
    expect(validateIPAddress('fe80::1%eth0')).toBe('IP address is not correctly formatted: fe80::1%eth0');
  });
  it('--dns-search takes a domain', () => {
    expect(validateDNSSearch('example.com')).toBeUndefined();
    expect(validateDNSSearch('.')).toBeUndefined();
    expect(validateDNSSearch('-bad')).toBe('-bad is not a valid domain');
    expect(validateDNSSearch('123')).toBe('123 is not a valid domain');
  });
  it('--add-host takes host:ip, host=ip or host-gateway', () => {
    expect(validateExtraHost('db:10.0.0.2')).toBeUndefined();
    expect(validateExtraHost('db=::1')).toBeUndefined();
    expect(validateExtraHost('db=[::1]')).toBeUndefined();
    expect(validateExtraHost('host.docker.internal:host-gateway')).toBeUndefined();
    expect(validateExtraHost('foo')).toBe('bad format for add-host: "foo"');
    expect(validateExtraHost('foo:1.2.3')).toBe('invalid IP address in add-host: "1.2.3"');
  });
  it('--link takes name[:alias]', () => {
    expect(validateLink('db:database')).toBeUndefined();
    expect(validateLink('')).toBe('empty string specified for links');
    expect(validateLink('a:b:c')).toBe('bad format for links: a:b:c');
  });
});

describe('device options', () => {
  it('cgroup rules', () => {
    expect(validateDeviceCgroupRule('c 1:3 mr')).toBeUndefined();
    expect(validateDeviceCgroupRule('a *:* rwm')).toBeUndefined();
    expect(validateDeviceCgroupRule('x')).toBe("invalid device cgroup format 'x'");
  });
  it('weights are 0 or between 10 and 1000', () => {
    expect(validateWeightDevice('/dev/sda:100')).toBeUndefined();
    expect(validateWeightDevice('/dev/sda:0')).toBeUndefined();
    expect(validateWeightDevice('/dev/sda:5')).toBe('invalid weight for device: /dev/sda:5');
    expect(validateWeightDevice('sda:100')).toBe('bad format for device path: sda:100');
    expect(validateWeightDevice('/dev/sda')).toBe('bad format: /dev/sda');
  });
  it('throttles take a size or a count', () => {
    expect(validateThrottleBps('/dev/sda:1mb')).toBeUndefined();
    expect(validateThrottleIops('/dev/sda:1000')).toBeUndefined();
    expect(validateThrottleBps('sda:1')).toBe('bad format for device path: sda:1');
    expect(validateThrottleBps('/dev/sda:x')).toBe(
      'invalid rate for device: /dev/sda:x. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb',
    );
    expect(validateThrottleIops('/dev/sda:x')).toBe(
      'invalid rate for device: /dev/sda:x. The correct format is <device-path>:<number>. Number must be a positive integer',
    );
  });
});

describe('docker run values', () => {
  it('-a names a standard stream, in any case', () => {
    expect(validateAttach('STDOUT')).toBeUndefined();
    expect(validateAttach('stdin')).toBeUndefined();
    expect(validateAttach('foo')).toBe('valid streams are STDIN, STDOUT and STDERR');
  });
  it('--mount is checked while flags are parsed', () => {
    expect(validateMount('type=volume,source=data,target=/data')).toBeUndefined();
    expect(validateMount('type=foo')).toBe('target is required');
  });
});

/** First stderr line of the real client for `docker run ARGS busybox`, exit code 125. */
const RUN_ERRORS: ReadonlyArray<readonly [readonly string[], string]> = [
  [['--memory', 'abc'], `invalid argument "abc" for "-m, --memory" flag: invalid size: 'abc'`],
  [['--memory', '1x'], `invalid argument "1x" for "-m, --memory" flag: invalid suffix: 'x'`],
  [['--memory', '-1'], `invalid argument "-1" for "-m, --memory" flag: invalid size: '-1'`],
  [['--memory-swap', 'abc'], `invalid argument "abc" for "--memory-swap" flag: invalid size: 'abc'`],
  [['--cpus', 'abc'], 'invalid argument "abc" for "--cpus" flag: failed to parse abc as a rational number'],
  [['--cpus', '0.0000000001'], 'invalid argument "0.0000000001" for "--cpus" flag: value is too precise'],
  [
    ['--stop-timeout', 'x'],
    'invalid argument "x" for "--stop-timeout" flag: strconv.ParseInt: parsing "x": invalid syntax',
  ],
  [
    ['--cpu-shares', '0x'],
    'invalid argument "0x" for "-c, --cpu-shares" flag: strconv.ParseInt: parsing "0x": invalid syntax',
  ],
  [
    ['--blkio-weight', '70000'],
    'invalid argument "70000" for "--blkio-weight" flag: strconv.ParseUint: parsing "70000": value out of range',
  ],
  [
    ['--io-maxiops', '-1'],
    'invalid argument "-1" for "--io-maxiops" flag: strconv.ParseUint: parsing "-1": invalid syntax',
  ],
  [
    ['--health-interval', '1'],
    'invalid argument "1" for "--health-interval" flag: time: missing unit in duration "1"',
  ],
  [
    ['--health-interval', '1y'],
    'invalid argument "1y" for "--health-interval" flag: time: unknown unit "y" in duration "1y"',
  ],
  [['-e', '=x'], 'invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x'],
  [['-l', '=x'], `invalid argument "=x" for "-l, --label" flag: invalid label '=x': empty name`],
  [['-l', 'a b=c'], `invalid argument "a b=c" for "-l, --label" flag: label 'a b' contains whitespaces`],
  [['--add-host', 'foo'], 'invalid argument "foo" for "--add-host" flag: bad format for add-host: "foo"'],
  [
    ['--add-host', 'foo:1.2.3'],
    'invalid argument "foo:1.2.3" for "--add-host" flag: invalid IP address in add-host: "1.2.3"',
  ],
  [
    ['--dns', '1.2.3'],
    'invalid argument "1.2.3" for "--dns" flag: IP address is not correctly formatted: 1.2.3',
  ],
  [['--dns-search', '-bad'], 'invalid argument "-bad" for "--dns-search" flag: -bad is not a valid domain'],
  [['--link', 'a:b:c'], 'invalid argument "a:b:c" for "--link" flag: bad format for links: a:b:c'],
  [
    ['--sysctl', 'kernel.foo=1'],
    `invalid argument "kernel.foo=1" for "--sysctl" flag: sysctl 'kernel.foo=1' is not allowed`,
  ],
  [
    ['--device-read-bps', '/dev/sda:x'],
    'invalid argument "/dev/sda:x" for "--device-read-bps" flag: invalid rate for device: /dev/sda:x. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb',
  ],
  [
    ['--device-read-iops', '/dev/sda:x'],
    'invalid argument "/dev/sda:x" for "--device-read-iops" flag: invalid rate for device: /dev/sda:x. The correct format is <device-path>:<number>. Number must be a positive integer',
  ],
  [
    ['--device-read-bps', 'sda:1'],
    'invalid argument "sda:1" for "--device-read-bps" flag: bad format for device path: sda:1',
  ],
  [
    ['--blkio-weight-device', '/dev/sda:5'],
    'invalid argument "/dev/sda:5" for "--blkio-weight-device" flag: invalid weight for device: /dev/sda:5',
  ],
  [
    ['--device-cgroup-rule', 'x'],
    `invalid argument "x" for "--device-cgroup-rule" flag: invalid device cgroup format 'x'`,
  ],
  [
    ['-a', 'foo'],
    'invalid argument "foo" for "-a, --attach" flag: valid streams are STDIN, STDOUT and STDERR',
  ],
  [['--mount', 'type=foo'], 'invalid argument "type=foo" for "--mount" flag: target is required'],
];

describe('the opts behind the flag tables, as the real client prints their errors', () => {
  const engine: EngineInfo = { apiVersion: '1.41' };
  const usage =
    "\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information\n";
  it.each(RUN_ERRORS)('docker run %j busybox', (args, first) => {
    const outcome = parseCommandArgs(dockerRun, [...args, 'busybox'], { engine });
    expect(outcome).toMatchObject({ kind: 'exit', exitCode: 125, stdout: '', stderr: `${first}${usage}` });
  });
  it('docker volume create --limit-bytes 1q', () => {
    const outcome = parseCommandArgs(volumeCreate, ['--limit-bytes', '1q'], {
      engine: { apiVersion: '1.42' },
    });
    expect(outcome.kind === 'exit' && outcome.stderr.split('\n')[0]).toBe(
      `invalid argument "1q" for "--limit-bytes" flag: invalid suffix: 'q'`,
    );
  });
});
