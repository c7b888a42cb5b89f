import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parse } from 'yaml';
import {
  defaultContentDir,
  loadCatalog,
  PRACTICE_FOLDER,
  PRACTICE_TAG,
  practiceTagName,
  type Practice,
} from '@hvs/content';
import { launchChromium, startPlatform, type Platform, PHONE as phone, noHorizontalScroll } from './server.ts';

// Every lesson of the catalog, read on a phone: it loads, fits the screen, its pictures load and have
// alt text; and every practice block in a lesson works as plain HTML (lessons ship no JavaScript).
const catalog = loadCatalog(defaultContentDir);
const lessons = catalog.modules.flatMap((m) => m.lessons);

/** The practice blocks of each lesson, with a sentence that only the "Xem đáp án" reveal shows. */
const practices = lessons.flatMap((lesson) => {
  const body = readFileSync(join(defaultContentDir, lesson.file), 'utf8');
  return [...body.matchAll(PRACTICE_TAG)].map((m) => {
    const name = practiceTagName(m[1]!)!;
    const file = join(defaultContentDir, 'lessons', lesson.moduleId, PRACTICE_FOLDER, `${name}.yaml`);
    const practice = parse(readFileSync(file, 'utf8')) as Practice;
    const revealed =
      practice.kind === 'spot' ? practice.segments.find((s) => s.redFlag)!.why! : practice.answer.why[0]!;
    return { lesson, name, kind: practice.kind, revealed };
  });
});

let platform: Platform;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [platform, browser] = await Promise.all([startPlatform(), launchChromium()]);
  context = await browser.newContext({ ...phone, baseURL: platform.url });
  page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await platform?.stop();
});

describe('every lesson on a 390 px phone', () => {
  it('has lessons to check', () => {
    expect(lessons.length).toBeGreaterThan(30);
  });

  it.each(lessons.map((l) => [l.id, l] as const))('%s', async (_id, lesson) => {
    const response = await page.goto(`/bai-hoc/${lesson.id}`);
    expect(response?.status()).toBe(200);
    expect((await page.locator('h1').textContent())?.trim()).toBe(lesson.title);
    expect(await noHorizontalScroll(page)).toBe(true);

    const images = page.locator('article img');
    for (let i = 0; i < (await images.count()); i++) {
      const img = images.nth(i);
      const src = await img.getAttribute('src');
      expect((await img.getAttribute('alt'))?.trim(), `alt of ${src}`).toBeTruthy();
      // Lesson images are lazy: bring each into view, then wait until it has loaded (or failed).
      await img.scrollIntoViewIfNeeded();
      await img.evaluate((el: HTMLImageElement) =>
        el.complete
          ? undefined
          : new Promise((done) => {
              el.addEventListener('load', done, { once: true });
              el.addEventListener('error', done, { once: true });
            }),
      );
      expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth), `naturalWidth of ${src}`).toBeGreaterThan(
        0,
      );
    }
  });
});

describe('practice blocks, without JavaScript', () => {
  it('are in the lessons that the brief names: spotters and a VietQR check', () => {
    expect(practices.filter((p) => p.kind === 'spot').length).toBeGreaterThanOrEqual(2);
    expect(practices.some((p) => p.kind === 'vietqr' && p.lesson.id === 'thanh-toan-quet-ma-vietqr')).toBe(true);
  });

  it.each(practices.map((p) => [`${p.lesson.id} › ${p.name} (${p.kind})`, p] as const))('%s', async (_label, p) => {
    const noJs = await browser.newContext({ ...phone, baseURL: platform.url, javaScriptEnabled: false });
    const tab = await noJs.newPage();
    expect((await tab.goto(`/bai-hoc/${p.lesson.id}`))?.status()).toBe(200);
    const block = tab.locator(`[data-practice="${p.name}"]`);
    expect(await block.count()).toBe(1);
    expect(await noHorizontalScroll(tab)).toBe(true);

    // The learner can mark or choose something (real form controls, each with a label).
    const controls = block.locator('input');
    expect(await controls.count()).toBeGreaterThanOrEqual(2);
    await controls.first().check();
    expect(await controls.first().isChecked()).toBe(true);

    const revealed = block.getByText(p.revealed, { exact: false });
    expect(await revealed.isVisible()).toBe(false);
    await block.locator('summary', { hasText: 'Xem đáp án' }).click();
    expect(await revealed.isVisible()).toBe(true);
    if (p.kind === 'vietqr') {
      // The code is shown as text, never as a picture a phone could scan.
      expect(await block.locator('img, canvas, svg').count()).toBe(0);
      expect(await block.locator('.payload').textContent()).toMatch(/^000201/);
    }
    await noJs.close();
  });
});
