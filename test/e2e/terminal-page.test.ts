/**
 * The lab page in a real browser (Debian's Chromium, driven by playwright-core) against a real lab
 * server and engine: a learner types commands, reloads, and finds their session again.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, PROJECT_ROOT, startSiteLab } from '../../harness/browser.ts';
import type { LabFixture } from '../../harness/lab-fixture.ts';

const artifacts = join(PROJECT_ROOT, 'test-artifacts');

/** What the terminal shows, as text (xterm's accessibility tree mirrors its rows). */
function screenText(page: Page): Promise<string> {
  return page
    .locator('.xterm-rows')
    .textContent()
    .then((text) => text ?? '');
}

async function typeCommand(page: Page, command: string, expectText: string): Promise<void> {
  await page.keyboard.type(`${command}\n`);
  await page.waitForFunction(
    (text) => document.querySelector('.xterm-rows')?.textContent?.includes(text),
    expectText,
    { timeout: 15_000 },
  );
}

describe('the lab page in Chromium', () => {
  let lab: LabFixture;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    lab = await startSiteLab();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await mkdir(artifacts, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
  });

  it('connects, runs docker commands typed in the terminal, and shows their output', async () => {
    await page.goto(`${lab.lab.url}/sandbox/`);
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
    await page.locator('.xterm-screen').click();
    await typeCommand(page, 'docker volume create e2e-notes', 'e2e-notes');
    await typeCommand(page, 'docker run --rm -v e2e-notes:/notes busybox sh -c "echo kept > /notes/a"', '$ ');
    await typeCommand(page, 'docker volume ls', 'VOLUME NAME');
    expect(await screenText(page)).toMatch(/local\s+e2e-notes/);
    await page.screenshot({ path: join(artifacts, 'terminal-desktop.png') });
  });

  it('finds the same session and its volume after a reload', async () => {
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
    await page.locator('.xterm-screen').click();
    await typeCommand(page, 'docker run --rm -v e2e-notes:/notes busybox cat /notes/a', 'kept');
    expect([...lab.lab.manager.sessions()]).toHaveLength(1);
  });

  it('is usable at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await typeCommand(page, "docker volume inspect -f '{{.Driver}}+{{.Scope}}' e2e-notes", 'local+local');
    await page.screenshot({ path: join(artifacts, 'terminal-phone.png') });
  });
});
