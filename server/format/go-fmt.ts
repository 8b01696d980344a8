/** A subset of Go's fmt package over the value model in go-values.ts. */
import { goQuote } from './go-quote.ts';
import { GoNil, GoRecord, goTypeName, isPlainObject, mapEntries } from './go-values.ts';

/** Shortest decimal digits and exponent of a finite non-zero number: 1234.5 -> ["12345", 3]. */
function shortestDigits(n: number): [string, number] {
  const [mant = '0', exp = '0'] = Math.abs(n).toExponential().split('e');
  return [mant.replace('.', ''), Number(exp)];
}

function expSuffix(exp: number): string {
  const abs = Math.abs(exp);
  return `e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

/** Go's `%v` for float64 (strconv 'g', shortest digits, exponent form when exp < -4 || exp >= 6). */
export function formatFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [digits, exp] = shortestDigits(n);
  const sign = n < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mant}${expSuffix(exp)}`;
  }
  // In this exponent range JavaScript's shortest form is already plain decimal, as Go's is.
  return `${sign}${Math.abs(n).toString()}`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 63 ? BigInt(n).toString() : formatFloat(n);
}

/** Go's `%v`: maps as `map[k:v]` with sorted keys, slices as `[a b]`, structs as `{a b}`. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return `[${v.map(formatNested).join(' ')}]`;
  if (v instanceof GoNil) return v.kind === 'map' ? 'map[]' : v.kind === 'slice' ? '[]' : '<nil>';
  if (v instanceof GoRecord) {
    if (v.kind === 'struct') return `{${Object.values(v.fields).map(formatNested).join(' ')}}`;
    return formatMap(v.fields);
  }
  if (isPlainObject(v)) return formatMap(v);
  return String(v);
}

function formatNested(v: unknown): string {
  // Inside a container a missing value cannot occur; a nil interface prints as <nil>.
  return v === undefined ? '<nil>' : formatValue(v);
}

function formatMap(m: Record<string, unknown>): string {
  const entries = mapEntries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[${entries.map(([k, x]) => `${k}:${formatNested(x)}`).join(' ')}]`;
}

/** fmt.Sprint: a space is added between operands when neither is a string. */
export function sprint(args: unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatNested(a);
  });
  return out;
}

/** fmt.Sprintln: operands always space-separated, newline appended. */
export function sprintln(args: unknown[]): string {
  return `${args.map(formatNested).join(' ')}\n`;
}

interface Spec {
  minus: boolean;
  plus: boolean;
  zero: boolean;
  space: boolean;
  sharp: boolean;
  width: number | undefined;
  prec: number | undefined;
}

function pad(s: string, spec: Spec, numeric = false): string {
  if (spec.width === undefined || s.length >= spec.width) return s;
  const fill = spec.width - s.length;
  if (spec.minus) return s + ' '.repeat(fill);
  if (spec.zero && numeric) {
    const sign = /^[+-]/.test(s) ? (s[0] ?? '') : '';
    return sign + '0'.repeat(fill) + s.slice(sign.length);
  }
  return ' '.repeat(fill) + s;
}

function signed(s: string, neg: boolean, spec: Spec): string {
  if (neg) return `-${s}`;
  if (spec.plus) return `+${s}`;
  if (spec.space) return ` ${s}`;
  return s;
}

function badVerb(verb: string, arg: unknown): string {
  if (arg === null || arg === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(arg)}=${formatValue(arg)})`;
}

function utf8Hex(s: string, upper: boolean): string {
  const hex = Buffer.from(s, 'utf8').toString('hex');
  return upper ? hex.toUpperCase() : hex;
}

function formatInt(n: number, verb: string, spec: Spec): string | undefined {
  const big = BigInt(Math.trunc(n));
  const neg = big < 0n;
  const abs = neg ? -big : big;
  let body: string;
  switch (verb) {
    case 'd':
    case 'v':
      body = abs.toString(10);
      break;
    case 'x':
      body = abs.toString(16);
      break;
    case 'X':
      body = abs.toString(16).toUpperCase();
      break;
    case 'o':
      body = abs.toString(8);
      break;
    case 'b':
      body = abs.toString(2);
      break;
    case 'c':
      return pad(String.fromCodePoint(Number(abs)), spec);
    case 'q':
      return pad(`'${String.fromCodePoint(Number(abs))}'`, spec);
    case 'U':
      return pad(`U+${abs.toString(16).toUpperCase().padStart(4, '0')}`, spec);
    case 'e':
    case 'f':
    case 'g':
      return formatFloatVerb(n, verb, spec);
    default:
      return undefined;
  }
  if (spec.prec !== undefined) body = body.padStart(spec.prec, '0');
  return pad(signed(body, neg, spec), spec, spec.prec === undefined);
}

function formatFloatVerb(n: number, verb: string, spec: Spec): string | undefined {
  const neg = n < 0 || Object.is(n, -0);
  const abs = Math.abs(n);
  let body: string;
  switch (verb) {
    case 'f':
    case 'F':
      body = abs.toFixed(spec.prec ?? 6);
      break;
    case 'e':
    case 'E': {
      const [mant = '', exp = '0'] = abs.toExponential(spec.prec ?? 6).split('e');
      body = `${mant}${expSuffix(Number(exp))}`;
      if (verb === 'E') body = body.toUpperCase();
      break;
    }
    case 'g':
    case 'v':
      body = spec.prec === undefined ? formatFloat(abs) : formatFloat(Number(abs.toPrecision(spec.prec)));
      break;
    default:
      return undefined;
  }
  return pad(signed(body, neg, spec), spec, true);
}

function formatString(s: string, verb: string, spec: Spec): string | undefined {
  const cut = spec.prec === undefined ? s : [...s].slice(0, spec.prec).join('');
  switch (verb) {
    case 's':
    case 'v':
      return pad(cut, spec);
    case 'q':
      return pad(goQuote(cut), spec);
    case 'x':
    case 'X':
      return pad(utf8Hex(cut, verb === 'X'), spec);
    default:
      return undefined;
  }
}

function formatArg(arg: unknown, verb: string, spec: Spec): string {
  let out: string | undefined;
  if (typeof arg === 'string') out = formatString(arg, verb, spec);
  else if (typeof arg === 'number') {
    out = Number.isInteger(arg) ? formatInt(arg, verb, spec) : formatFloatVerb(arg, verb, spec);
  } else if (typeof arg === 'boolean') {
    out = verb === 'v' || verb === 't' ? pad(String(arg), spec) : undefined;
  } else if (arg === null || arg === undefined) {
    out = verb === 'v' ? pad('<nil>', spec) : undefined;
  } else if (Array.isArray(arg) && verb !== 'v') {
    // Go applies the verb element-wise to slices.
    out = `[${arg.map((x) => formatArg(x, verb, { ...spec, width: undefined })).join(' ')}]`;
  } else if (verb === 'v' || verb === 's') {
    out = pad(formatValue(arg), spec);
  }
  return out ?? badVerb(verb, arg);
}

/** fmt.Sprintf for the verbs people use: v s q d x X o b c U e f g t, flags `-+# 0`, width and precision. */
export function sprintf(format: string, args: unknown[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  while (i < format.length) {
    const ch = format[i] ?? '';
    if (ch !== '%') {
      out += ch;
      i++;
      continue;
    }
    i++;
    const spec: Spec = {
      minus: false,
      plus: false,
      zero: false,
      space: false,
      sharp: false,
      width: undefined,
      prec: undefined,
    };
    for (;;) {
      const f = format[i];
      if (f === '-') spec.minus = true;
      else if (f === '+') spec.plus = true;
      else if (f === '0') spec.zero = true;
      else if (f === ' ') spec.space = true;
      else if (f === '#') spec.sharp = true;
      else break;
      i++;
    }
    const readNum = (): number | undefined => {
      const m = /^\d+/.exec(format.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      return Number(m[0]);
    };
    spec.width = readNum();
    if (format[i] === '.') {
      i++;
      spec.prec = readNum() ?? 0;
    }
    const verb = format[i];
    i++;
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatArg(args[argi++], verb, spec);
  }
  if (argi < args.length) {
    const extra = args.slice(argi).map((a) => (a === null ? '<nil>' : `${goTypeName(a)}=${formatValue(a)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}
