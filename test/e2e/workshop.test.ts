/**
 * Workshop mode in a real browser (Debian's Chromium, driven by playwright-core) against a real lab
 * server and engine: a participant joins with a name and works a step; the instructor's dashboard
 * shows them with the step passed and their terminal live; a broadcast reaches the participant's
 * terminal; the resume link opens the same sandbox in another browser; ending the workshop removes
 * the participant's volume from the engine and their page says the session ended. Self-paced mode's
 * /join and /instructor say workshop mode is off.
 *
 * Screenshots go to test-artifacts/ for a human to look at.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connected, launchChromium, PROJECT_ROOT, startSiteLab } from '../../harness/browser.ts';
import type { LabFixture } from '../../harness/lab-fixture.ts';
import { SESSION_LABEL } from '../../server/labels.ts';
import { loadLessons } from '../../server/lessons/lesson-store.ts';
import { startWorkshop, type Workshop } from '../../server/workshop/workshop.ts';

const artifacts = join(PROJECT_ROOT, 'test-artifacts');
const axePath = join(PROJECT_ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const DESKTOP = { width: 1280, height: 800 };
const SECRET = 'an instructor secret for e2e';
const LESSON = '01-what-is-a-volume';
const lessons = await loadLessons(join(PROJECT_ROOT, 'src', 'content', 'lessons'));

declare global {
  interface Window {
    axe: { run(context?: unknown, options?: unknown): Promise<AxeResults> };
  }
}

/** Waits until an element's text (whitespace folded, as wrapped terminal rows read) includes `text`. */
async function shows(page: Page, selector: string, text: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    ({ selector, text }) =>
      document.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').includes(text) ?? false,
    { selector, text },
    { timeout },
  );
}

async function severeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('workshop mode in Chromium', () => {
  let lab: LabFixture;
  let workshop: Workshop;
  let browser: Browser;
  let learnerContext: BrowserContext;
  let instructorContext: BrowserContext;
  let learner: Page;
  let instructor: Page;
  let sessionId = '';
  let resumeUrl = '';

  beforeAll(async () => {
    lab = await startSiteLab();
    workshop = startWorkshop(lab.lab, { secret: SECRET, stuckMs: 5 * 60_000, lessons });
    browser = await launchChromium();
    learnerContext = await browser.newContext({ viewport: DESKTOP });
    instructorContext = await browser.newContext({ viewport: DESKTOP });
    learner = await learnerContext.newPage();
    instructor = await instructorContext.newPage();
    await mkdir(artifacts, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    workshop?.stop();
    await lab?.stop();
  });

  it('lets a participant join with a display name and shows them their resume link', async () => {
    await learner.goto(`${lab.lab.url}/join/`);
    const name = learner.getByLabel('Your display name');
    await name.fill('Ada Lovelace');
    expect(await severeViolations(learner)).toEqual([]);
    await learner.screenshot({ path: join(artifacts, 'workshop-join-desktop.png') });
    await learner.getByRole('button', { name: 'Join' }).click();
    await learner.waitForURL(`${lab.lab.url}/`);
    const link = learner.getByLabel('Your resume link');
    await expect.poll(() => link.inputValue()).toMatch(/\/resume#[A-Za-z0-9_-]{16,64}$/);
    expect(await learner.locator('resume-link [data-name]').textContent()).toBe('Ada Lovelace');
    resumeUrl = await link.inputValue();
    await learner.screenshot({ path: join(artifacts, 'workshop-index-desktop.png') });
    // The join page said hello with the name: the session exists, named, before any lesson.
    const session = [...lab.lab.manager.sessions()].find((s) => s.name === 'Ada Lovelace');
    expect(session).toBeDefined();
    sessionId = session?.id ?? '';
  });

  it('sends the name with every hello and passes a step in a lesson', async () => {
    await learner.goto(`${lab.lab.url}/lessons/${LESSON}/`);
    await connected(learner);
    const step = learner.locator('step-list [data-step]').first();
    await step.locator('.step-solution summary').click();
    await step.locator('.solution-lines [data-run]').first().click();
    await expect.poll(() => step.getAttribute('data-state'), { timeout: 20_000 }).toBe('passed');
    // Still the session the join page opened, not a new one.
    expect([...lab.lab.manager.sessions()].filter((s) => s.name === 'Ada Lovelace')).toHaveLength(1);
    expect(lab.lab.manager.session(sessionId)?.lesson).toBe(LESSON);
  });

  it('turns a wrong secret away on the dashboard', async () => {
    await instructor.goto(`${lab.lab.url}/instructor/`);
    await instructor.getByLabel('Instructor secret').fill('not the secret at all');
    await instructor.getByRole('button', { name: 'Open the dashboard' }).click();
    await shows(instructor, '[data-signin-error]', 'That is not the instructor secret.');
    expect(await instructor.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('shows the participant on the dashboard with the step passed, and their terminal live', async () => {
    await instructor.getByLabel('Instructor secret').fill(SECRET);
    await instructor.getByRole('button', { name: 'Open the dashboard' }).click();
    const row = instructor.locator(`tr[data-id="${sessionId}"]`);
    await row.waitFor({ timeout: 15_000 });
    await expect.poll(() => row.locator('.name').textContent()).toBe('Ada Lovelace');
    await expect.poll(() => row.locator('.lesson').textContent()).toBe('1. What is a volume?');
    await expect.poll(() => row.locator('.steps').textContent()).toBe('1 of 2');
    await expect.poll(() => row.locator('.c-command code').textContent()).toBe('volume create');
    expect(await row.locator('[data-state-text]').textContent()).toBe('Connected');

    await instructor.getByRole('button', { name: "View Ada Lovelace's terminal" }).click();
    await shows(instructor, '[data-view-screen] .xterm-rows', 'docker volume create intro-notes');
    await learner
      .locator('lab-terminal')
      .first()
      .evaluate((el) => {
        (el as HTMLElement & { run(command: string): void }).run('docker volume ls');
      });
    await shows(instructor, '[data-view-screen] .xterm-rows', 'local intro-notes');
    // Typing into the view goes nowhere.
    await instructor.locator('[data-view-screen]').click();
    await instructor.keyboard.type('docker volume rm intro-notes\n');
    await learner.waitForTimeout(500);
    expect(await learner.locator('.xterm-rows').first().textContent()).not.toContain('volume rm');

    await expect
      .poll(() => instructor.locator('[data-summary]').textContent())
      .toMatch(/^1 participant · 1 connected/);
    await expect
      .poll(() => instructor.locator('[data-lessons] li').first().locator('.l-count').textContent())
      .toBe('0 of 1 done · 1 on it now');
    expect(await severeViolations(instructor)).toEqual([]);
    await instructor.screenshot({ path: join(artifacts, 'workshop-dashboard-desktop.png') });
  });

  it("broadcasts a message to the participant's terminal", async () => {
    await instructor.getByLabel('Message to every terminal').fill('Five more minutes on this lesson');
    await instructor.getByRole('button', { name: 'Send' }).click();
    await shows(learner, '.xterm-rows', 'message from the instructor: Five more minutes on this lesson');
    await shows(instructor, '[data-announce]', 'Message sent to');
    expect(await instructor.getByLabel('Message to every terminal').inputValue()).toBe('');
    await learner.screenshot({ path: join(artifacts, 'workshop-broadcast-desktop.png') });
  });

  it('resets a participant from the dashboard: their page unticks the step, their volume is gone', async () => {
    const step = learner.locator('step-list [data-step]').first();
    expect(await step.getAttribute('data-state')).toBe('passed');
    instructor.once('dialog', (dialog) => void dialog.accept());
    await instructor.getByRole('button', { name: "Reset Ada Lovelace's sandbox" }).click();
    await shows(learner, '.xterm-rows', 'the instructor has reset your sandbox');
    await expect.poll(() => step.getAttribute('data-state'), { timeout: 15_000 }).toBe('current');
    const volumes = await lab.engine.listVolumes({ label: [`${SESSION_LABEL}=${sessionId}`] });
    expect(volumes).toEqual([]);
    // Pass the step again, so the tests after this one find the participant as they left them.
    await step.locator('.solution-lines [data-run]').first().click();
    await expect.poll(() => step.getAttribute('data-state'), { timeout: 20_000 }).toBe('passed');
  });

  it('opens the same sandbox on another device from the resume link', async () => {
    const other = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await other.newPage();
      await page.goto(resumeUrl);
      await page.waitForURL(`${lab.lab.url}/`);
      expect(page.url()).not.toContain('#');
      await page.goto(`${lab.lab.url}/lessons/${LESSON}/`);
      await connected(page);
      await expect
        .poll(() => page.locator('step-list [data-step]').first().getAttribute('data-state'), {
          timeout: 15_000,
        })
        .toBe('passed');
      expect([...lab.lab.manager.sessions()]).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it("ends the workshop: the participant's volume is removed and their page says the session ended", async () => {
    await learner.goto(`${lab.lab.url}/lessons/${LESSON}/`);
    await connected(learner);
    const volumes = () =>
      lab.engine
        .listVolumes({ label: [`${SESSION_LABEL}=${sessionId}`] })
        .then((list) => list.map((v) => v.Name));
    expect(await volumes()).toEqual([expect.stringMatching(/-intro-notes$/)]);

    instructor.once('dialog', (dialog) => void dialog.accept());
    await instructor.getByRole('button', { name: 'End workshop' }).click();
    await shows(instructor, '[data-announce]', 'The workshop has ended', 30_000);
    await learner.locator('lab-terminal[data-state="ended"]').waitFor({ timeout: 15_000 });
    await shows(learner, 'lab-terminal [data-status-text]', 'Session ended: reload to start again');
    await shows(learner, '.xterm-rows', 'session ended, reload to start again');
    expect(await volumes()).toEqual([]);
    // The diagram no longer shows the volume that went with the session.
    await learner.locator('volume-map [data-empty]').waitFor({ state: 'visible', timeout: 15_000 });
    await expect.poll(() => instructor.locator('[data-summary]').textContent()).toMatch(/^0 participants/);
    await learner.screenshot({ path: join(artifacts, 'workshop-ended-desktop.png') });
    await instructor.screenshot({ path: join(artifacts, 'workshop-dashboard-ended-desktop.png') });
    // No quiet reconnect into a fresh session behind the learner's back.
    await learner.waitForTimeout(1500);
    expect([...lab.lab.manager.sessions()]).toHaveLength(0);
  });
});

describe('self-paced mode in Chromium', () => {
  let lab: LabFixture;
  let workshop: Workshop;
  let browser: Browser;

  beforeAll(async () => {
    lab = await startSiteLab();
    workshop = startWorkshop(lab.lab, { secret: undefined, stuckMs: 5 * 60_000, lessons });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    workshop?.stop();
    await lab?.stop();
  });

  it('says workshop mode is off on /join and /instructor, and shows no resume link', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await context.newPage();
      await page.goto(`${lab.lab.url}/join/`);
      await shows(page, 'workshop-join', 'Workshop mode is off');
      expect(await page.locator('[data-form]').isHidden()).toBe(true);
      await page.goto(`${lab.lab.url}/instructor/`);
      await shows(page, 'instructor-dashboard', 'Workshop mode is off');
      expect(await page.locator('[data-signin]').isHidden()).toBe(true);
      await page.screenshot({ path: join(artifacts, 'workshop-off-instructor-desktop.png') });
      await page.goto(lab.lab.url);
      await page.waitForLoadState('networkidle');
      expect(await page.locator('resume-link').isHidden()).toBe(true);
    } finally {
      await context.close();
    }
  });
});
