// Cases from docker/go-units duration_test.go and size behaviour of fmt's %.*g; the relative texts were
// also checked against `docker ps` / `docker images` output (see container-context and image-context tests).
import { describe, expect, it } from 'vitest';
import { goUnixTimeString, humanAgo, humanDuration } from '../../server/format/human-duration.ts';
import { humanSize, humanSizeWithPrecision } from '../../server/format/human-size.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

describe('humanDuration (go-units HumanDuration)', () => {
  it.each([
    [450, 'Less than a second'],
    [SECOND, '1 second'],
    [45 * SECOND, '45 seconds'],
    [59 * SECOND + 999, '59 seconds'],
    [60 * SECOND, 'About a minute'],
    [MINUTE + 59 * SECOND, 'About a minute'],
    [3 * MINUTE, '3 minutes'],
    [35 * MINUTE + 40 * SECOND, '35 minutes'],
    [59 * MINUTE, '59 minutes'],
    [HOUR, 'About an hour'],
    [HOUR + 29 * MINUTE, 'About an hour'],
    [HOUR + 31 * MINUTE, '2 hours'],
    [3 * HOUR + 29 * MINUTE, '3 hours'],
    [3 * HOUR + 31 * MINUTE, '4 hours'],
    [DAY, '24 hours'],
    [DAY + 12 * HOUR, '36 hours'],
    [2 * DAY, '2 days'],
    [13 * DAY + 5 * HOUR, '13 days'],
    [2 * WEEK, '2 weeks'],
    [4 * WEEK + 3 * DAY, '4 weeks'],
    [MONTH, '4 weeks'],
    [MONTH + 2 * WEEK, '6 weeks'],
    [2 * MONTH, '2 months'],
    [5 * MONTH + 2 * WEEK, '5 months'],
    [24 * MONTH, '24 months'],
    [24 * MONTH + 2 * WEEK, '2 years'],
    [3 * YEAR + 2 * MONTH, '3 years'],
    [-5 * SECOND, 'Less than a second'],
  ])('%i ms -> %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  it('humanAgo measures from a Unix Created to the client clock', () => {
    expect(humanAgo(1795808998, 1795809097_000)).toBe('About a minute ago');
    expect(humanAgo(1795809091, 1795809098_000)).toBe('7 seconds ago');
    expect(humanAgo(1795809098, 1795809098_400)).toBe('Less than a second ago');
  });
});

describe('humanSizeWithPrecision (go-units, %.*g)', () => {
  it.each([
    [0, 3, '0B'],
    [100, 3, '100B'],
    [999, 3, '999B'],
    [999.6, 3, '1e+03B'],
    [1000, 3, '1kB'],
    [1125, 3, '1.12kB'],
    [2048, 3, '2.05kB'],
    [1986114, 3, '1.99MB'],
    [1986114, 4, '1.986MB'],
    [12345678, 3, '12.3MB'],
    [1e30, 3, '1e+06YB'],
  ])('%d bytes at %i digits -> %s', (bytes, precision, want) => {
    expect(humanSizeWithPrecision(bytes, precision)).toBe(want);
  });
});

describe('goUnixTimeString', () => {
  it('prints time.Unix(sec, 0).String() in UTC', () => {
    expect(goUnixTimeString(1795808998)).toBe('2026-11-27 19:49:58 +0000 UTC');
    expect(goUnixTimeString(0)).toBe('1970-01-01 00:00:00 +0000 UTC');
  });
});

describe('humanSize', () => {
  it('uses four significant digits, as docker volume prune reports space', () => {
    expect(humanSize(0)).toBe('0B');
    expect(humanSize(6)).toBe('6B');
    expect(humanSize(12_288)).toBe('12.29kB');
    expect(humanSize(1_048_576)).toBe('1.049MB');
  });
});
