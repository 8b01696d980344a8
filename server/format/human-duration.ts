/**
 * docker/go-units' HumanDuration and HumanSizeWithPrecision, plus the `time.Time.String()` form docker prints
 * for `CreatedAt`. Relative texts take an explicit `now` (milliseconds since the epoch) so they are testable;
 * the CLI computes them on the client with `time.Now()`.
 */

/** go-units HumanDuration for a duration in milliseconds ("Less than a second", "About a minute", "3 weeks"...). */
export function humanDuration(ms: number): string {
  // Go converts with int(d.Seconds()) etc., which truncates toward zero.
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  // Hours round to nearest: int(d.Hours() + 0.5).
  const hours = Math.trunc(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(ms / 3_600_000) / 24 / 365)} years`;
}

/**
 * `units.HumanDuration(time.Now().UTC().Sub(time.Unix(created, 0))) + " ago"`, as `docker ps` prints
 * CREATED and `docker images` prints CREATED SINCE. `createdSeconds` is the API's Unix `Created`.
 */
export function humanAgo(createdSeconds: number, now: number): string {
  return `${humanDuration(now - createdSeconds * 1000)} ago`;
}

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

/**
 * go-units HumanSizeWithPrecision: decimal units and `%.*g` (so 999.6 B at precision 3 is `1e+03B`, as Go
 * prints it). `docker ps` SIZE and `docker images` SIZE use precision 3; HumanSize is precision 4.
 */
export function humanSizeWithPrecision(bytes: number, precision: number): string {
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < DECIMAL_UNITS.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${formatG(size, precision)}${DECIMAL_UNITS[unit]}`;
}

/**
 * Go's `time.Unix(sec, 0).String()` in UTC (the CLI runs with TZ unset in the lab's container): e.g.
 * `2026-11-27 19:49:58 +0000 UTC`.
 */
export function goUnixTimeString(seconds: number): string {
  const d = new Date(seconds * 1000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${date} ${time} +0000 UTC`;
}
