/**
 * Validators of docker's device options (`--device-cgroup-rule`, `--blkio-weight-device`,
 * `--device-read-bps` and friends): Go's error text, or undefined when valid.
 */
import { parseBytes } from './sizes.ts';

/** `validateDeviceCgroupRule` (`--device-cgroup-rule`). */
export function validateDeviceCgroupRule(value: string): string | undefined {
  return /^[acb] ([0-9]+|\*):([0-9]+|\*) [rwm]{1,3}$/.test(value)
    ? undefined
    : `invalid device cgroup format '${value}'`;
}

/** Shared `/dev/...:value` shape of the blkio device options; returns [error, value part]. */
function devicePair(value: string): [string | undefined, string] {
  const sep = value.indexOf(':');
  const key = sep === -1 ? '' : value.slice(0, sep);
  if (sep === -1 || key === '') return [`bad format: ${value}`, ''];
  if (!key.startsWith('/dev/')) return [`bad format for device path: ${value}`, ''];
  return [undefined, value.slice(sep + 1)];
}

/** `opts.ValidateWeightDevice` (`--blkio-weight-device /dev/sda:100`). */
export function validateWeightDevice(value: string): string | undefined {
  const [err, w] = devicePair(value);
  if (err !== undefined) return err;
  const bad = `invalid weight for device: ${value}`;
  if (!/^\d+$/.test(w)) return bad;
  const n = Number(w);
  return n > 65535 || (n > 0 && (n < 10 || n > 1000)) ? bad : undefined;
}

/** `opts.ValidateThrottleBpsDevice` (`--device-read-bps /dev/sda:1mb`). */
export function validateThrottleBps(value: string): string | undefined {
  const [err, rate] = devicePair(value);
  if (err !== undefined) return err;
  return typeof parseBytes(rate) === 'string'
    ? `invalid rate for device: ${value}. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb`
    : undefined;
}

/** `opts.ValidateThrottleIOpsDevice` (`--device-read-iops /dev/sda:1000`). */
export function validateThrottleIops(value: string): string | undefined {
  const [err, rate] = devicePair(value);
  if (err !== undefined) return err;
  return /^\d+$/.test(rate) && BigInt(rate) < 1n << 64n
    ? undefined
    : `invalid rate for device: ${value}. The correct format is <device-path>:<number>. Number must be a positive integer`;
}
