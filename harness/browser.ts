/** The lab as a browser test meets it: the built site served by a real lab server, and Debian's Chromium. */
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
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
