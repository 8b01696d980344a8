/**
 * The course in a real browser (Debian's Chromium, driven by playwright-core) against a real lab
 * server and engine: the index lists the lessons with their progress, a lesson's Run buttons type
 * into its terminal, and its steps turn green as the server's checks pass.
 *
 * Every lesson page is also photographed at laptop and phone size into test-artifacts/, for a human
 * (or a reviewer) to look at.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connected,
  launchChromium,
  PROJECT_ROOT,
  runSolution,
  startSiteLab,
  terminalShows,
} from '../../harness/browser.ts';
import type { LabFixture } from '../../harness/lab-fixture.ts';

const artifacts = join(PROJECT_ROOT, 'test-artifacts');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

// Set up at collection time, not in beforeAll: whether the server answers `check` decides which
// tests run (it.skipIf), and that has to be known when the tests are declared.
const lab: LabFixture = await startSiteLab();

/** The lessons as the index links them, in course order. */
async function lessonIds(): Promise<string[]> {
  const html = await (await fetch(lab.lab.url)).text();
  return [...html.matchAll(/href="\/lessons\/([a-z0-9-]+)\/"/g)].map((match) => match[1] ?? '');
}
const lessons = await lessonIds();

/** True when the server answers `check` with `checks` within 2 s (the server side has landed). */
async function detectChecks(lesson: string | undefined): Promise<boolean> {
  if (!lesson) return false;
  const client = await lab.connect();
  try {
    const reply = client.next((message) => message.type === 'checks', 2000);
    client.send({ type: 'check', lesson });
    await reply;
    return true;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}
const serverSendsChecks = await detectChecks(lessons[0]);

/** The first command line a Run button sends, as its code block parsed it. */
async function firstCommand(page: Page, selector: string): Promise<string> {
  return page.locator(selector).evaluate((button) => button.closest('code-block')?.commands[0] ?? '');
}

async function screenText(page: Page, nth = 0): Promise<string> {
  return (await page.locator('.xterm-rows').nth(nth).textContent()) ?? '';
}

describe('the course pages in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP });
    page = await context.newPage();
    await mkdir(artifacts, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
  });

  it('has lessons to show', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  it('lists the lessons in order with their progress, and links the sandbox', async () => {
    await page.goto(lab.lab.url);
    const cards = page.locator('.lesson-card');
    await expect.poll(() => cards.count()).toBe(lessons.length);
    const hrefs = await cards
      .locator('h3 a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(lessons.map((id) => `/lessons/${id}/`));
    await expect
      .poll(() => cards.first().locator('[data-progress-text]').textContent())
      .toMatch(/^0 of \d+ steps$/);
    expect(await page.getByRole('link', { name: 'Open the sandbox' }).getAttribute('href')).toBe('/sandbox/');
    await page.screenshot({ path: join(artifacts, 'index-desktop.png'), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(artifacts, 'index-phone.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESKTOP);
  });

  it('types a code block into the terminal when its Run button is clicked, leaving focus on the button', async () => {
    await page.goto(`${lab.lab.url}/lessons/${lessons[0]}/`);
    await connected(page);
    const selector = '.prose code-block [data-action="run"] >> nth=0';
    const run = page.locator(selector);
    expect(await run.getAttribute('aria-label')).toMatch(/^Run( in [a-z0-9-]+)?: \S/);
    const command = await firstCommand(page, selector);
    expect(command).not.toBe('');
    await run.click();
    await terminalShows(page, command.slice(0, 40));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('run');
  });

  it('works from the keyboard: Run with Enter, leave the terminal with Escape then Tab', async () => {
    await page.goto(`${lab.lab.url}/lessons/${lessons[0]}/`);
    await connected(page);
    let onRun = false;
    for (let i = 0; i < 60 && !onRun; i++) {
      await page.keyboard.press('Tab');
      onRun = await page.evaluate(() => document.activeElement?.getAttribute('data-action') === 'run');
    }
    expect(onRun).toBe(true);
    await page.keyboard.press('Enter');
    const command = await page.evaluate(
      () => document.activeElement?.closest('code-block')?.commands[0] ?? 'no command',
    );
    await terminalShows(page, command.slice(0, 40));

    await page.locator('.xterm-screen').first().click();
    expect(await page.evaluate(() => document.activeElement?.closest('lab-terminal') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('lab-terminal') === null)).toBe(true);
  });

  it('reveals a hint and a runnable solution per step', async () => {
    const step = page.locator('step-list [data-step]').first();
    await step.locator('.step-hint summary').click();
    await expect.poll(() => step.locator('.step-hint p').isVisible()).toBe(true);
    await step.locator('.step-solution summary').click();
    await expect.poll(() => step.locator('.solution-lines [data-run]').first().isVisible()).toBe(true);
  });

  it('keeps progress per browser, shows it on the index, and resets it', async () => {
    const first = lessons[0] ?? '';
    const stepId = await page.locator('step-list [data-step]').first().getAttribute('data-step');
    await page.evaluate(
      ({ first, stepId }) =>
        localStorage.setItem(`volume-lab.progress.${first}`, JSON.stringify({ v: 1, passed: [stepId] })),
      { first, stepId },
    );
    await page.reload();
    await expect
      .poll(() => page.locator('step-list [data-step]').first().getAttribute('data-state'))
      .toBe('passed');
    await expect.poll(() => page.locator('step-list [data-count]').textContent()).toBe('1');

    await page.goto(lab.lab.url);
    await expect
      .poll(() => page.locator('.lesson-card').first().locator('[data-progress-text]').textContent())
      .toMatch(/^1 of \d+ steps$/);

    await page.goto(`${lab.lab.url}/lessons/${first}/`);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Reset this lesson' }).click();
    await expect.poll(() => page.locator('step-list [data-count]').textContent()).toBe('0');
    expect(
      await page.evaluate((first) => localStorage.getItem(`volume-lab.progress.${first}`), first),
    ).toBeNull();
  });

  it.skipIf(!serverSendsChecks)(
    'turns a step green when its check passes, announces it, and remembers it',
    async () => {
      // A browser of its own is a session of its own: an empty sandbox, whatever earlier tests made.
      const fresh = await browser.newContext({ viewport: DESKTOP });
      const learner = await fresh.newPage();
      try {
        const first = lessons[0] ?? '';
        await learner.goto(`${lab.lab.url}/lessons/${first}/`);
        await connected(learner);
        const step = learner.locator('step-list [data-step]').first();
        expect(await step.getAttribute('data-state')).toBe('current');
        await runSolution(learner, step);
        await expect.poll(() => step.getAttribute('data-state'), { timeout: 20_000 }).toBe('passed');
        await expect
          .poll(() => learner.locator('step-list [data-announce]').textContent())
          .toMatch(/^Step 1 passed/);
        const stored = await learner.evaluate(
          (first) => localStorage.getItem(`volume-lab.progress.${first}`),
          first,
        );
        expect(stored).toContain(await step.getAttribute('data-step'));

        // The next step has not been tried yet, so it shows no failure; Check now counts as trying it.
        const current = learner.locator('step-list [data-step][data-state="current"]');
        if ((await current.count()) > 0) {
          expect(await current.locator('[data-detail]').isVisible()).toBe(false);
          await learner.getByRole('button', { name: 'Check now' }).click();
          await expect
            .poll(() => current.locator('[data-detail]').textContent(), { timeout: 10_000 })
            .toMatch(/^Not yet: \S/);
        }
        await learner.screenshot({ path: join(artifacts, `lesson-${first}-progress-desktop.png`) });
        await learner.setViewportSize(PHONE);
        await current.scrollIntoViewIfNeeded();
        await learner.screenshot({ path: join(artifacts, `lesson-${first}-progress-phone.png`) });
      } finally {
        await fresh.close();
      }
    },
  );

  it('lays out every lesson at laptop and phone size (screenshots in test-artifacts/)', async () => {
    for (const id of lessons) {
      await page.setViewportSize(DESKTOP);
      await page.goto(`${lab.lab.url}/lessons/${id}/`);
      await connected(page);
      const terminals = page.locator('lab-terminal');
      const count = await terminals.count();
      expect(count).toBeGreaterThanOrEqual(1);
      expect(count).toBeLessThanOrEqual(2);
      const boxes = async () =>
        Promise.all([...Array(count).keys()].map((i) => terminals.nth(i).boundingBox()));
      let [a, b] = await boxes();
      // Laptop: everything in one window, terminals docked side by side, prose beside the steps.
      expect(a).not.toBeNull();
      expect((a?.y ?? 0) + (a?.height ?? 0)).toBeLessThanOrEqual(DESKTOP.height);
      if (count === 2) {
        expect(b?.y).toBe(a?.y);
        expect(b?.x ?? 0).toBeGreaterThan((a?.x ?? 0) + (a?.width ?? 0) - 1);
      }
      const prose = await page.locator('.lesson-prose').boundingBox();
      const steps = await page.locator('.lesson-steps').boundingBox();
      expect(steps?.x ?? 0).toBeGreaterThan((prose?.x ?? 0) + (prose?.width ?? 0) - 1);
      await page.screenshot({ path: join(artifacts, `lesson-${id}-desktop.png`) });

      // Phone: one column, terminals stacked, nothing wider than the screen.
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(200);
      [a, b] = await boxes();
      if (count === 2) expect(b?.y ?? 0).toBeGreaterThanOrEqual((a?.y ?? 0) + (a?.height ?? 0));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width,
      );
      await page.screenshot({ path: join(artifacts, `lesson-${id}-phone.png`), fullPage: true });
    }
    await page.setViewportSize(DESKTOP);
  });

  it('sends a block to the terminal it names, in a lesson with two terminals', async () => {
    const two: string[] = [];
    for (const id of lessons) {
      await page.goto(`${lab.lab.url}/lessons/${id}/`);
      if ((await page.locator('lab-terminal').count()) === 2) two.push(id);
    }
    if (two.length === 0) return;
    await page.goto(`${lab.lab.url}/lessons/${two[0]}/`);
    await connected(page);
    const names = await page
      .locator('lab-terminal')
      .evaluateAll((els) => els.map((el) => el.getAttribute('terminal-name')));
    const selector = `.prose [data-terminal="${names[1]}"] code-block [data-action="run"] >> nth=0`;
    const targeted = page.locator(selector);
    if ((await targeted.count()) === 0) return;
    const command = await firstCommand(page, selector);
    await targeted.click();
    await terminalShows(page, command.slice(0, 40), 1);
    expect(await screenText(page, 0)).not.toContain(command.slice(0, 40));
  });
});
