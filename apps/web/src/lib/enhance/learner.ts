/**
 * The only JavaScript of the learner's pages (home, module, lesson, quiz, result: docs/adr/0007).
 * Those pages are HTML forms and links that work without it; this script makes them forgiving on a
 * bad network and a little nicer to use:
 *
 * - the quiz form is sent through an outbox in localStorage: written before it is sent, removed only
 *   when the server answered, sent again by itself when the device is back online or opens any of
 *   these pages (the attempt id makes a resend harmless), and never twice at the same time;
 * - ordering items get ↑/↓ buttons instead of position pickers; the number of unanswered questions
 *   is shown; due dates are shown in the device's own time.
 *
 * Written by hand, without a framework: it must stay a couple of KB (bench:web), and it only ever
 * sees the server's HTML. Every text it shows comes from that HTML (data attributes rendered from the
 * i18n dictionary), so it holds no language of its own.
 */

type Entry = {
  /** attempt id */
  id: string;
  /** the quiz form, urlencoded, as the server reads it at /api/v1/attempts/form */
  form?: string;
  /** an attempt queued by an earlier version of the app, as JSON for POST /api/v1/attempts */
  json?: Record<string, unknown>;
  /** where the result is shown */
  result: string;
  /**
   * Who answered: `user:<id>` or `guest`. An account's answers go out only while that account is the
   * one on this device (a school computer is shared); a guest's go with whoever is here, as the
   * device's guest progress does when someone signs in. Missing on entries of an earlier version.
   */
  owner?: string;
  queuedAt: string;
};

const KEY = 'hvs.outbox.v2';
const OLD_KEY = 'hvs.outbox.v1';
const FORM_URL = '/api/v1/attempts/form';

/** The request reached the server, which refused it in a way a resend cannot change. */
class Refused extends Error {}

function read(): Entry[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as Entry[];
  } catch {
    return [];
  }
}

function write(entries: Entry[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(entries));
  } catch {
    // storage full or disabled: the attempt is still sent now, it just cannot wait for the network
  }
}

const keep = (entry: Entry) => write([...read().filter((e) => e.id !== entry.id), entry]);
const drop = (id: string) => write(read().filter((e) => e.id !== id));

/** Entries of the earlier outbox (JSON bodies) move into this one once. */
function adoptOldOutbox(): void {
  try {
    const old = JSON.parse(localStorage.getItem(OLD_KEY) ?? '[]') as {
      body: Record<string, unknown> & { id: string; lessonId: string };
      queuedAt: string;
    }[];
    for (const { body, queuedAt } of old)
      keep({ id: body.id, json: body, result: `/bai-hoc/${body.lessonId}/ket-qua/${body.id}`, queuedAt });
    localStorage.removeItem(OLD_KEY);
  } catch {
    // nothing readable to adopt
  }
}

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
  // A 5xx, or a 401 (the learner may sign in again), may go through later: keep it.
  if (res.status >= 500 || res.status === 401) throw new Error(`kept: ${res.status}`);
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
        (e: unknown) => {
          if (e instanceof Refused) drop(entry.id);
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

/** Sends everything kept; on the quiz page of one of them, shows its result when it went through. */
async function flush(): Promise<void> {
  for (const entry of read().filter(mayGoNow)) {
    try {
      await send(entry, true);
      if (quiz?.attemptId === entry.id) showResult(entry.result);
    } catch (e) {
      if (!(e instanceof Refused)) return; // still offline: try again on the next chance
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

function enhanceQuiz({ form, attemptId }: QuizPage): void {
  const submit = form.querySelector<HTMLButtonElement>('[data-submit]')!;
  const offline = form.querySelector<HTMLElement>('[data-offline]')!;
  const idle = submit.textContent;
  let busy = false;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const fields = new FormData(form);
    fields.set('submittedAt', new Date().toISOString());
    const entry: Entry = {
      id: attemptId,
      form: new URLSearchParams(fields as unknown as Record<string, string>).toString(),
      result: form.dataset.result!,
      queuedAt: new Date().toISOString(),
      owner: learner ?? 'guest',
    };
    busy = true;
    submit.disabled = true;
    submit.textContent = submit.dataset.busy ?? idle;
    offline.hidden = true;
    keep(entry);
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
      offline.hidden = false;
      offline.focus();
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

// A browser without these keeps the plain form, which works on its own.
if (typeof fetch === 'function' && typeof FormData === 'function' && typeof URLSearchParams === 'function') {
  adoptOldOutbox();
  if (quiz) enhanceQuiz(quiz);
  void flush();
  addEventListener('online', () => void flush());
}
