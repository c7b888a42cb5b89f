import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startPlatform, type Platform, PHONE as phone, noHorizontalScroll } from './server.ts';

const desktop = { viewport: { width: 1280, height: 900 }, locale: 'vi-VN' };
const PASSWORD = 'hocvuso-demo';

let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  [platform, browser] = await Promise.all([startPlatform(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

async function open(options: object): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...options, baseURL: platform.url, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  return { context, page };
}

async function signIn(page: Page, login: string, password = PASSWORD) {
  // after the page's script has started: a tap before that would post the bare HTML form
  await page.goto('/dang-nhap', { waitUntil: 'networkidle' });
  await page.getByLabel('Số điện thoại hoặc tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/**
 * An access token as the server signs them, already expired: what the browser holds after a tab was
 * left open past the token's 15 minutes (the refresh cookie is still good).
 */
function expiredToken(sub: string, roles: string[]): string {
  const secret = readFileSync(join(platform.dataDir, 'jwt-secret'), 'utf8').trim();
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, roles, iat: now - 3600, exp: now - 2700 })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

async function expireAccess(context: BrowserContext, page: Page) {
  const me = await (await page.request.get('/api/v1/me')).json();
  const roles = [...new Set((me.roles as { role: string }[]).map((r) => r.role))];
  const { hostname } = new URL(platform.url);
  await context.addCookies([
    {
      name: 'hvs_access',
      value: expiredToken(me.id, roles),
      domain: hostname,
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
    },
  ]);
  // the browser now holds an expired token: an API call made as a plain link would be refused
  expect((await (await page.request.get('/api/v1/me')).json()).code).toBe('token_expired');
}

async function download(page: Page, link: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
  return readFileSync((await file.path())!, 'utf8');
}

describe('a teacher', () => {
  it('lands on the classes after sign-in, sees the links of the role, and still gets the board CSV and the JSON export after the session expired', async () => {
    const { context, page } = await open(desktop);
    await signIn(page, 'giaovien');
    await page.waitForURL((url) => url.pathname === '/lop');
    const nav = page.getByRole('navigation', { name: 'Các trang của bạn' });
    await expect.poll(() => nav.getByRole('link', { name: 'Lớp của tôi' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Chỉ tiêu' }).count()).toBe(0);

    // The demo class is alive the first time.
    await page.getByRole('link', { name: /6A — Tin học/ }).click();
    await page.waitForURL(/\/lop\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('board').locator('tbody tr').count()).toBe(6);
    expect(await page.getByTestId('board').textContent()).toContain('Đạt (muộn)');

    // An hour later, the tab still open: the link is followed by the browser with an expired token.
    await expireAccess(context, page);
    const csv = await download(page, 'Tải bảng (CSV, mở được bằng Excel)');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('Học sinh,Tên đăng nhập');
    expect(csv).toContain('Lê Minh An,hocsinh');
    expect(csv).toContain('Câu hỏi cả lớp thấy khó nhất');

    await page.goto('/ho-so');
    await expireAccess(context, page);
    const json = JSON.parse(await download(page, 'Tải về toàn bộ dữ liệu (tệp JSON)'));
    expect(json.account.login).toBe('giaovien');
    expect(json.classesTaught.map((c: { name: string }) => c.name)).toContain('6A — Tin học');
    // a teacher is told what deleting the account does to the classes
    expect(await page.getByTestId('teacher-delete-warn').textContent()).toContain('lưu trữ mọi lớp');
    await context.close();
  });

  it('is let in right after a role is granted, without signing in again (the 403 renews the session once)', async () => {
    const { context, page } = await open(phone);
    const login = `gvmoi${Date.now().toString(36)}`;
    const made = await page.request.post('/api/v1/auth/signup', {
      data: {
        login,
        password: 'mat-khau-giao-vien',
        displayName: 'Cô Mới',
        birthYear: 1990,
        communeCode: '00070',
        consentVersion: '2026-11-22',
      },
    });
    expect(made.status()).toBe(201);
    await page.goto('/lop');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Trang này dành cho giáo viên');

    const admin = await (
      await context.request.post('/api/v1/auth/login', {
        data: { login: 'quantri', password: PASSWORD, tokens: 'body' },
      })
    ).json();
    const granted = await context.request.post('/api/v1/role-grants', {
      data: { login, role: 'teacher', scopeUnitCode: null },
      headers: { authorization: `Bearer ${admin.accessToken}` },
    });
    expect(granted.status()).toBe(201);
    await page.goto('/lop');
    await expect.poll(() => page.getByRole('heading', { name: 'Tạo lớp mới' }).count()).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(0);
    await expect
      .poll(() =>
        page.getByRole('navigation', { name: 'Các trang của bạn' }).getByRole('link', { name: 'Lớp của tôi' }).count(),
      )
      .toBe(1);
    expect(await noHorizontalScroll(page)).toBe(true);
    await context.close();
  });

  it('creates accounts from a CSV file (row problems named), prints cards with the site address, assigns chosen lessons, and confirms before removing and archiving', async () => {
    const { context, page } = await open(desktop);
    await signIn(page, 'giaovien');
    await page.waitForURL((url) => url.pathname === '/lop');
    await page.getByLabel('Tên lớp').fill('9C Tin học');
    await page.getByRole('button', { name: 'Tạo lớp' }).click();
    await page.waitForURL(/\/lop\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('join-url').textContent()).toMatch(/\/vao-lop\?ma=[A-Z2-9]{6}$/);

    await page.getByLabel('Hoặc chọn tệp CSV (xuất từ Excel)').setInputFiles({
      name: 'lop-9c.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        '\uFEFFSTT;Họ và tên;Ngày sinh\n1;Nguyễn Văn An;01/02/2011\n2;;03/04/2011\n3;Trần Thị Bình;05/06/2011\n',
      ),
    });
    await expect.poll(() => page.getByLabel('Danh sách học sinh').inputValue()).toBe('Nguyễn Văn An\nTrần Thị Bình');
    expect(await page.getByTestId('roster-problems').textContent()).toContain('Dòng 3: ô tên để trống');
    await page.getByLabel('Năm sinh của các em').fill('2011');
    await page.getByText('Tôi xác nhận nhà trường hoặc phụ huynh đã đồng ý').click();
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const cards = page.locator('.login-card');
    await expect.poll(() => cards.count()).toBe(2);
    expect(await cards.first().textContent()).toContain(`Vào trang: ${new URL(platform.url).host}/dang-nhap`);

    // Several lessons from two modules.
    await page.getByLabel('Chọn từng bài (có thể ở nhiều chủ đề)').check();
    const modules = page.locator('fieldset.lessons details');
    for (const i of [0, 1]) {
      await modules.nth(i).locator('summary').click();
      await modules.nth(i).getByRole('checkbox').first().check();
    }
    await expect.poll(() => page.getByText('Đã chọn 2 bài').count()).toBe(1);
    await page.getByLabel('Hạn nộp').fill('2030-12-31T17:00');
    await page.getByRole('button', { name: 'Giao bài', exact: true }).click();
    await expect.poll(() => page.getByTestId('board').locator('thead th').count()).toBe(5); // student, passed, late, two lessons

    // Removing a pupil asks first; "no" keeps the pupil.
    const members = page.locator('.members li');
    page.once('dialog', (d) => d.dismiss());
    await members.first().getByRole('button', { name: 'Xóa khỏi lớp' }).click();
    expect(await members.count()).toBe(2);
    page.once('dialog', (d) => {
      expect(d.message()).toContain('Bài làm và kết quả của em vẫn được giữ');
      void d.accept();
    });
    await members.first().getByRole('button', { name: 'Xóa khỏi lớp' }).click();
    await expect.poll(() => members.count()).toBe(1);

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: /Lưu trữ lớp/ }).click();
    await expect.poll(() => page.getByText('Lớp này đã được lưu trữ').count()).toBe(1);
    expect(await page.getByTestId('join-code').count()).toBe(0);
    await page.getByRole('button', { name: 'Mở lại lớp' }).click();
    await expect.poll(() => page.getByText('Lớp này đã được lưu trữ').count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Giao bài', exact: true }).count()).toBe(1);
    await context.close();
  });
});

describe('a pupil', () => {
  it('follows a join link without an account, signs up, comes back to the class, joins, and leaves it', async () => {
    const teacher = await open(desktop);
    await signIn(teacher.page, 'giaovien');
    await teacher.page.waitForURL((url) => url.pathname === '/lop');
    await teacher.page.getByLabel('Tên lớp').fill('8D Tin học');
    await teacher.page.getByRole('button', { name: 'Tạo lớp' }).click();
    await teacher.page.waitForURL(/\/lop\/[0-9a-f-]{36}$/);
    const code = (await teacher.page.getByTestId('join-code').textContent())!.trim();
    await teacher.context.close();

    const { context, page } = await open(phone);
    await page.goto(`/vao-lop?ma=${code}`, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Vào lớp' }).click();
    await page.getByRole('link', { name: 'Tạo tài khoản mới' }).click();
    await page.waitForURL(/\/dang-ky\?tiep=/);
    await page.getByLabel('Tên hiển thị').fill('Em Hoa');
    await page.getByLabel('Số điện thoại hoặc tên đăng nhập').fill(`hoa${Date.now().toString(36)}`);
    await page.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-cua-hoa');
    await page.getByLabel('Năm sinh').fill('2012');
    await page.getByRole('combobox', { name: /Xã, phường/ }).pressSequentially('hoan kiem', { delay: 30 });
    await page.getByRole('option').filter({ hasText: 'Hoàn Kiếm' }).first().click();
    await page.getByText('Tôi đã đọc và đồng ý').click();
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    // the one-time recovery code is shown to write down before going on
    await expect.poll(() => page.getByText('Mã khôi phục của bạn').count()).toBe(1);
    await page.getByRole('link', { name: 'Tôi đã chép lại mã' }).click();
    await page.waitForURL((url) => url.pathname === '/vao-lop' && url.searchParams.get('ma') === code);
    expect(await page.getByLabel('Mã vào lớp').inputValue()).toBe(code);
    await page.getByRole('button', { name: 'Vào lớp' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('8D Tin học');
    await expect.poll(() => page.locator('header').getByRole('link', { name: 'Vào lớp' }).count()).toBe(1);

    const mine = page.getByRole('region', { name: 'Lớp của bạn' });
    await expect.poll(() => mine.textContent()).toContain('8D Tin học');
    page.once('dialog', (d) => void d.accept());
    await mine.getByRole('button', { name: 'Rời lớp' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Bạn đã rời lớp 8D Tin học');
    await expect.poll(() => mine.count()).toBe(0);
    expect(await noHorizontalScroll(page)).toBe(true);
    await context.close();
  });
});

describe('deleting an account', () => {
  it('says so on the home page afterwards, and the header forgets the account', async () => {
    const { context, page } = await open(phone);
    const made = await page.request.post('/api/v1/auth/signup', {
      data: {
        login: `xoa${Date.now().toString(36)}`,
        password: 'mat-khau-se-xoa',
        displayName: 'Ông Ba',
        birthYear: 1955,
        communeCode: '00070',
        consentVersion: '2026-11-22',
      },
    });
    expect(made.status()).toBe(201);
    await page.goto('/ho-so', { waitUntil: 'networkidle' });
    await expect.poll(() => page.locator('header').getByRole('link', { name: 'Vào lớp' }).count()).toBe(1);
    await page.getByText('Xóa tài khoản', { exact: true }).click();
    await page.getByLabel('Nhập mật khẩu để xác nhận').fill('mat-khau-se-xoa');
    await page.getByRole('button', { name: 'Xóa vĩnh viễn tài khoản của tôi' }).click();
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.has('da-xoa'));
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Tài khoản đã được xóa.');
    expect(await page.locator('header').getByRole('link', { name: 'Vào lớp' }).count()).toBe(0);
    await context.close();
  });
});

describe('the commune picker on a phone', () => {
  it('groups communes of the same name by province, narrows to one province, and works with the keyboard', async () => {
    const { context, page } = await open(phone);
    await page.goto('/dang-ky', { waitUntil: 'networkidle' });
    const box = page.getByRole('combobox', { name: /Xã, phường/ });
    await box.pressSequentially('an phu', { delay: 30 });
    const list = page.getByRole('listbox');
    await expect.poll(() => list.getByRole('group').count()).toBeGreaterThan(3);
    const total = await list.getByRole('option').count();
    expect(total).toBeGreaterThan(15);
    const province = (await list.getByRole('group').first().getAttribute('aria-labelledby'))!;
    const provinceName = (await page.locator(`[id="${province}"]`).textContent())!.trim();
    expect(await noHorizontalScroll(page)).toBe(true);

    await page.getByLabel('Tỉnh, thành phố').selectOption({ label: provinceName });
    await expect.poll(() => list.getByRole('group').count()).toBe(1);
    const options = await list.getByRole('option').count();
    expect(options).toBeLessThan(total);
    await box.focus();
    await page.keyboard.press('ArrowDown');
    const second = await list
      .getByRole('option')
      .nth(options > 1 ? 1 : 0)
      .textContent();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText(`Đã chọn: ${second!.trim()}, ${provinceName}`).count()).toBe(1);
    expect(await noHorizontalScroll(page)).toBe(true);
    await context.close();
  });
});
