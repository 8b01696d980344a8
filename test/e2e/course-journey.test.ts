/**
 * A learner's journey through the course, in Chromium against the real lab and engine, typing into
 * the terminals as a person would: a near miss on lesson 3 is explained under its step and then put
 * right; a reload brings the same session back; lesson 6's two terminals share one volume; and
 * "Reset this lesson" removes what the lesson made and clears its steps.
 *
 * Screenshots of the key moments go to test-artifacts/journey-*.png.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connected, launchChromium, PROJECT_ROOT, startSiteLab } from '../../harness/browser.ts';
import type { LabFixture } from '../../harness/lab-fixture.ts';

const artifacts = join(PROJECT_ROOT, 'test-artifacts');
const DESKTOP = { width: 1280, height: 800 };

const lab: LabFixture = await startSiteLab();

async function lessonIds(): Promise<string[]> {
  const html = await (await fetch(lab.lab.url)).text();
  return [...html.matchAll(/href="\/lessons\/([a-z0-9-]+)\/"/g)].map((match) => match[1] ?? '');
}
const lessons = await lessonIds();
const mountLesson = lessons.find((id) => id.startsWith('03-')) ?? '';
const shareLesson = lessons.find((id) => id.startsWith('06-')) ?? '';

declare global {
  interface Window {
    /** Every finished command line on the page, by terminal name (recorded by an init script). */
    journeyDone?: { terminal: string; command: string; exitCode: number }[];
    /** Every event on the page in order, `done` or `checks`, with its terminal and time. */
    journeyEvents?: { kind: 'done' | 'checks'; terminal: string; at: number; passed?: string[] }[];
  }
}

/**
 * The terminal's rendered rows as one text, a space between rows: a line's end reads as a space, and
 * a wrapped line reads whole unless the wrap fell on a space.
 */
async function screenText(page: Page, nth = 0): Promise<string> {
  const rows = await page
    .locator('lab-terminal .xterm-rows')
    .nth(nth)
    .evaluate((el) => [...el.children].map((row) => row.textContent ?? ''));
  return rows.join(' ').replace(/\s+/g, ' ');
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** Clicks into terminal `nth`, types `command`, presses Enter and waits until the command is done. */
async function typeCommand(page: Page, command: string, nth = 0): Promise<void> {
  const terminal = page.locator('lab-terminal').nth(nth);
  const name = (await terminal.getAttribute('terminal-name')) ?? 'main';
  const before = await page.evaluate(() => window.journeyDone?.length ?? 0);
  await terminal.locator('.xterm-screen').click();
  await expect.poll(() => terminal.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await page
    .waitForFunction(
      ({ before, name }) => (window.journeyDone ?? []).slice(before).some((done) => done.terminal === name),
      { before, name },
      { timeout: 20_000 },
    )
    .catch(async (error: unknown) => {
      throw new Error(
        `no done for ${JSON.stringify(command)}; terminal shows: ${await screenText(page, nth)}`,
        {
          cause: error,
        },
      );
    });
}

/**
 * Waits until every finished command has had its checks answered and nothing came for a moment: the
 * learner reads the page before clicking on.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const events = window.journeyEvents ?? [];
      const last = events.at(-1);
      if (last && Date.now() - last.at < 800) return false;
      const terminals = new Set(events.map((event) => event.terminal));
      return [...terminals].every((terminal) => {
        const own = events.filter((event) => event.terminal === terminal);
        return (
          own.findLastIndex((event) => event.kind === 'checks') > own.findLastIndex((e) => e.kind === 'done')
        );
      });
    },
    undefined,
    { timeout: 20_000, polling: 100 },
  );
}

/** A lesson 6 step's first solution line, as the course writes it. */
function step6Solution(id: string): string {
  const lines: Record<string, string> = {
    'start-writer':
      "docker run -d --name share-writer -v share-data:/data1 busybox sh -c 'while true; do date >> /data1/log; sleep 2; done'",
  };
  return lines[id] ?? '';
}

function step(page: Page, id: string) {
  return page.locator(`step-list [data-step="${id}"]`);
}

async function facts(page: Page): Promise<string> {
  return (await page.locator('volume-map [data-facts]').textContent()) ?? '';
}

describe('a learner going through the course', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `journey-${name}.png`) });

  beforeAll(async () => {
    browser = await launchChromium();
    // One browser context is one learner: one session, kept across reloads and lessons.
    context = await browser.newContext({ viewport: DESKTOP });
    await context.addInitScript(() => {
      const nameOf = (event: Event) =>
        (event.target instanceof Element && event.target.getAttribute('terminal-name')) || 'main';
      document.addEventListener('lab-done', (event) => {
        const terminal = nameOf(event);
        window.journeyDone ??= [];
        window.journeyDone.push({ terminal, command: event.detail.command, exitCode: event.detail.exitCode });
        window.journeyEvents ??= [];
        window.journeyEvents.push({ kind: 'done', terminal, at: Date.now() });
      });
      document.addEventListener('lab-checks', (event) => {
        window.journeyEvents ??= [];
        window.journeyEvents.push({
          kind: 'checks',
          terminal: nameOf(event),
          at: Date.now(),
          passed: event.detail.passed,
        });
      });
    });
    page = await context.newPage();
    await mkdir(artifacts, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
  });

  it('finds lessons 3 and 6', () => {
    expect(mountLesson).not.toBe('');
    expect(shareLesson).not.toBe('');
  });

  const wrong = 'docker run --name vflag-first -v vflag-data:/date busybox ls /date';

  it('is told precisely what is wrong with a near miss, then passes the step with the solution', async () => {
    await page.goto(`${lab.lab.url}/lessons/${mountLesson}/`);
    await connected(page);
    const first = step(page, 'run-with-v');
    expect(await first.getAttribute('data-state')).toBe('current');

    await typeCommand(page, wrong);
    const detail = first.locator('[data-detail]');
    await expect
      .poll(() => detail.textContent(), { timeout: 15_000 })
      .toBe('Not yet: a container mounts vflag-data at /date; the step expects /data');
    expect(await detail.isVisible()).toBe(true);
    expect(await first.getAttribute('data-state')).toBe('current');
    expect(await first.locator('[data-state-text]').textContent()).toBe('(not done yet)');
    await first.scrollIntoViewIfNeeded();
    await shot('lesson3-near-miss');

    // The name is taken by the wrong container: remove it, then run the step's solution.
    await typeCommand(page, 'docker rm vflag-first');
    await first.locator('.step-solution summary').click();
    const run = first.locator('.solution-lines [data-run]').first();
    const before = await page.evaluate(() => window.journeyDone?.length ?? 0);
    await run.click();
    await page.waitForFunction((before) => (window.journeyDone?.length ?? 0) > before, before, {
      timeout: 20_000,
    });
    expect(await page.evaluate(() => window.journeyDone?.at(-1))).toMatchObject({
      command: await run.getAttribute('data-run'),
      exitCode: 0,
    });
    await expect.poll(() => first.getAttribute('data-state'), { timeout: 20_000 }).toBe('passed');
    expect(await first.locator('[data-state-text]').textContent()).toBe('(done)');
    expect(await detail.isVisible()).toBe(false);
    // Passed is drawn green: the marker takes a colour of its own.
    const marker = await first.locator('.step-marker').evaluate((el) => getComputedStyle(el).backgroundColor);
    const pending = await step(page, 'other-path')
      .locator('.step-marker')
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(marker).not.toBe(pending);
    const [r, g, b] = (marker.match(/\d+/g) ?? []).map(Number);
    expect(g ?? 0).toBeGreaterThan(Math.max(r ?? 0, b ?? 0));
    expect(await page.locator('step-list [data-count]').textContent()).toBe('1');
    await shot('lesson3-passed');
  });

  it('comes back to the same session after a reload, and the index shows the progress', async () => {
    await page.reload();
    await connected(page);
    await expect.poll(() => screenText(page), { timeout: 15_000 }).toContain('vflag-first');
    // Give a duplicated replay time to show up before counting.
    await page.waitForTimeout(1000);
    const text = await screenText(page);
    expect(occurrences(text, '/date busybox ls /date')).toBe(1);
    expect(occurrences(text, 'docker rm vflag-first')).toBe(1);
    await expect.poll(() => step(page, 'run-with-v').getAttribute('data-state')).toBe('passed');
    expect(await step(page, 'write').getAttribute('data-state')).toBe('current');
    expect(await step(page, 'write').locator('[data-detail]').isVisible()).toBe(false);
    await shot('lesson3-reloaded');

    await page.goto(lab.lab.url);
    const card = page.locator('.lesson-card').filter({
      has: page.locator(`a[href="/lessons/${mountLesson}/"]`),
    });
    await expect.poll(() => card.locator('[data-progress-text]').textContent()).toBe('1 of 3 steps');
    const other = page.locator('.lesson-card').filter({
      has: page.locator(`a[href="/lessons/${shareLesson}/"]`),
    });
    expect(await other.locator('[data-progress-text]').textContent()).toBe('0 of 4 steps');
    await card.scrollIntoViewIfNeeded();
    await shot('index-progress');
  });

  it('shares a volume between the two terminals of lesson 6, two images at two paths', async () => {
    await page.goto(`${lab.lab.url}/lessons/${shareLesson}/`);
    await connected(page);
    expect(await page.locator('lab-terminal').count()).toBe(2);
    const marker = 'written-on-the-left-4711';
    await typeCommand(
      page,
      `docker run -d --name share-writer -v share-data:/data1 busybox sh -c 'echo ${marker} >> /data1/log; while true; do sleep 2; done'`,
      0,
    );
    await expect
      .poll(() => step(page, 'start-writer').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('passed');

    await typeCommand(
      page,
      'docker run -d --name share-reader --mount type=volume,source=share-data,target=/data2 debian tail -F /data2/log',
      1,
    );
    await typeCommand(page, 'docker exec share-reader cat /data2/log', 1);
    await expect.poll(() => screenText(page, 1)).toContain(`cat /data2/log ${marker}`);
    // The left terminal typed the marker but never printed it on a line of its own.
    expect(await screenText(page, 0)).not.toContain(`cat /data2/log ${marker}`);
    await expect
      .poll(() => step(page, 'start-reader').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('passed');
    expect(await step(page, 'write-back').getAttribute('data-state')).toBe('current');
    await expect
      .poll(() => facts(page), { timeout: 15_000 })
      .toContain('share-reader (running) mounts share-data at /data2');
    const shown = await facts(page);
    expect(shown).toContain('Container share-writer (running), image busybox');
    expect(shown).toContain('share-writer (running) mounts share-data at /data1');
    expect(shown).toContain('Container share-reader (running), image debian');
    await page.locator('volume-map').scrollIntoViewIfNeeded();
    await shot('lesson6-shared');
  });

  it('resets lesson 6: its containers and volume are gone and its steps are not passed', async () => {
    await settled(page);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Reset this lesson' }).click();
    await expect.poll(() => page.locator('step-list [data-count]').textContent()).toBe('0');
    for (const id of ['start-writer', 'start-reader', 'write-back', 'stop-both']) {
      expect(await step(page, id).getAttribute('data-state')).not.toBe('passed');
    }
    await expect.poll(() => facts(page), { timeout: 20_000 }).not.toContain('share-');

    await typeCommand(page, 'docker volume ls -q', 0);
    const text = await screenText(page, 0);
    const listed = text.slice(text.lastIndexOf('docker volume ls -q') + 'docker volume ls -q'.length);
    expect(listed).not.toContain('share-data');
    // Another lesson's volume is not this lesson's to remove.
    expect(listed).toContain('vflag-data');
    await typeCommand(page, 'docker ps -a', 1);
    const ps = await screenText(page, 1);
    expect(ps.slice(ps.lastIndexOf('docker ps -a'))).not.toContain('share-');

    // The server forgot the progress too: a reload does not bring the steps back.
    await page.reload();
    await connected(page);
    await page.waitForTimeout(1500);
    expect(await page.locator('step-list [data-count]').textContent()).toBe('0');
    expect(await step(page, 'start-writer').getAttribute('data-state')).toBe('current');
    await shot('lesson6-reset');
  });

  it('resets lesson 6 for good even when clicked just as a command in the other terminal finishes', async () => {
    await page.goto(`${lab.lab.url}/lessons/${shareLesson}/`);
    await connected(page);
    await typeCommand(page, step6Solution('start-writer'), 0);
    await typeCommand(
      page,
      'docker run -d --name share-reader --mount type=volume,source=share-data,target=/data2 debian tail -F /data2/log',
      1,
    );
    await settled(page);
    expect(await page.locator('step-list [data-count]').textContent()).toBe('2');

    // The learner writes from the right and clicks Reset straight away, before that command's checks
    // have come back.
    await typeCommand(page, "docker exec share-reader sh -c 'echo hello from debian >> /data2/log'", 1);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Reset this lesson' }).click();
    await settled(page);
    await page.waitForTimeout(1000);
    const lastPassed = await page.evaluate(
      () => window.journeyEvents?.findLast((event) => event.kind === 'checks')?.passed,
    );
    expect(await facts(page), 'the diagram after the reset').not.toContain('share-');
    expect(lastPassed, "the server's record of passed steps after the reset").toEqual([]);
    expect(await page.locator('step-list [data-count]').textContent(), 'steps done after the reset').toBe(
      '0',
    );
    await shot('lesson6-reset-race');
  });
});
