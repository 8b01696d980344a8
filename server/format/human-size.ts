/** go-units' HumanSize family: decimal units, N significant digits in Go's `%.Ng`, as the CLI prints sizes. */

/** Go's `%.Ng` for a non-negative float (shortest form of N significant digits, exponent when exp < -4 || exp >= N). */
function formatG(x: number, precision: number): string {
  if (x === 0) return '0';
  let [digits, exp] = roundDigits(x, precision);
  digits = digits.replace(/0+$/, '') || '0';
  if (exp < -4 || exp >= precision) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const abs = Math.abs(exp);
    return `${m}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
  }
  if (exp < 0) return `0.${'0'.repeat(-exp - 1)}${digits}`;
  const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return frac ? `${int}.${frac}` : int;
}

/**
 * The first `n` significant decimal digits of `x` and the decimal exponent, rounded half-to-even on the
 * exact binary value as strconv does (JavaScript's toExponential rounds exact ties up: 1.125 -> 1.13).
 */
function roundDigits(x: number, n: number): [string, number] {
  // 100 significant digits is the exact expansion (zero-padded) for the magnitudes sizes reach here.
  const [mant = '0', expText = '0'] = x.toExponential(99).split('e');
  const all = mant.replace('.', '');
  let exp = Number(expText);
  const head = all.slice(0, n);
  const rest = all.slice(n);
  const first = rest.charCodeAt(0) - 48;
  const tail = rest.slice(1);
  const lastOdd = (head.charCodeAt(n - 1) - 48) % 2 === 1;
  const up = first > 5 || (first === 5 && (/[1-9]/.test(tail) || lastOdd));
  if (!up) return [head, exp];
  const bumped = (BigInt(head) + 1n).toString();
  if (bumped.length > n) {
    exp++;
    return [bumped.slice(0, n), exp];
  }
  return [bumped.padStart(n, '0'), exp];
}

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** HumanSizeWithPrecision: e.g. `1.99MB` at precision 3 (`docker images`), `12.29kB` at 4. */
export function humanSizeWithPrecision(bytes: number, precision: number): string {
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < DECIMAL_UNITS.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${formatG(size, precision)}${DECIMAL_UNITS[unit]}`;
}

/** HumanSize: four significant digits, as `docker volume prune` reports reclaimed space. */
export function humanSize(bytes: number): string {
  return humanSizeWithPrecision(bytes, 4);
}
