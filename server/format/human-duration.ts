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
