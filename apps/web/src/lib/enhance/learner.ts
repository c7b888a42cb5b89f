/**
 * The only JavaScript of the learner's pages (home, module, lesson, quiz, result: docs/adr/0007).
 * Those pages are HTML forms and links that work without it; this script makes them forgiving on a
 * bad network and a little nicer to use:
 *
 * - the quiz form is sent through an outbox in IndexedDB (./outbox.ts): written before it is sent,
 *   removed only when the server answered, sent again by itself when the device is back online, when
 *   any of these pages opens or comes back to the front, and by a retry with backoff (the attempt id
 *   makes a resend harmless), never twice at the same time; answered without network, the quiz page
 *   says it is saved and shows the answers; sent from another page, that page says so and refreshes;
 * - it registers the service worker (src/service-worker.ts) that keeps pages for offline study;
 * - ordering items get ↑/↓ buttons instead of position pickers; the number of unanswered questions
 *   is shown; due dates are shown in the device's own time.
 *
 * Written by hand, without a framework: it must stay a couple of KB (bench:web), and it only ever
 * sees the server's HTML. Every text it shows comes from that HTML (data attributes rendered from the
 * i18n dictionary), so it holds no language of its own.
 */
import { adopt, drop, keep, list, markUsed, type Entry } from './outbox';

const FORM_URL = '/api/v1/attempts/form';

/** The request reached the server, which refused it in a way a resend cannot change. */
class Refused extends Error {}

async function post(entry: Entry, offline: boolean, renewed = false): Promise<void> {
  const init: RequestInit = entry.json
    ? {
        body: JSON.stringify({ ...entry.json, source: offline ? 'offline_sync' : entry.json.source }),
        headers: { 'content-type': 'application/json' },
      }
    : {
        body: offline ? `${entry.form}&source=offline_sync` : entry.form!,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      };
  // No answer within 20 s counts as no network: the attempt stays kept for the next chance.
  const res = await fetch(entry.json ? '/api/v1/attempts' : FORM_URL, {
    method: 'POST',
    ...init,
    // missing on older phones' browsers: then their own timeout applies
    signal: typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(20_000) : undefined,
  });
  if (res.ok) return;
  const code = ((await res.json().catch(() => ({}))) as { code?: string }).code;
  if (res.status === 401 && code === 'token_expired' && !renewed) {
    const refreshed = await fetch('/api/v1/auth/refresh', { method: 'POST' }).catch(() => null);
    if (refreshed?.ok) return post(entry, offline, true);
  }
  // A 5xx (the server or its database restarting), a 401 (the learner may sign in again), or being
  // asked to slow down may go through later: keep it. Only the quiz's own pacing is a refusal.
  if (
    res.status >= 500 ||
    res.status === 401 ||
    res.status === 408 ||
    (res.status === 429 && code !== 'attempt_too_soon')
  )
    throw new Error(`kept: ${res.status}`);
  throw new Refused(code ?? String(res.status));
}

const inFlight = new Map<string, Promise<void>>();

/** Sends one kept attempt; a second call while it is on its way waits for the same request. */
function send(entry: Entry, offline: boolean): Promise<void> {
  let sending = inFlight.get(entry.id);
  if (!sending) {
    sending = post(entry, offline)
      .then(
        () => drop(entry.id),
        async (e: unknown) => {
          if (e instanceof Refused) await drop(entry.id);
          throw e;
        },
      )
      .finally(() => inFlight.delete(entry.id));
    inFlight.set(entry.id, sending);
  }
  return sending;
}

/** Who is on this device, as the server rendered the page (null on pages prerendered for everyone). */
const learner = document.querySelector<HTMLMetaElement>('meta[name="hvs-learner"]')?.content ?? null;
const mayGoNow = (entry: Entry) => !entry.owner || entry.owner === 'guest' || entry.owner === learner;

/** Who is signed in now, as the server says (`user:<id>` or `guest`); null when it cannot say. */
async function whoNow(renewed = false): Promise<string | null> {
  try {
    const res = await fetch('/api/v1/me');
    if (res.ok) return `user:${((await res.json()) as { id: string }).id}`;
    if (res.status !== 401) return null;
    if (!renewed && ((await res.json().catch(() => ({}))) as { code?: string }).code === 'token_expired') {
      const refreshed = await fetch('/api/v1/auth/refresh', { method: 'POST' });
      return refreshed.ok ? whoNow(true) : 'guest';
    }
    return 'guest';
  } catch {
    return null;
  }
}

/** Texts for what this script shows, rendered by the layout from the dictionary. */
const texts = document.querySelector<HTMLElement>('[data-texts]')?.dataset ?? {};

let flushing: Promise<void> | null = null;
let retryIn = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Sends everything kept, oldest first. On the quiz page of one of them, shows its result when it went
 * through; on any other page, says so and refreshes what the page counts. While something stays
 * (no network, the server restarting), tries again after 2, 4, 8 … 60 s.
 */
function flush(): Promise<void> {
  flushing ??= (async () => {
    clearTimeout(retryTimer);
    const sent: Entry[] = [];
    let stuck = false;
    const kept = (await list()).filter(mayGoNow);
    // An account's answers go out only while that account is signed in: this page may have been
    // rendered before it signed out in another tab (and someone else signed in).
    const now = kept.some((e) => e.owner?.startsWith('user:')) ? await whoNow() : undefined;
    if (now === null) stuck = true;
    for (const entry of kept.filter((e) => !e.owner?.startsWith('user:') || e.owner === now)) {
      try {
        await send(entry, true);
        if (quiz?.attemptId === entry.id) showResult(entry.result);
        else sent.push(entry);
      } catch (e) {
        if (!(e instanceof Refused)) {
          stuck = true; // still offline: try again on the next chance
          break;
        }
      }
    }
    if (stuck) {
      retryIn = Math.min(60_000, Math.max(2_000, retryIn * 2));
      retryTimer = setTimeout(() => void flush(), retryIn * (0.75 + Math.random() / 2));
    } else retryIn = 0;
    if (sent.length) await announce(sent);
    await showWaiting();
  })().finally(() => (flushing = null));
  return flushing;
}

/** "Còn N bài làm đang chờ gửi" where the page has a place for it. */
async function showWaiting(): Promise<void> {
  const n = (await list()).length;
  for (const el of document.querySelectorAll<HTMLElement>('[data-waiting]')) {
    el.textContent = (texts.waitingText ?? '').replace('{n}', String(n));
    el.hidden = n === 0;
  }
}

/** A notice at the top of the page. */
function notice(text: string, link?: string): void {
  const box = document.createElement('div');
  box.className = 'notice ok';
  box.setAttribute('role', 'status');
  const p = document.createElement('p');
  p.textContent = `${text} `;
  if (link) {
    const a = document.createElement('a');
    a.href = link;
    a.textContent = texts.see ?? '';
    p.append(a);
  }
  box.append(p);
  document.querySelector('main')?.prepend(box);
}

/**
 * Answers kept by an earlier tab went out from this page: say so, with the result, and bring the
 * page's counts (progress, ticks) up to date from the server.
 */
async function announce(sent: Entry[]): Promise<void> {
  for (const entry of sent) notice(texts.sent ?? '', entry.result);
  const live = document.querySelectorAll<HTMLElement>('[data-live]');
  if (live.length) {
    try {
      const res = await fetch(location.href, { headers: { accept: 'text/html' } });
      const fresh = new DOMParser().parseFromString(await res.text(), 'text/html');
      for (const el of live) {
        const next = fresh.querySelector(`[data-live="${el.dataset.live}"]`);
        if (next) el.replaceWith(document.importNode(next, true));
      }
    } catch {
      // the counts refresh on the next visit
    }
  }
}

// --- the quiz page ---------------------------------------------------------------------------------

let leaving = false;
/** Goes to the result once, however many sends of the attempt (a tap, a reconnect) end together. */
function showResult(url: string): void {
  if (leaving) return;
  leaving = true;
  location.assign(url);
}

type QuizPage = { form: HTMLFormElement; attemptId: string };
const quiz: QuizPage | null = (() => {
  const form = document.querySelector<HTMLFormElement>('form[data-quiz]');
  const attemptId = form?.querySelector<HTMLInputElement>('input[name=attemptId]')?.value;
  return form && attemptId ? { form, attemptId } : null;
})();

/** The questions and the answers given, as the page shows them, for the saved view. */
function summarise(form: HTMLFormElement): { q: string; a: string }[] {
  const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  return [...form.querySelectorAll<HTMLElement>('[data-item-id]')].map((item) => {
    const given = [
      ...[...item.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => text(i.closest('label'))),
      ...[...item.querySelectorAll<HTMLSelectElement>('select')]
        .filter((s) => s.value)
        .map((s) => `${text(s.closest('label')?.querySelector('span'))} → ${text(s.selectedOptions[0])}`),
      ...[...item.querySelectorAll<HTMLInputElement>('input[type=text], input:not([type])')]
        .map((i) => i.value.trim())
        .filter(Boolean),
    ];
    return { q: text(item.querySelector('legend')), a: given.join('; ') };
  });
}

function enhanceQuiz({ form, attemptId }: QuizPage): void {
  const submit = form.querySelector<HTMLButtonElement>('[data-submit]')!;
  const offline = form.querySelector<HTMLElement>('[data-offline]')!;
  const idle = submit.textContent;
  let busy = false;
  let saved = false;
  // the device's own clock, as the API expects (a stored quiz page was rendered at download)
  const started = form.querySelector<HTMLInputElement>('input[name=startedAt]');
  if (started) started.value = new Date().toISOString();

  /** Kept without network: the answers given, "Đã lưu — sẽ chấm khi có mạng", and a way to send now. */
  const showSaved = (entry: Entry) => {
    saved = true;
    form.classList.add('saved');
    const answers = offline.querySelector('[data-answers]');
    if (answers && entry.summary) {
      answers.textContent = '';
      for (const { q, a } of entry.summary) {
        const li = document.createElement('li');
        const question = document.createElement('strong');
        question.textContent = q;
        li.append(question, document.createElement('br'), a || (texts.blank ?? ''));
        answers.append(li);
      }
    }
    offline.hidden = false;
    offline.focus();
  };
  // Opened again (a reload without network) after it was kept: the saved view, not an empty form.
  void list().then((kept) => {
    const entry = kept.find((e) => e.id === attemptId);
    if (entry && !leaving) showSaved(entry);
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    if (saved) {
      // already kept: send what was kept, not the form (after a reload it is empty)
      busy = true;
      submit.disabled = true;
      await flush();
      busy = false;
      return;
    }
    const fields = new FormData(form);
    fields.set('submittedAt', new Date().toISOString());
    const entry: Entry = {
      id: attemptId,
      form: new URLSearchParams(fields as unknown as Record<string, string>).toString(),
      result: form.dataset.result!,
      queuedAt: new Date().toISOString(),
      owner: learner ?? 'guest',
      summary: summarise(form),
    };
    busy = true;
    submit.disabled = true;
    submit.textContent = submit.dataset.busy ?? idle;
    offline.hidden = true;
    // kept before it is sent: from here on, only the server's answer removes it
    await keep(entry);
    await markUsed(attemptId);
    try {
      await send(entry, false);
      showResult(entry.result);
      return;
    } catch (e) {
      if (e instanceof Refused && e.message === 'attempt_conflict') {
        // Sent before (its answer was lost on the way) and edited since: what the server has is the
        // first send, and that is what the result page shows.
        showResult(entry.result);
        return;
      }
      if (e instanceof Refused) {
        // The server says why on the quiz page itself (with the answers filled in again): let the
        // browser post the form as it would without this script.
        form.submit();
        return;
      }
      showSaved(entry);
      void flush();
    }
    busy = false;
    submit.disabled = false;
    submit.textContent = idle;
  });

  const count = form.querySelector<HTMLElement>('[data-unanswered]');
  const items = [...form.querySelectorAll<HTMLElement>('[data-item-id]')];
  const answered = (item: HTMLElement) =>
    item.querySelector('input:checked') !== null ||
    [
      ...item.querySelectorAll<HTMLInputElement | HTMLSelectElement>('select, input[type=text], input:not([type])'),
    ].some((f) => f.value.trim() !== '');
  const update = () => {
    if (!count) return;
    const left = items.filter((i) => !answered(i)).length;
    count.textContent =
      left > 0 && left < items.length ? (count.dataset.template ?? '').replace('{n}', String(left)) : '';
  };
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  for (const item of form.querySelectorAll<HTMLElement>('[data-reorder]')) reorder(item, update);
}

/**
 * An ordering item: the page has one position picker per step (what works without a script); here the
 * steps become a list moved with ↑/↓, and the pickers, hidden, follow the list.
 */
function reorder(fieldset: HTMLElement, changed: () => void): void {
  const picks = [...fieldset.querySelectorAll<HTMLLabelElement>('label.pick')];
  const steps = picks.map((label) => ({
    label,
    select: label.querySelector('select')!,
    text: label.querySelector('span')!.textContent ?? '',
  }));
  // Positions filled in before (a form sent back after a refusal) give the first order.
  const given = (s: (typeof steps)[number]) => Number(s.select.value) || 99;
  let order = [...steps].sort((a, b) => given(a) - given(b));
  // positions given in part or twice become the list as shown, so what is sent is what is seen
  if (steps.some((s) => s.select.value !== '')) order.forEach((s, i) => (s.select.value = String(i + 1)));
  const d = fieldset.dataset;
  const list = document.createElement('ol');
  list.className = 'steps';
  const live = document.createElement('p');
  live.className = 'visually-hidden';
  live.setAttribute('aria-live', 'polite');

  const button = (label: string, glyph: string, onClick: () => void, disabled: boolean) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'move';
    b.textContent = glyph;
    b.setAttribute('aria-label', label);
    b.disabled = disabled;
    b.addEventListener('click', onClick);
    return b;
  };
  const move = (from: number, to: number) => {
    const next = [...order];
    const [step] = next.splice(from, 1);
    next.splice(to, 0, step!);
    order = next;
    order.forEach((s, i) => (s.select.value = String(i + 1)));
    render(to);
    live.textContent = `${step!.text}: ${(d.position ?? '').replace('{n}', String(to + 1))}`;
    changed();
  };
  const render = (focusAt = -1) => {
    list.textContent = '';
    list.append(
      ...order.map((s, i) => {
        const li = document.createElement('li');
        li.className = 'step';
        li.dataset.id = s.select.name.split('.').slice(2).join('.'); // q.<item>.<step>
        const n = document.createElement('span');
        n.className = 'n';
        n.setAttribute('aria-hidden', 'true');
        n.textContent = String(i + 1);
        const text = document.createElement('span');
        text.className = 'text';
        text.textContent = s.text;
        const moves = document.createElement('span');
        moves.className = 'moves';
        moves.append(
          button((d.up ?? '').replace('{step}', s.text), '↑', () => move(i, i - 1), i === 0),
          button((d.down ?? '').replace('{step}', s.text), '↓', () => move(i, i + 1), i === order.length - 1),
        );
        li.append(n, text, moves);
        return li;
      }),
    );
    // keep the focus on the step that moved, as a screen reader user expects
    if (focusAt >= 0) (list.children[focusAt]?.querySelector('button:not(:disabled)') as HTMLElement | null)?.focus();
  };
  render();
  fieldset.append(list, live);
  // only now that the list stands: a browser that failed above keeps the pickers
  for (const p of picks) p.hidden = true;
}

// --- every learner page --------------------------------------------------------------------------

/** Due dates: the server writes Vietnam's time; the device shows its own. */
for (const time of document.querySelectorAll<HTMLTimeElement>('time[data-local]')) {
  const at = new Date(time.dateTime);
  if (!Number.isNaN(at.getTime()))
    time.textContent = at.toLocaleString('vi-VN', { dateStyle: 'medium', timeStyle: 'short' });
}

/** The service worker: pages kept for offline study, and modules stored on request (issue 16). */
function worker(): void {
  if (!('serviceWorker' in navigator)) return;
  const sw = navigator.serviceWorker;
  addEventListener('load', () => void sw.register('/service-worker.js').catch(() => {}));
  sw.addEventListener('message', (event: MessageEvent<{ type?: string; titles?: string[] }>) => {
    if (event.data?.type === 'updated')
      notice((texts.updated ?? '').replace('{titles}', (event.data.titles ?? []).join(', ')));
  });
}

/** A chance to send what is kept and to update stored modules: the page opened, came back, or the network did. */
function chance(): void {
  void flush();
  navigator.serviceWorker?.controller?.postMessage({ type: 'refresh' });
}

// A browser without these keeps the plain form, which works on its own.
if (typeof fetch === 'function' && typeof FormData === 'function' && typeof URLSearchParams === 'function') {
  if (quiz) enhanceQuiz(quiz);
  worker();
  void adopt().then(chance);
  addEventListener('online', chance);
  addEventListener('focus', chance);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') chance();
  });
}
