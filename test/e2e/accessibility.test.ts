/**
 * axe-core on the course's pages in Chromium, connected to the real lab (terminals live, steps and
 * diagram drawn), at laptop and phone width: no "serious" or "critical" violations. Lesser ones are
 * printed for a human to weigh.
 */
import { join } from 'node:path';
import type { AxeResults, Result } from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, PROJECT_ROOT, startSiteLab } from '../../harness/browser.ts';
import type { LabFixture } from '../../harness/lab-fixture.ts';

const axePath = join(PROJECT_ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const WIDTHS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};

const lab: LabFixture = await startSiteLab();

async function lessonIds(): Promise<string[]> {
  const html = await (await fetch(lab.lab.url)).text();
  return [...html.matchAll(/href="\/lessons\/([a-z0-9-]+)\/"/g)].map((match) => match[1] ?? '');
}
const lessons = await lessonIds();
const pages = [
  ['course index', '/'],
  ['sandbox', '/sandbox/'],
  ['lesson 1', `/lessons/${lessons.find((id) => id.startsWith('01-')) ?? lessons[0]}/`],
  ['lesson 6', `/lessons/${lessons.find((id) => id.startsWith('06-')) ?? lessons[5]}/`],
  // Self-paced here (no workshop wired): they say so. The workshop e2e test checks them in workshop mode.
  ['join page', '/join/'],
  ['instructor dashboard', '/instructor/'],
] as const;

declare global {
  interface Window {
    axe: { run(context?: unknown, options?: unknown): Promise<AxeResults> };
  }
}

/** Waits until the page's terminals are connected (none on the index) and the page has drawn. */
async function ready(page: Page): Promise<void> {
  const terminals = page.locator('lab-terminal');
  for (let i = 0; i < (await terminals.count()); i++) {
    await terminals.nth(i).and(page.locator('[data-state="connected"]')).waitFor({ timeout: 15_000 });
  }
  await page.waitForTimeout(500);
}

function describeViolation(violation: Result): string {
  const nodes = violation.nodes
    .slice(0, 5)
    .map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary?.replace(/\n/g, '\n      ')}`)
    .join('\n');
  return `  [${violation.impact}] ${violation.id}: ${violation.help} (${violation.nodes.length} nodes)\n${nodes}`;
}

describe('accessibility (axe-core) in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
  });

  for (const [size, viewport] of Object.entries(WIDTHS)) {
    for (const [name, path] of pages) {
      it(`${name} at ${size} width has no serious or critical violations`, async () => {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        try {
          await page.goto(`${lab.lab.url}${path}`);
          await ready(page);
          await page.addScriptTag({ path: axePath });
          const results = await page.evaluate(() =>
            window.axe.run(document, { resultTypes: ['violations'] }),
          );
          // axe did look: many rules applied and held.
          expect(results.passes.length).toBeGreaterThan(10);
          const severe = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          const minor = results.violations.filter((v) => !severe.includes(v));
          if (minor.length > 0) {
            console.log(`${name} at ${size}, minor violations:\n${minor.map(describeViolation).join('\n')}`);
          }
          expect(
            severe.map((v) => v.id),
            `${name} at ${size}:\n${severe.map(describeViolation).join('\n')}`,
          ).toEqual([]);
        } finally {
          await context.close();
        }
      });
    }
  }
});
