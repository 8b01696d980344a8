/**
 * The Go standard-library parsers behind pflag's typed values (int, int64, uint16, uint64,
 * duration). They return Go's `err.Error()` text, or undefined when the value parses: pflag
 * wraps that text as `invalid argument "V" for "-x, --flag" flag: TEXT`.
 */
import { goQuote } from '../../format/go-quote.ts';

/**
 * Go's `strconv.ParseInt`/`ParseUint` with base 0 (what pflag's int, int64, uint16 and
 * uint64 values call): sign, `0x`/`0o`/`0b`/`0` prefixes, underscores between digits.
 */
export function goParseIntError(value: string, bits: number, unsigned: boolean): string | undefined {
  const fn = unsigned ? 'ParseUint' : 'ParseInt';
  const syntax = `strconv.${fn}: parsing ${goQuote(value)}: invalid syntax`;
  const range = `strconv.${fn}: parsing ${goQuote(value)}: value out of range`;
  let s = value;
  let neg = false;
  if (!unsigned && (s[0] === '+' || s[0] === '-')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '') return syntax;
  let base = 10n;
  let digits = s;
  const lower = s.toLowerCase();
  if (lower.startsWith('0x')) [base, digits] = [16n, s.slice(2)];
  else if (lower.startsWith('0b')) [base, digits] = [2n, s.slice(2)];
  else if (lower.startsWith('0o')) [base, digits] = [8n, s.slice(2)];
  else if (s.length > 1 && s[0] === '0') [base, digits] = [8n, s.slice(1)];
  if (digits === '' && base !== 8n) return syntax;
  // Unsigned limit first, as ParseUint does before ParseInt narrows it.
  const max = unsigned ? (1n << BigInt(bits)) - 1n : (1n << 64n) - 1n;
  let n = 0n;
  let underscores = false;
  for (const ch of digits) {
    if (ch === '_') {
      underscores = true;
      continue;
    }
    const d = Number.parseInt(ch, 36);
    if (Number.isNaN(d) || BigInt(d) >= base) return syntax;
    n = n * base + BigInt(d);
    if (n > max) return range;
  }
  if (underscores && !underscoreOK(value)) return syntax;
  if (!unsigned) {
    const limit = 1n << BigInt(bits - 1);
    if (neg ? n > limit : n >= limit) return range;
  }
  return undefined;
}

/** Go's `strconv.underscoreOK`: underscores only between digits or after a base prefix. */
function underscoreOK(value: string): boolean {
  let s = value;
  if (s[0] === '+' || s[0] === '-') s = s.slice(1);
  let saw = '^';
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes((s[1] as string).toLowerCase())) {
    i = 2;
    saw = '0';
    hex = (s[1] as string).toLowerCase() === 'x';
  }
  for (; i < s.length; i++) {
    const c = (s[i] as string).toLowerCase();
    if ((c >= '0' && c <= '9') || (hex && c >= 'a' && c <= 'f')) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** pflag `int` and `int64` values. */
export const validateInt64 = (value: string): string | undefined => goParseIntError(value, 64, false);
/** pflag `uint16` values (`--blkio-weight`). */
export const validateUint16 = (value: string): string | undefined => goParseIntError(value, 16, true);
/** pflag `uint64` values (`--io-maxiops`). */
export const validateUint64 = (value: string): string | undefined => goParseIntError(value, 64, true);

const DURATION_UNITS = ['ns', 'us', '\u00b5s', '\u03bcs', 'ms', 's', 'm', 'h'];

/** Go's `time.ParseDuration` error (pflag duration values); overflow is not checked. */
export function validateDuration(value: string): string | undefined {
  const invalid = `time: invalid duration ${goQuote(value)}`;
  let s = value;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  if (s === '0') return undefined;
  if (s === '') return invalid;
  while (s !== '') {
    const num = /^([0-9]*)(?:\.([0-9]*))?/.exec(s) as RegExpExecArray;
    if ((num[1] ?? '') === '' && (num[2] ?? '') === '') return invalid;
    s = s.slice(num[0].length);
    const unit = (/^[^0-9.]*/.exec(s) as RegExpExecArray)[0];
    if (unit === '') return `time: missing unit in duration ${goQuote(value)}`;
    if (!DURATION_UNITS.includes(unit)) {
      return `time: unknown unit ${goQuote(unit)} in duration ${goQuote(value)}`;
    }
    s = s.slice(unit.length);
  }
  return undefined;
}
