/** The lab as a browser test meets it: the built site served by a real lab server, and Debian's Chromium. */
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { buildSite, siteIsStale } from '../server/site-build.ts';
import { type FixtureOptions, type LabFixture, startLabFixture } from './lab-fixture.ts';

export const PROJECT_ROOT = join(import.meta.dirname, '..');

/** Builds the site when its sources changed, then starts a lab server that serves it. */
export async function startSiteLab(options: FixtureOptions = {}): Promise<LabFixture> {
  if (await siteIsStale(PROJECT_ROOT)) await buildSite(PROJECT_ROOT);
  return startLabFixture({ ...options, staticDir: join(PROJECT_ROOT, 'dist') });
}

/**
 * Debian's Chromium, never a downloaded browser. Without the background-networking flag it keeps
 * trying hosts this machine cannot reach.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Waits until every terminal on the page is connected to the lab. */
export async function connected(page: Page): Promise<void> {
  const terminals = page.locator('lab-terminal');
  for (let i = 0; i < (await terminals.count()); i++) {
    await terminals.nth(i).and(page.locator('[data-state="connected"]')).waitFor({ timeout: 15_000 });
  }
}

/** Waits until the given terminal (by index on the page) shows `text`. */
export async function terminalShows(page: Page, text: string, nth = 0): Promise<void> {
  await page.waitForFunction(
    ({ text, nth }) => {
      const rows = document.querySelectorAll('.xterm-rows')[nth];
      // Rows of a wrapped line follow each other without a break, so the text reads whole.
      return rows?.textContent?.replace(/\s+/g, ' ').includes(text);
    },
    { text, nth },
    { timeout: 15_000 },
  );
}

/** Opens a step's solution and clicks its lines one after another, as a learner would. */
export async function runSolution(page: Page, step: Locator): Promise<void> {
  await step.locator('.step-solution summary').click();
  const lines = step.locator('.solution-lines [data-run]');
  for (let i = 0; i < (await lines.count()); i++) {
    const command = (await lines.nth(i).getAttribute('data-run')) ?? '';
    await lines.nth(i).click();
    await terminalShows(page, command.slice(0, 40));
    await page.waitForTimeout(300);
  }
}
