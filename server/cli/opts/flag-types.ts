/**
 * Builders of `FlagSpec`s, one per pflag/docker Value type, so a command's flag table is one
 * line per flag. Each type carries what pflag does with it: how occurrences combine, the value
 * type help prints, its `(default …)`, and the `Set` validation that rejects bad values.
 *
 * Typed values (int, uint16, uint64, duration, decimal, bytes) are `string` flags whose
 * `validate` reproduces the Go parse error; consumers read the raw text with
 * `ParsedFlags.string()` and convert it themselves.
 */
import type { FlagSpec } from '../command-spec.ts';
import { validateDuration, validateInt64, validateUint16, validateUint64 } from './go-values.ts';
import { validateFilter } from './key-value.ts';
import { validateMount } from './run-values.ts';
import { parseBytes, parseNanoCpus, validateBytes, validateCpus, validateMemSwap } from './sizes.ts';

/** Optional fields of a flag beyond what its builder sets (annotations, hidden, shorthand, …). */
export type FlagExtra = Partial<Omit<FlagSpec, 'name' | 'description'>>;

/** A `Value.Set` validation: Go's error text, or undefined when the value is accepted. */
type Validate = (value: string) => string | undefined;

// Current-value zero tests of docker's custom pflag Values (see FlagSpec.currentIsZero).

/** ListOpts and MountOpt print "" only while empty. */
const listIsZero = (occ: readonly string[]) => occ.length === 0;
/** FilterOpt ignores empty values and prints "" while it holds no filter. */
const filterIsZero = (occ: readonly string[]) => occ.every((v) => v === '');
/** MapOpts prints `map[...]`, the blkio/ulimit options `[...]`: never a zero word. */
const neverZero = () => false;
/** NetworkOpt and GpuOpts print "" whatever they hold. */
const alwaysZero = () => true;
/** MemBytes prints "0" for zero bytes. */
const bytesIsZero = (occ: readonly string[]) => occ.length === 0 || parseBytes(occ.at(-1) ?? '') === 0;
/** MemSwapBytes prints "0" for zero bytes and "-1" for unlimited. */
const swapIsZero = (occ: readonly string[]) =>
  occ.length === 0 || (occ.at(-1) !== '-1' && parseBytes(occ.at(-1) ?? '') === 0);
/** NanoCPUs prints "" for zero CPUs. */
const cpusIsZero = (occ: readonly string[]) => occ.length === 0 || parseNanoCpus(occ.at(-1) ?? '') === 0n;

const short = (shorthand: string | undefined) => (shorthand !== undefined ? { shorthand } : {});

/** pflag bool: takes no value. */
export const bool = (
  name: string,
  shorthand: string | undefined,
  description: string,
  extra: FlagExtra = {},
): FlagSpec => ({
  name,
  ...short(shorthand),
  kind: 'bool',
  valueType: '',
  description,
  ...extra,
});

/** pflag string: keeps the last value; help prints a non-empty default Go-quoted. */
export const str = (
  name: string,
  shorthand: string | undefined,
  description: string,
  def = '',
  extra: FlagExtra = {},
): FlagSpec => ({
  name,
  ...short(shorthand),
  kind: 'string',
  valueType: 'string',
  default: def,
  description,
  ...extra,
});

/** pflag int/int64: help prints `(default N)` only for a non-zero default. */
export const int = (
  name: string,
  shorthand: string | undefined,
  description: string,
  def = '0',
  extra: FlagExtra = {},
): FlagSpec =>
  str(name, shorthand, description, def, {
    valueType: 'int',
    defaultText: def === '0' ? '' : def,
    validate: validateInt64,
    ...extra,
  });

/**
 * A pflag value type that keeps the last value and whose zero default help never prints:
 * the builder of flags of that type.
 */
const scalar =
  (valueType: string, def: string, validate: Validate, more: FlagExtra = {}) =>
  (name: string, description: string, extra: FlagExtra = {}): FlagSpec =>
    str(name, undefined, description, def, { valueType, defaultText: '', validate, ...more, ...extra });

/** pflag uint16 (`--blkio-weight`). */
export const uint16 = scalar('uint16', '0', validateUint16);
/** pflag uint64 (`--io-maxiops`). */
export const uint64 = scalar('uint64', '0', validateUint64);
/** pflag duration; every docker default is 0s. */
export const duration = scalar('duration', '0s', validateDuration);
/** NanoCPUs (`decimal` in help): a rational number of CPUs. */
export const decimal = scalar('decimal', '', validateCpus, { currentIsZero: cpusIsZero });

/** MemBytes: keeps the last value like a string flag. */
export const bytes = (
  name: string,
  shorthand: string | undefined,
  description: string,
  extra: FlagExtra = {},
): FlagSpec =>
  str(name, shorthand, description, '', {
    valueType: 'bytes',
    defaultText: '0',
    currentIsZero: bytesIsZero,
    validate: validateBytes,
    ...extra,
  });

/** MemSwapBytes: MemBytes that also takes `-1` for unlimited. */
export const memSwapBytes = (name: string, description: string): FlagSpec =>
  bytes(name, undefined, description, { currentIsZero: swapIsZero, validate: validateMemSwap });

/** Repeatable ListOpts (`list` in help). */
export const list = (
  name: string,
  shorthand: string | undefined,
  description: string,
  validate?: Validate,
  extra: FlagExtra = {},
): FlagSpec => ({
  name,
  ...short(shorthand),
  kind: 'stringArray',
  valueType: 'list',
  defaultText: '',
  currentIsZero: listIsZero,
  description,
  ...(validate !== undefined ? { validate } : {}),
  ...extra,
});

/** The blkio throttle/weight and ulimit options: repeatable, always `(default [])`. */
export const bracketList = (
  name: string,
  valueType: string,
  description: string,
  validate?: Validate,
): FlagSpec => ({
  name,
  kind: 'stringArray',
  valueType,
  defaultText: '[]',
  currentIsZero: neverZero,
  description,
  ...(validate !== undefined ? { validate } : {}),
});

/** Repeatable MapOpts (`map` in help, always `(default map[])`). */
export const map = (name: string, description: string, extra: FlagExtra = {}): FlagSpec => ({
  name,
  kind: 'stringArray',
  valueType: 'map',
  defaultText: 'map[]',
  currentIsZero: neverZero,
  description,
  ...extra,
});

/** FilterOpt `--filter`: repeatable `name=value` pairs. */
export const filter = (shorthand: string | undefined, description: string): FlagSpec => ({
  name: 'filter',
  ...short(shorthand),
  kind: 'stringArray',
  valueType: 'filter',
  defaultText: '',
  currentIsZero: filterIsZero,
  description,
  validate: validateFilter,
});

/**
 * Options whose String() is always "" so help never prints a default: NetworkOpt
 * (`network`) and GpuOpts (`gpu-request`).
 */
export const silentList = (
  name: string,
  valueType: string,
  description: string,
  extra: FlagExtra = {},
): FlagSpec => ({
  name,
  kind: 'stringArray',
  valueType,
  defaultText: '',
  currentIsZero: alwaysZero,
  description,
  ...extra,
});

/** MountOpt (`--mount`): repeatable, validated while flags are parsed. */
export const mount = (name: string, description: string): FlagSpec => ({
  name,
  kind: 'stringArray',
  valueType: 'mount',
  defaultText: '',
  currentIsZero: listIsZero,
  description,
  validate: validateMount,
});
