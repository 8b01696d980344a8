import { describe, expect, it } from 'vitest';
import { backoffDelay, socketUrl } from '../../src/components/lab-socket.ts';
import { WS_PATH } from '../../src/shared/protocol.ts';
import { INSTRUCTOR_WS_PATH } from '../../src/shared/workshop.ts';

describe('socketUrl', () => {
  it('uses ws: for a page served over http, on the page’s host and port', () => {
    const page = { href: 'http://localhost:4321/lessons/01-what-is-a-volume/', protocol: 'http:' };
    expect(socketUrl(WS_PATH, page).href).toBe(`ws://localhost:4321${WS_PATH}`);
  });

  it('uses wss: for a page served over https', () => {
    const page = { href: 'https://lab.example.org/instructor/', protocol: 'https:' };
    expect(socketUrl(INSTRUCTOR_WS_PATH, page).href).toBe(`wss://lab.example.org${INSTRUCTOR_WS_PATH}`);
  });

  it('drops the page’s query and fragment, which may hold a resume token', () => {
    const page = { href: 'http://127.0.0.1:8080/resume?x=1#secret-token', protocol: 'http:' };
    expect(socketUrl(WS_PATH, page).href).toBe(`ws://127.0.0.1:8080${WS_PATH}`);
  });
});

describe('backoffDelay', () => {
  const backoff = { firstMs: 500, maxMs: 15_000 };
  const middle = () => 0.5;

  it('doubles from the first delay and stops growing at the maximum', () => {
    const schedule = [0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelay(attempt, backoff, middle));
    expect(schedule).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
  });

  it('jitters by at most a fifth either way', () => {
    expect(backoffDelay(2, backoff, () => 0)).toBeCloseTo(1600);
    expect(backoffDelay(2, backoff, () => 1)).toBeCloseTo(2400);
    expect(backoffDelay(10, backoff, () => 1)).toBeCloseTo(18_000);
  });
});
