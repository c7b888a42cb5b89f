import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startPlatform, type Platform, PHONE as phone, noHorizontalScroll } from './server.ts';

let platform: Platform;
let browser: Browser;
const desktop = { viewport: { width: 1280, height: 900 }, locale: 'vi-VN' };

beforeAll(async () => {
  [platform, browser] = await Promise.all([startPlatform(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

async function open(options: object): Promise<Page> {
  const context = await browser.newContext({ ...options, baseURL: platform.url });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  return page;
}

async function signIn(page: Page, login: string) {
  await page.goto('/dang-nhap?tiep=/chi-tieu');
  await page.getByLabel('Số điện thoại hoặc tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill('hocvuso-demo');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((url) => url.pathname === '/chi-tieu');
}

describe('indicator dashboards', () => {
  it('the demo ward official signs in on a phone and sees the ward against the plan, and nothing beyond it', async () => {
    const page = await open(phone);
    await signIn(page, 'canboxa');
    await expect.poll(() => page.locator('h1').textContent()).toContain('Phường Hoàn Kiếm');
    expect(await page.locator('article.indicator').count()).toBe(11);
    const adults = page.locator('article.indicator', { hasText: 'Người trưởng thành (18+)' });
    expect(await adults.getByRole('meter').count()).toBe(1);
    expect(await adults.textContent()).toContain('Mục tiêu 2026: 100%');
    expect(await page.locator('article.indicator', { hasText: 'điện thoại thông minh' }).textContent()).toContain(
      'không phải tỷ lệ dân số',
    );
    // the charts are LayerChart SVG, rendered on the server and scaled to the phone
    expect(await page.locator('figure.trend svg path.line').count()).toBe(1);
    expect(await adults.locator('svg .lc-bar, svg rect').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Tải CSV: Xu hướng theo tuần' }).getAttribute('href')).toContain(
      'table=trend',
    );
    expect(await noHorizontalScroll(page)).toBe(true);
    // The ward imports a population figure: it waits for the city's approval (a denominator is not
    // the ward's to set alone); its targets come from the city, so it has no target form.
    await page.getByRole('link', { name: 'Nhập dân số, mục tiêu' }).click();
    await page.waitForURL(/\/chi-tieu\/dan-so/);
    await page.getByLabel('Nội dung CSV').fill('unit_code;year;group;count\n00070;2026;workers;1.000\n');
    await page.getByRole('button', { name: 'Nhập số liệu' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('1 số liệu của xã/phường đang chờ tỉnh duyệt, chưa có hiệu lực');
    expect(await page.getByRole('button', { name: 'Lưu mục tiêu' }).count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('do tỉnh, thành phố (hoặc trung ương) đặt');
    expect(await page.getByRole('link', { name: 'Tải CSV số liệu dân số' }).getAttribute('href')).toContain(
      '/api/v1/population/export.csv?unit=00070',
    );
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.getByRole('link', { name: /Về bảng chỉ tiêu/ }).click();
    await page.waitForURL((url) => url.pathname === '/chi-tieu');
    // not approved yet: the dashboard does not divide by the ward's figure
    await expect
      .poll(() => page.locator('article.indicator', { hasText: 'Người lao động trong doanh nghiệp' }).count())
      .toBe(1);
    expect(
      await page.locator('article.indicator', { hasText: 'Người lao động trong doanh nghiệp' }).textContent(),
    ).not.toContain('/ 1.000');
    // The city is outside a ward official's scope.
    await page.goto('/chi-tieu?dv=01');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('ngoài phạm vi');
    await page.context().close();
  });

  it("the city official ranks the communes, sets a ward's target, drills in and prints a clean report", async () => {
    const page = await open(desktop);
    await signIn(page, 'canbotinh');
    await expect.poll(() => page.locator('h1').textContent()).toContain('Hà Nội');
    // every commune of the city has demo figures: the city's bar and each commune's percent are real
    expect(
      await page.locator('article.indicator', { hasText: 'Người trưởng thành (18+)' }).getByRole('meter').count(),
    ).toBe(1);
    const rows = page.locator('table.ranking tbody tr');
    expect(await rows.count()).toBeGreaterThan(100);
    expect(
      await page.locator('figure.ranking-chart svg .lc-bar, figure.ranking-chart svg rect').count(),
    ).toBeGreaterThan(5);
    // the ward's target, set by the city
    await page.goto('/chi-tieu/dan-so?dv=00070');
    await page.getByLabel('Chỉ tiêu').selectOption('adults');
    await page.getByLabel('Mục tiêu (%)').fill('90');
    await page.getByLabel('Theo kế hoạch (số, ngày)').fill('KH phường 2026');
    await page.getByRole('button', { name: 'Lưu mục tiêu' }).click();
    await expect.poll(() => page.getByText('Đã lưu mục tiêu.').count()).toBe(1);
    await page.goto('/chi-tieu?dv=00070');
    await expect
      .poll(() => page.locator('article.indicator', { hasText: 'Người trưởng thành (18+)' }).textContent())
      .toContain('Mục tiêu 2026: 90% (theo KH phường 2026)');
    await page.goto('/chi-tieu');
    const first = rows.first().locator('th a');
    const name = (await first.textContent())!.trim();
    await first.click();
    await page.waitForURL(/dv=\d{5}/);
    await expect.poll(() => page.locator('h1').textContent()).toContain(name);
    expect(await page.getByRole('link', { name: /Hà Nội/ }).count()).toBeGreaterThan(0);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    expect(await page.locator('header.top').isVisible()).toBe(false);
    // the charts print, inside the page's width
    const chart = page.locator('figure.trend svg').first();
    expect(await chart.isVisible()).toBe(true);
    const box = (await chart.boundingBox())!;
    expect(box.width).toBeGreaterThan(200);
    expect(box.x + box.width).toBeLessThanOrEqual(await page.evaluate(() => document.documentElement.clientWidth));
    await page.context().close();
  });

  it('the public page needs no sign-in and hides small counts', async () => {
    const page = await open(phone);
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto('/so-lieu?dv=00070');
    await expect.poll(() => page.locator('h1').textContent()).toContain('Phường Hoàn Kiếm');
    // anyone's phone: no framework, only the site's small script (docs/adr/0007)
    expect(scripts).toEqual([expect.stringMatching(/^\/_app\/immutable\/assets\/learner\.[\w-]+\.js$/)]);
    // the trend's series is picked with a plain form
    const series = page.locator('select[name="xu-huong"]');
    const other = await series.locator('option').nth(1).getAttribute('value');
    await series.selectOption(other!);
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    await page.waitForURL(new RegExp(`xu-huong=${other}`));
    expect(await page.locator('select[name="xu-huong"]').inputValue()).toBe(other);
    expect(await page.locator('main').textContent()).toContain('số dưới 5 người được ẩn');
    expect(await page.locator('main').textContent()).toContain('làm tròn đến bội số của 5');
    // the trend chart is in the server's HTML, before any script runs
    const html = await (await page.request.get('/so-lieu?dv=01')).text();
    expect(html).toContain('lc-layout-svg');
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.context().close();
  });
});
