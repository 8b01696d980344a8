/**
 * The "Where your data lives" diagram in Chromium against the real lab: commands typed into a
 * lesson's terminal show up as containers, volumes and mount lines, in the picture and in its hidden
 * text; and the picture stays readable empty and with many things in it (fed synthetic `lab-state`
 * events for those). Screenshots at laptop and phone size go to test-artifacts/.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, PROJECT_ROOT, startSiteLab } from '../../harness/browser.ts';
import type { LabFixture } from '../../harness/lab-fixture.ts';
import type { LabStateDetail, LabTerminal } from '../../src/components/lab-terminal.ts';

const artifacts = join(PROJECT_ROOT, 'test-artifacts');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const lab: LabFixture = await startSiteLab();

async function lessonIds(): Promise<string[]> {
  const html = await (await fetch(lab.lab.url)).text();
  return [...html.matchAll(/href="\/lessons\/([a-z0-9-]+)\/"/g)].map((match) => match[1] ?? '');
}
const lessons = await lessonIds();
// Lesson 3 mounts volumes with -v: the diagram's home ground.
const lesson = lessons[2] ?? lessons[0] ?? '';
// The web server's lesson: nginx's long pages path, and containers of two images.
const webLesson = lessons.find((id) => id.startsWith('09-web')) ?? '';

/** True when the server answers `watch` with a `state` (the server side has landed). */
async function detectState(): Promise<boolean> {
  const client = await lab.connect();
  try {
    const reply = client.next((message) => message.type === 'state', 3000);
    client.send({ type: 'watch', lesson });
    await reply;
    return true;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}
const serverSendsState = await detectState();

async function facts(page: Page): Promise<string[]> {
  return page.locator('volume-map [data-facts] li').allTextContents();
}

/** Feeds the page's diagram a state as a terminal would, through a bubbling `lab-state` event. */
async function feed(page: Page, state: LabStateDetail): Promise<void> {
  await page.evaluate((detail) => {
    document
      .querySelector('lab-terminal')
      ?.dispatchEvent(new CustomEvent('lab-state', { detail, bubbles: true, composed: true }));
  }, state);
  // Drawing waits for an animation frame.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

function crowded(): LabStateDetail {
  const hex = (i: number): string => `${i}`.padStart(2, '0').repeat(32);
  const volumes = Array.from({ length: 10 }, (_, i) =>
    i % 4 === 3 ? { name: hex(i), anonymous: true } : { name: `app-volume-${i}`, anonymous: false },
  );
  const containers = Array.from({ length: 10 }, (_, i) => ({
    name: i === 4 ? 'a-container-with-a-rather-long-name' : `worker-${i}`,
    running: i % 3 !== 1,
    image: i % 2 === 0 ? 'busybox' : 'nginx:1.27-alpine',
    mounts:
      i === 9
        ? []
        : [
            {
              volume: volumes[i]?.name ?? '',
              anonymous: volumes[i]?.anonymous ?? false,
              target: i === 2 ? '/usr/share/nginx/html/assets' : '/data',
              readOnly: i % 2 === 1,
            },
            ...(i % 3 === 0
              ? [{ volume: 'app-volume-0', anonymous: false, target: '/shared', readOnly: true }]
              : []),
          ],
  }));
  return { volumes, containers };
}

describe('the volume map in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    await mkdir(artifacts, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
  });

  it('is on the lesson page and the sandbox, as an image with a text equivalent, not a live region', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    try {
      for (const path of [`/lessons/${lesson}/`, '/sandbox/']) {
        await page.goto(`${lab.lab.url}${path}`);
        const map = page.locator('volume-map');
        await expect.poll(() => map.count()).toBe(1);
        expect(await page.locator('volume-map [data-figure]').getAttribute('role')).toBe('img');
        expect(await page.locator('volume-map [aria-live], volume-map [role="status"]').count()).toBe(0);
      }
      // The sandbox watches no lesson, so it is fed here rather than relying on a server push.
      await feed(page, {
        volumes: [
          { name: 'map-data', anonymous: false },
          { name: 'f'.repeat(64), anonymous: true },
        ],
        containers: [
          {
            name: 'map-web',
            running: true,
            image: 'busybox',
            mounts: [
              { volume: 'map-data', anonymous: false, target: '/data', readOnly: true },
              { volume: 'f'.repeat(64), anonymous: true, target: '/cache', readOnly: false },
            ],
          },
          { name: 'old-job', running: false, image: 'alpine', mounts: [] },
        ],
      });
      expect(await facts(page)).toContain('map-web (running) mounts map-data at /data, read-only');
      await page.screenshot({ path: join(artifacts, 'volume-map-sandbox-desktop.png') });
      await page.setViewportSize(PHONE);
      await page.locator('.volume-map-panel').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(artifacts, 'volume-map-sandbox-phone.png') });
    } finally {
      await context.close();
    }
  });

  it('says so when there is nothing, and stays readable with ten of each', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    try {
      await page.goto(`${lab.lab.url}/lessons/${lesson}/`);
      await page.locator('lab-terminal[data-state="connected"]').first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(500);
      await feed(page, { volumes: [], containers: [] });
      const empty = page.locator('volume-map [data-empty]');
      expect(await empty.isVisible()).toBe(true);
      expect(await empty.textContent()).toMatch(/^No volumes or containers yet — create one in the terminal/);
      expect(await page.locator('volume-map [data-figure]').isVisible()).toBe(false);
      await page.locator('.volume-map-panel').screenshot({ path: join(artifacts, 'volume-map-empty.png') });

      const state = crowded();
      await feed(page, state);
      const figure = page.locator('volume-map [data-figure]');
      expect(await figure.isVisible()).toBe(true);
      expect(await figure.getAttribute('aria-label')).toBe(
        'Where your data lives: 10 containers, 10 volumes, 12 mounts',
      );
      expect(await page.locator('volume-map svg .vm-container').count()).toBe(10);
      expect(await page.locator('volume-map svg .vm-volume').count()).toBe(10);
      expect(await page.locator('volume-map svg .vm-line').count()).toBe(12);
      expect(await page.locator('volume-map svg .vm-anonymous').first().textContent()).toContain('anonymous');
      // The picture scrolls inside its box rather than pushing the terminal dock off screen.
      const box = await figure.boundingBox();
      const dock = await page.locator('lab-terminal').first().boundingBox();
      expect(box?.height ?? 0).toBeLessThan(30 * 16);
      expect((dock?.y ?? 0) + (dock?.height ?? 0)).toBeLessThanOrEqual(DESKTOP.height);
      expect(await figure.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
      expect(await facts(page)).toContain('worker-1 (stopped) mounts app-volume-1 at /data, read-only');
      expect(await facts(page)).toContain(
        `worker-3 (running) mounts anonymous volume ${'03'.repeat(6)} at /data, read-only`,
      );
      await page.screenshot({ path: join(artifacts, 'volume-map-crowded-desktop.png') });
      await page
        .locator('.volume-map-panel')
        .screenshot({ path: join(artifacts, 'volume-map-crowded-panel.png') });

      // Redrawing the same state leaves the very same SVG in place: nothing to flicker.
      const before = await figure.evaluate((el) => {
        (el.querySelector('svg') as SVGSVGElement & { marker?: boolean }).marker = true;
        return true;
      });
      expect(before).toBe(true);
      await feed(page, state);
      expect(
        await figure.evaluate(
          (el) => (el.querySelector('svg') as SVGSVGElement & { marker?: boolean }).marker,
        ),
      ).toBe(true);

      await page.setViewportSize(PHONE);
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width,
      );
      const svgBox = await page.locator('volume-map svg').boundingBox();
      expect(svgBox?.width ?? 0).toBeLessThanOrEqual(PHONE.width);
      await page.locator('.volume-map-panel').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(artifacts, 'volume-map-crowded-phone.png') });
    } finally {
      await context.close();
    }
  });

  it.skipIf(!serverSendsState)(
    'draws what the terminal makes, and drops a mount when its container goes',
    async () => {
      // A browser context of its own is a session of its own: an empty sandbox.
      const context = await browser.newContext({ viewport: DESKTOP });
      const page = await context.newPage();
      try {
        await page.goto(`${lab.lab.url}/lessons/${lesson}/`);
        await page.locator('lab-terminal[data-state="connected"]').first().waitFor({ timeout: 15_000 });
        const mounted = 'map-web (running) mounts map-data at /data, read-only';
        await page
          .locator('lab-terminal')
          .first()
          .evaluate((terminal) =>
            (terminal as LabTerminal).runAll(
              [
                'docker volume create map-data',
                'docker run -d --name map-web -v map-data:/data:ro busybox sleep 300',
              ],
              { focus: false },
            ),
          );
        await expect.poll(() => facts(page), { timeout: 30_000 }).toContain(mounted);
        // The words are written at once; the picture follows in the next animation frame.
        await expect.poll(() => page.locator('volume-map svg .vm-line-ro').count()).toBe(1);
        expect(await page.locator('volume-map svg .vm-container').textContent()).toContain('running');
        expect(await page.locator('volume-map svg .vm-target').textContent()).toContain('/data');
        expect(await page.locator('volume-map svg .vm-ro').textContent()).toBe('ro');
        await page.screenshot({ path: join(artifacts, 'volume-map-lesson-desktop.png') });
        await page.setViewportSize(PHONE);
        await page.locator('.volume-map-panel').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(artifacts, 'volume-map-lesson-phone.png') });

        await page
          .locator('lab-terminal')
          .first()
          .evaluate((terminal) => (terminal as LabTerminal).run('docker rm -f map-web', { focus: false }));
        await expect.poll(() => facts(page), { timeout: 30_000 }).not.toContain(mounted);
        expect(await facts(page)).toContain('Volume map-data, not mounted by any container');
        await expect.poll(() => page.locator('volume-map svg .vm-line').count()).toBe(0);
        await page.evaluate(() =>
          document.querySelector('lab-terminal')?.run('docker volume rm map-data', { focus: false }),
        );
      } finally {
        await context.close();
      }
    },
  );
  it.skipIf(!serverSendsState || webLesson === '')(
    "draws nginx on its pages volume beside another image's container, the path's end readable",
    async () => {
      const context = await browser.newContext({ viewport: DESKTOP });
      const page = await context.newPage();
      try {
        await page.goto(`${lab.lab.url}/lessons/${webLesson}/`);
        await page.locator('lab-terminal[data-state="connected"]').first().waitFor({ timeout: 15_000 });
        await page
          .locator('lab-terminal')
          .first()
          .evaluate((terminal) =>
            (terminal as LabTerminal).runAll(
              [
                'docker run -d --name web-server -v web-html:/usr/share/nginx/html nginx',
                'docker run --name web-writer -v web-html:/site debian sh -c "echo hi > /site/hello.html"',
              ],
              { focus: false },
            ),
          );
        await expect
          .poll(() => facts(page), { timeout: 30_000 })
          .toContain('web-writer (stopped) mounts web-html at /site');
        expect(await facts(page)).toContain('Container web-server (running), image nginx');
        expect(await facts(page)).toContain('web-server (running) mounts web-html at /usr/share/nginx/html');
        await expect.poll(() => page.locator('volume-map svg .vm-line').count()).toBe(2);
        // A long path is cut at its start: its end says where in the image the volume sits.
        const targets = await page.locator('volume-map svg .vm-target').allTextContents();
        expect(targets.some((text) => text.endsWith('nginx/html'))).toBe(true);
        const images = await page.locator('volume-map svg .vm-meta').allTextContents();
        expect(images).toEqual(expect.arrayContaining([expect.stringContaining('nginx')]));
        await page.locator('.volume-map-panel').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(artifacts, 'volume-map-web-desktop.png') });
        await page
          .locator('.volume-map-panel')
          .screenshot({ path: join(artifacts, 'volume-map-web-panel.png') });
        await page.setViewportSize(PHONE);
        await page.locator('.volume-map-panel').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(artifacts, 'volume-map-web-phone.png') });
        await page
          .locator('lab-terminal')
          .first()
          .evaluate((terminal) =>
            (terminal as LabTerminal).runAll(
              ['docker rm -f web-server web-writer', 'docker volume rm web-html'],
              { focus: false },
            ),
          );
      } finally {
        await context.close();
      }
    },
  );
});
