import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { CONSENT_VERSION } from '@hvs/contracts';
import { defaultContentDir, loadCatalog, loadCurriculum } from '@hvs/content';
import { loadQuizzes } from '@hvs/content/quizzes';
import { keyResponses } from '@hvs/quiz-engine';
import { launchChromium, noHorizontalScroll, PHONE, repoRoot, startPlatform, type Platform } from './server.ts';

const quizzes = loadQuizzes(loadCatalog(defaultContentDir), defaultContentDir);
const curriculum = loadCurriculum(defaultContentDir);
const screenshots = join(repoRoot, 'docs/screenshots');

let platform: Platform;
let browser: Browser;
let work: string;

beforeAll(async () => {
  [platform, browser] = await Promise.all([startPlatform(), launchChromium()]);
  work = mkdtempSync(join(tmpdir(), 'hvs-cert-'));
  mkdirSync(screenshots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function newPhone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...PHONE, baseURL: platform.url });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  return { context, page };
}

/** Signs up in this browser and passes every core lesson of the adult curriculum through the API. */
async function certify(context: BrowserContext, displayName: string): Promise<void> {
  const api = context.request;
  const headers = { origin: platform.url };
  const signup = await api.post('/api/v1/auth/signup', {
    headers,
    data: {
      login: `hv${randomUUID().slice(0, 8)}`,
      password: 'mat-khau-du-dai',
      displayName,
      birthYear: 1972,
      communeCode: '00070',
      consentVersion: CONSENT_VERSION,
    },
  });
  expect(signup.status()).toBe(201);
  for (const lessonId of curriculum.groups.adult.core) {
    const id = randomUUID();
    const view = await (await api.get(`/api/v1/lessons/${lessonId}/quiz?attemptId=${id}`)).json();
    const res = await api.post('/api/v1/attempts', {
      headers,
      data: { id, lessonId, quizVersion: view.version, answers: keyResponses(quizzes.get(lessonId)!.quiz, id) },
    });
    expect(res.status(), lessonId).toBe(201);
  }
}

/** Bytes on the wire (compressed) for a first visit of `path`: the document and everything it loads. */
async function firstVisitBytes(page: Page, path: string): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let total = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (total += e.encodedDataLength));
  await page.goto(path, { waitUntil: 'networkidle' });
  await cdp.detach();
  return total;
}

describe('a certificate on paper, checked by someone else', () => {
  it('shows the certificate with its QR, prints a PDF whose QR opens the verification page', async () => {
    const learner = await newPhone();
    await certify(learner.context, 'Nguyễn Thị Ánh Dương');

    // The certificate page in the learner's account: small, no framework, fits the phone.
    const bytes = await firstVisitBytes(learner.page, '/chung-nhan');
    expect(bytes).toBeLessThan(20 * 1024);
    const card = learner.page.getByTestId('certificate');
    await expect.poll(() => card.textContent()).toContain('Nguyễn Thị Ánh Dương');
    const code = (await card.textContent())!.match(/HVS-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}/)![0];
    expect(await learner.page.locator('.qr svg').count()).toBe(1);
    expect(await noHorizontalScroll(learner.page)).toBe(true);
    await learner.page.screenshot({ path: join(screenshots, 'certificate-phone.png'), fullPage: true });

    // The PDF, as the download link gives it, rendered the way a printer would see it.
    const res = await learner.context.request.get('/api/v1/me/certificate.pdf');
    expect(res.status()).toBe(200);
    const pdf = join(work, 'chung-nhan.pdf');
    writeFileSync(pdf, await res.body());
    execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', pdf, join(work, 'page')]);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString('utf8');
    expect(text).toContain('GIẤY CHỨNG NHẬN');
    expect(text).toContain('Nguyễn Thị Ánh Dương');
    expect(text).toContain('đạt phổ cập tri thức số');
    expect(text).toContain(code);
    copyFileSync(join(work, 'page.png'), join(screenshots, 'certificate-pdf.png'));

    // Scan the QR on the rendered page.
    const png = PNG.sync.read(readFileSync(join(work, 'page.png')));
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(qr?.data).toBe(`${platform.url}/xac-minh/${code}`);

    // Someone else, not signed in, opens it on their phone.
    const checker = await newPhone();
    await checker.page.goto(qr!.data);
    const verdict = checker.page.getByTestId('verdict');
    expect(await verdict.getAttribute('data-status')).toBe('valid');
    const shown = (await verdict.textContent())!;
    expect(shown).toContain('Còn hiệu lực');
    expect(shown).toContain('N. T. Á. D.');
    expect(shown).toContain('1972');
    expect(shown).not.toContain('Dương');
    expect(await noHorizontalScroll(checker.page)).toBe(true);
    await checker.page.screenshot({ path: join(screenshots, 'verification-phone.png'), fullPage: true });

    // Typing a code by hand: a wrong one is "không tìm thấy", a sloppy right one is found.
    await checker.page.goto('/xac-minh');
    await checker.page.getByLabel('Mã chứng nhận').fill('HVS-0000-0000-00');
    await checker.page.getByRole('button', { name: 'Kiểm tra' }).click();
    await checker.page.waitForURL(/\/xac-minh\/HVS-0000-0000-00$/);
    expect(await checker.page.getByTestId('verdict').getAttribute('data-status')).toBe('not-found');
    await checker.page.getByLabel('Mã chứng nhận').fill(code.toLowerCase().replaceAll('-', ' '));
    await checker.page.getByRole('button', { name: 'Kiểm tra' }).click();
    await checker.page.waitForURL(new RegExp(`/xac-minh/${code}$`));
    expect(await checker.page.getByTestId('verdict').getAttribute('data-status')).toBe('valid');

    await learner.context.close();
    await checker.context.close();
  });
});
