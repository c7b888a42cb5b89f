import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { defaultContentDir, loadCatalog } from '@hvs/content';
import { loadQuizzes } from '@hvs/content/quizzes';
import { answerItem, keyFor } from './answer.ts';
import { outboxSize } from './outbox.ts';
import { launchChromium, startPlatform, type Platform, PHONE as phone, noHorizontalScroll } from './server.ts';

const catalog = loadCatalog(defaultContentDir);
const quizzes = loadQuizzes(catalog, defaultContentDir);
const lessons = catalog.modules.flatMap((m) => m.lessons);

let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  [platform, browser] = await Promise.all([startPlatform(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

async function newPhone(
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...phone, baseURL: platform.url, ...options });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  return { context, page };
}

/** On the quiz page: answers every drawn item right through the UI; returns what the server expects. */
async function answerAllRight(page: Page, lessonId: string) {
  const attemptId = await page.locator('input[name=attemptId]').inputValue();
  const key = keyFor(quizzes.get(lessonId)!.quiz, attemptId);
  for (const item of key) await answerItem(page, item);
  return key;
}

describe('a guest on a phone', () => {
  it('reads a lesson, passes its quiz graded by the server, and finds the progress after a reload', async () => {
    const { context, page } = await newPhone();
    const first = lessons[0]!;
    const second = lessons[1]!;

    await page.goto('/');
    await expect.poll(() => page.locator('a[href^="/hoc/"]').count()).toBe(catalog.modules.length);
    await page.locator(`a[href="/hoc/${first.moduleId}"]`).click();
    await page.locator(`a[href="/bai-hoc/${first.id}"]`).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(first.title);
    expect(await noHorizontalScroll(page)).toBe(true);

    await page.getByRole('link', { name: 'Làm bài kiểm tra' }).click();
    await page.waitForURL(/\/kiem-tra$/);
    await page.locator('form input[name=attemptId]').waitFor({ state: 'attached' });
    expect(await noHorizontalScroll(page)).toBe(true);
    const key = await answerAllRight(page, first.id);
    await page.getByRole('button', { name: 'Nộp bài' }).click();

    await page.waitForURL(/\/ket-qua\//);
    const verdict = page.getByTestId('verdict');
    await expect.poll(() => verdict.textContent()).toContain('Bạn đã đạt bài này!');
    expect(await verdict.textContent()).toContain(`Đúng ${key.length}/${key.length} câu (100%)`);
    for (const item of key) expect(await page.getByText(item.explanation).count()).toBeGreaterThan(0);

    // The result is the server's: it is still there after a reload.
    await page.reload();
    await expect.poll(() => page.getByTestId('verdict').textContent()).toContain('Bạn đã đạt bài này!');

    // Home: "Tiếp tục học" points at the next lesson, and keeps doing so after a reload.
    for (let i = 0; i < 2; i++) {
      await page.goto('/');
      const card = page.getByTestId('continue');
      await expect.poll(() => card.textContent()).toContain(`Đã đạt 1/${lessons.length} bài`);
      expect(await card.textContent()).toContain(`Bài tiếp theo: ${second.title}`);
    }
    await context.close();
  });

  it('finds the lesson they stopped at under "Tiếp tục học", also after a reload; the lesson ships no framework', async () => {
    const { context, page } = await newPhone();
    const lesson = lessons[5]!;
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await page.goto(`/bai-hoc/${lesson.id}`);
    expect(await page.locator('h1').textContent()).toBe(lesson.title);
    // only the learner pages' own small script (docs/adr/0007), no Svelte, no Kit client
    expect(scripts.map((u) => new URL(u).pathname)).toEqual([
      expect.stringMatching(/^\/_app\/immutable\/assets\/learner\.[\w-]+\.js$/),
    ]);
    for (let i = 0; i < 2; i++) {
      await page.goto('/');
      const card = page.getByTestId('continue');
      await expect.poll(() => card.textContent()).toContain(`Học tiếp: ${lesson.title}`);
      await page.reload();
    }
    await page.getByTestId('continue').getByRole('link').click();
    await page.waitForURL(new RegExp(`/bai-hoc/${lesson.id}$`));
    await context.close();
  });

  it('is told what was wrong, with the explanation, when an answer is wrong', async () => {
    const { context, page } = await newPhone();
    const lesson = lessons[2]!;
    await page.goto(`/bai-hoc/${lesson.id}/kiem-tra`);
    const key = await answerAllRight(page, lesson.id);
    // Undo one right answer: leave the first item unanswered by reloading its answer away is not
    // possible, so answer a fresh attempt with everything blank instead.
    await page.reload();
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await page.waitForURL(/\/ket-qua\//);
    await expect.poll(() => page.getByTestId('verdict').textContent()).toContain('Bạn chưa đạt lần này');
    expect(await page.getByText('Bạn chưa trả lời câu này.').count()).toBe(key.length);
    await context.close();
  });

  it('answers an item of every type through the page, on a 320 px screen', async () => {
    const { context, page } = await newPhone({ viewport: { width: 320, height: 640 } });
    const types = ['single', 'multiple', 'truefalse', 'ordering', 'matching', 'text', 'number', 'spot'];
    const answered = new Set<string>();
    for (const type of types) {
      if (answered.has(type)) continue;
      const lesson = lessons.find((l) => quizzes.get(l.id)!.quiz.items.some((i) => i.type === type));
      expect(lesson, `a lesson with a ${type} item`).toBeDefined();
      // Each visit draws a new selection; open the quiz until one includes this type.
      let key: ReturnType<typeof keyFor> = [];
      for (let tries = 0; tries < 30 && !key.some((k) => k.type === type); tries++) {
        await page.goto(`/bai-hoc/${lesson!.id}/kiem-tra`);
        const attemptId = await page.locator('input[name=attemptId]').inputValue();
        key = keyFor(quizzes.get(lesson!.id)!.quiz, attemptId);
      }
      expect(
        key.some((k) => k.type === type),
        `drew a ${type} item`,
      ).toBe(true);
      expect(await noHorizontalScroll(page), `no sideways scrolling with a ${type} item`).toBe(true);
      for (const item of key) await answerItem(page, item);
      await page.getByRole('button', { name: 'Nộp bài' }).click();
      await page.waitForURL(/\/ket-qua\//);
      await expect
        .poll(() => page.getByTestId('verdict').textContent())
        .toContain(`Đúng ${key.length}/${key.length} câu`);
      for (const k of key) answered.add(k.type);
    }
    expect([...answered].sort()).toEqual([...types].sort());
    await context.close();
  });

  /**
   * A first-time guest answers a quiz, the network drops as they submit, and it comes back. Returns
   * the statuses of the attempt POSTs the server answered, and a check that the result is this
   * device's own.
   */
  async function offlineSubmit(slowServer: boolean) {
    const { context, page } = await newPhone();
    const lesson = lessons[3]!;
    const answered: number[] = [];
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/attempts/form')
        answered.push(r.status());
    });
    if (slowServer) {
      // the reconnect flush is still waiting for its answer when the learner taps "send again"
      await page.route('**/api/v1/attempts/form', async (route) => {
        await new Promise((r) => setTimeout(r, 1500));
        await route.continue();
      });
    }
    await page.goto(`/bai-hoc/${lesson.id}/kiem-tra`);
    await page.locator('form input[name=attemptId]').waitFor({ state: 'attached' });
    const device = (await context.cookies()).find((c) => c.name === 'hvs_device');
    expect(device?.httpOnly, 'the quiz page gives the device its guest id').toBe(true);
    await answerAllRight(page, lesson.id);
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Bài làm đã được giữ trên máy này');
    expect(await outboxSize(page)).toBe(1);
    await context.setOffline(false);
    return {
      page,
      answered,
      async expectOwnResult() {
        await page.waitForURL(/\/ket-qua\//);
        await expect.poll(() => page.getByTestId('verdict').textContent()).toContain('Bạn đã đạt bài này!');
        expect(await outboxSize(page)).toBe(0);
        const progress = await page.evaluate(async () => (await fetch('/api/v1/progress')).json());
        expect(progress.lessons).toEqual([expect.objectContaining({ lessonId: lesson.id, passed: true })]);
        expect((await context.cookies()).find((c) => c.name === 'hvs_device')?.value).toBe(device!.value);
        await context.close();
      },
    };
  }

  it('keeps answers on the phone when the network drops, and shows the result by itself when it is back', async () => {
    const run = await offlineSubmit(false);
    await run.expectOwnResult();
    expect(run.answered, 'the attempt went out once, and was accepted').toEqual([201]);
  });

  it('sends a kept attempt once when the learner taps "send again" while it is already going out', async () => {
    const run = await offlineSubmit(true);
    await run.page.getByRole('button', { name: 'Gửi lại ngay' }).click();
    await run.expectOwnResult();
    expect(run.answered, 'one request for the attempt, accepted').toEqual([201]);
  });
});

describe('on slow mobile data', () => {
  it('gets the quiz page and the quiz itself compressed, and the lesson from its precompressed file', async () => {
    const lesson = lessons[0]!;
    const get = (path: string) => fetch(`${platform.url}${path}`, { headers: { 'accept-encoding': 'br, gzip' } });
    for (const path of [
      `/bai-hoc/${lesson.id}`,
      `/bai-hoc/${lesson.id}/kiem-tra`,
      `/api/v1/lessons/${lesson.id}/quiz?attemptId=${crypto.randomUUID()}`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-encoding'), path).toMatch(/^(br|gzip)$/);
      expect((await res.text()).length, path).toBeGreaterThan(1000);
    }
  });
});

describe('a learner with an account', () => {
  it('signs up on a phone picking a commune by typing part of its name, passes a lesson, and sees it in "Hồ sơ học tập"', async () => {
    const { context, page } = await newPhone();
    const lesson = lessons[1]!;
    await page.goto('/dang-ky');
    await page.getByLabel('Tên hiển thị').fill('Bà Tư');
    await page.getByLabel('Số điện thoại hoặc tên đăng nhập').fill(`batu${Date.now().toString(36)}`);
    await page.getByLabel('Mật khẩu', { exact: true }).fill('mot cau de nho');
    await page.getByLabel('Năm sinh').fill('1961');
    const commune = page.getByRole('combobox', { name: /Xã, phường/ });
    await commune.pressSequentially('ben thanh', { delay: 30 });
    await page.getByRole('option').filter({ hasText: 'Bến Thành' }).first().click();
    await expect.poll(() => page.getByText('Đã chọn: Phường Bến Thành').count()).toBe(1);
    await page.getByText('Tôi đã đọc và đồng ý').click();
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    // the one-time recovery code is shown to write down before going on
    await expect.poll(() => page.getByText('Mã khôi phục của bạn').count()).toBe(1);
    await page.getByRole('link', { name: 'Tôi đã chép lại mã' }).click();
    await page.waitForURL(/\/ho-so$/);
    await expect.poll(() => page.getByText('Xin chào, Bà Tư!').count()).toBe(1);

    await page.goto(`/bai-hoc/${lesson.id}/kiem-tra`);
    await answerAllRight(page, lesson.id);
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await page.waitForURL(/\/ket-qua\//);
    await expect.poll(() => page.getByTestId('verdict').textContent()).toContain('Bạn đã đạt bài này!');

    await page.locator('header').getByRole('link', { name: 'Tài khoản', exact: true }).click();
    await page.waitForURL(/\/ho-so$/);
    const row = page.locator(`li[data-lesson="${lesson.id}"]`);
    await expect.poll(() => row.textContent()).toContain('Đạt · cao nhất 100%');
    expect(await noHorizontalScroll(page)).toBe(true);
    await context.close();
  });
});

describe('a shared school computer', () => {
  it("keeps one pupil's unsent answers for that pupil, not for the next one who signs in", async () => {
    const { context, page } = await newPhone();
    const origin = { origin: platform.url };
    const signIn = async (login: string) => {
      const res = await page.request.post('/api/v1/auth/login', {
        data: { login, password: 'hocvuso-demo' },
        headers: origin,
      });
      expect(res.status(), `sign in ${login}`).toBe(200);
    };
    const signOut = () => page.request.post('/api/v1/auth/logout', { headers: origin });
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/attempts/form') sent.push(r.url());
    });
    const kept = () => outboxSize(page);

    // An submits while the school's network is down: the answers stay on the computer.
    await signIn('hocsinh');
    const lesson = lessons[2]!;
    await page.route('**/api/v1/attempts/form', (route) => route.abort('internetdisconnected'));
    await page.goto(`/bai-hoc/${lesson.id}/kiem-tra`);
    const attemptId = await page.locator('input[name=attemptId]').inputValue();
    await answerAllRight(page, lesson.id);
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Bài làm đã được giữ trên máy này');
    expect(await kept()).toBe(1);

    // Bình signs in next: the network is back (the page's retry runs on), and An's answers must not
    // go out as Bình's.
    await signOut();
    await signIn('hs.binh');
    sent.length = 0;
    await page.unroute('**/api/v1/attempts/form');
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await new Promise((r) => setTimeout(r, 1000));
    await page.goto('/');
    await page.goto('/hoc/vneid');
    expect(sent).toEqual([]);
    expect(await kept()).toBe(1);

    // An comes back: they go out, as An's.
    await signOut();
    await signIn('hocsinh');
    await page.goto('/');
    await expect.poll(kept).toBe(0);
    expect(sent).toHaveLength(1);
    expect((await page.request.get(`/api/v1/attempts/${attemptId}`)).status()).toBe(200);
    await context.close();
  });
});

describe('a teacher and a class', () => {
  it('creates a class, a student joins with the code, the teacher assigns a module, the student passes, the board shows it', async () => {
    const teacher = await newPhone({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false });
    await teacher.page.goto('/dang-nhap?tiep=/lop');
    await teacher.page.getByLabel('Số điện thoại hoặc tên đăng nhập').fill('giaovien');
    await teacher.page.getByLabel('Mật khẩu').fill('hocvuso-demo');
    await teacher.page.getByRole('button', { name: 'Đăng nhập' }).click();
    await teacher.page.waitForURL((url) => url.pathname === '/lop');
    await teacher.page.getByLabel('Tên lớp').fill('8A Tin học');
    await teacher.page.getByRole('button', { name: 'Tạo lớp' }).click();
    await teacher.page.waitForURL(/\/lop\/[0-9a-f-]{36}$/);
    const code = (await teacher.page.getByTestId('join-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z2-9]{6}$/);

    const student = await newPhone();
    const login = `hs${Date.now().toString(36)}`;
    const signup = await student.context.request.post('/api/v1/auth/signup', {
      data: {
        login,
        password: 'mat-khau-hoc-sinh',
        displayName: 'Em Bình',
        birthYear: 2012,
        communeCode: '00070',
        studentLevel: 'lower_secondary',
        consentVersion: '2026-11-22',
      },
    });
    expect(signup.status()).toBe(201);
    await student.page.goto('/vao-lop');
    await student.page.getByLabel('Mã vào lớp').fill(code.toLowerCase());
    await student.page.getByRole('button', { name: 'Vào lớp' }).click();
    await expect.poll(() => student.page.getByRole('status').textContent()).toContain('8A Tin học');

    const module = catalog.modules[0]!;
    await teacher.page.getByLabel('Chủ đề', { exact: true }).selectOption(module.id);
    await teacher.page.getByLabel('Hạn nộp').fill('2030-12-31T17:00');
    await teacher.page.getByRole('button', { name: 'Giao bài' }).click();
    await expect.poll(() => teacher.page.getByTestId('board').count()).toBe(1);

    await student.page.goto('/');
    await expect.poll(() => student.page.getByTestId('assigned').textContent()).toContain(module.title);
    const lesson = module.lessons[0]!;
    await student.page.goto(`/bai-hoc/${lesson.id}/kiem-tra`);
    await answerAllRight(student.page, lesson.id);
    await student.page.getByRole('button', { name: 'Nộp bài' }).click();
    await student.page.waitForURL(/\/ket-qua\//);

    await teacher.page.getByRole('button', { name: 'Cập nhật bảng' }).click();
    const cell = teacher.page.locator(`tr[data-student="${login}"] td[data-lesson="${lesson.id}"]`);
    await expect.poll(() => cell.textContent()).toContain('Đạt');
    expect(await cell.textContent()).toContain('100%');
    await teacher.context.close();
    await student.context.close();
  });
});

describe('without JavaScript', () => {
  it('reads a lesson and submits the quiz as a plain form; the server shows the result', async () => {
    const { context, page } = await newPhone({ javaScriptEnabled: false });
    const lesson = lessons[4]!;
    await page.goto(`/bai-hoc/${lesson.id}`);
    expect(await page.locator('h1').textContent()).toBe(lesson.title);
    await page.getByRole('link', { name: 'Làm bài kiểm tra' }).click();
    await page.waitForURL(/\/kiem-tra$/);
    const attemptId = await page.locator('input[name=attemptId]').inputValue();
    const key = keyFor(quizzes.get(lesson.id)!.quiz, attemptId);
    for (const item of key) await answerItem(page, item, { js: false });
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await page.waitForURL(new RegExp(`/ket-qua/${attemptId}$`));
    expect(await page.getByTestId('verdict').textContent()).toContain('Bạn đã đạt bài này!');
    await context.close();
  });

  it('answers an item of every type as a plain form, on a 320 px screen, and the result explains every option', async () => {
    const { context, page } = await newPhone({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
    const types = ['single', 'multiple', 'truefalse', 'ordering', 'matching', 'text', 'number', 'spot'];
    const answered = new Set<string>();
    for (const type of types) {
      if (answered.has(type)) continue;
      const lesson = lessons.find((l) => quizzes.get(l.id)!.quiz.items.some((i) => i.type === type));
      expect(lesson, `a lesson with a ${type} item`).toBeDefined();
      const quiz = quizzes.get(lesson!.id)!.quiz;
      let key: ReturnType<typeof keyFor> = [];
      let attemptId = '';
      for (let tries = 0; tries < 30 && !key.some((k) => k.type === type); tries++) {
        await page.goto(`/bai-hoc/${lesson!.id}/kiem-tra`);
        attemptId = await page.locator('input[name=attemptId]').inputValue();
        key = keyFor(quiz, attemptId);
      }
      expect(
        key.some((k) => k.type === type),
        `drew a ${type} item`,
      ).toBe(true);
      expect(await noHorizontalScroll(page), `no sideways scrolling with a ${type} item`).toBe(true);
      for (const item of key) await answerItem(page, item, { js: false });
      await page.getByRole('button', { name: 'Nộp bài' }).click();
      await page.waitForURL(new RegExp(`/ket-qua/${attemptId}$`));
      expect(await page.getByTestId('verdict').textContent()).toContain(`Đúng ${key.length}/${key.length} câu`);
      // After grading, every option of a choice item says why it is right or wrong.
      for (const item of quiz.items.filter((i) => key.some((k) => k.id === i.id))) {
        if ('options' in item)
          for (const o of item.options)
            expect(await page.getByText(o.feedback, { exact: false }).count(), o.feedback).toBeGreaterThan(0);
      }
      for (const k of key) answered.add(k.type);
    }
    expect([...answered].sort()).toEqual([...types].sort());
    await context.close();
  });

  it('a refused form comes back as the same attempt with everything that was entered, ready to send again', async () => {
    const { context, page } = await newPhone({ javaScriptEnabled: false });
    // the lesson whose quiz has the most item types, drawn until this attempt shows at least five
    const kinds = (id: string) => new Set(quizzes.get(id)!.quiz.items.map((i) => i.type)).size;
    const lesson = [...lessons].sort((a, b) => kinds(b.id) - kinds(a.id))[0]!;
    const quiz = quizzes.get(lesson.id)!.quiz;
    let attemptId = '';
    let key: ReturnType<typeof keyFor> = [];
    const enough = () => key.some((k) => k.type === 'single') && new Set(key.map((k) => k.type)).size >= 5;
    for (let tries = 0; tries < 60 && !enough(); tries++) {
      await page.goto(`/bai-hoc/${lesson.id}/kiem-tra`);
      attemptId = await page.locator('input[name=attemptId]').inputValue();
      key = keyFor(quiz, attemptId);
    }
    expect(enough(), 'drew five item types').toBe(true);
    for (const item of key) await answerItem(page, item, { js: false });
    // The form as the browser would post it, plus a second value for a single choice: no page can
    // produce that, a broken or tampered one can, and the server refuses it.
    const fields: [string, string][] = await page
      .locator('form[action="/api/v1/attempts/form"]')
      .evaluate((form) =>
        [...new FormData(form as HTMLFormElement)].map(([k, v]) => [k, String(v)] as [string, string]),
      );
    const single = key.find((k) => k.type === 'single')!;
    const other = await page
      .locator(`input[name="q.${single.id}"]:not([value="${single.response as string}"])`)
      .first()
      .getAttribute('value');
    const refused = await context.request.post('/api/v1/attempts/form', {
      data: new URLSearchParams([...fields, [`q.${single.id}`, other!]]).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: platform.url },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(303);
    await page.goto(refused.headers().location!);
    expect(await page.locator('input[name=attemptId]').inputValue(), 'the same attempt').toBe(attemptId);
    expect(await page.getByRole('alert').textContent()).toContain('Câu trả lời của bạn vẫn còn bên dưới');
    // Sent as it is now, filled in from what came back, it is the right answer to every item.
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await page.waitForURL(new RegExp(`/ket-qua/${attemptId}$`));
    expect(await page.getByTestId('verdict').textContent()).toContain(`Đúng ${key.length}/${key.length} câu`);
    await context.close();
  });
});
