/**
 * Downloads for offline study (issue 16), on the module page ("Tải về để học khi không có mạng",
 * with the size before, the progress during, "Đã tải" and a remove button after) and the page that
 * lists what this device stored (/da-tai). The service worker does the storing (src/service-worker.ts);
 * this reads the caches and asks it. Loaded on those two pages only, so a lesson's first visit does
 * not carry it. Every text comes from the page's data attributes.
 */
import {
  META_URL,
  MODULE_CACHE,
  QUIZ_PAGES_PER_LESSON,
  type DownloadManifest,
  type FromWorker,
  type ModuleMeta,
} from '../offline/names';

const size = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** The modules stored on this device, with the cache each is in. */
async function stored(): Promise<{ name: string; meta: ModuleMeta }[]> {
  const out = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith(MODULE_CACHE)) continue;
    const meta = (await (
      await (await caches.open(name)).match(META_URL)
    )
      ?.json()
      .catch(() => null)) as ModuleMeta | null;
    if (meta) out.push({ name, meta });
  }
  return out;
}

const removeModule = async (id: string) => {
  for (const name of await caches.keys()) if (name.startsWith(`${MODULE_CACHE}${id}:`)) await caches.delete(name);
};

/** The module page's download box. */
async function downloadBox(box: HTMLElement): Promise<void> {
  const id = box.dataset.download!;
  const d = box.dataset;
  const status = box.querySelector<HTMLElement>('[data-status]')!;
  const get = box.querySelector<HTMLButtonElement>('[data-get]')!;
  const remove = box.querySelector<HTMLButtonElement>('[data-remove]')!;
  const bar = box.querySelector('progress')!;
  const sw = navigator.serviceWorker;

  const show = async () => {
    const mine = (await stored()).find((s) => s.meta.id === id);
    bar.hidden = true;
    get.disabled = false;
    if (mine) {
      status.textContent = (d.stored ?? '').replace('{size}', size(mine.meta.bytes));
      get.hidden = true;
      remove.hidden = false;
      return;
    }
    remove.hidden = true;
    get.hidden = false;
    status.textContent = '';
    try {
      const m = (await (await fetch(`/hoc/${id}/tai-ve.json`)).json()) as DownloadManifest;
      const bytes =
        m.files.reduce((n, f) => n + f.bytes, 0) + m.lessons.length * QUIZ_PAGES_PER_LESSON * m.quizPageBytes;
      get.textContent = (d.get ?? '').replace('{size}', size(bytes));
    } catch {
      get.textContent = (d.get ?? '').replace(' ({size})', '');
    }
  };

  sw.addEventListener('message', (event: MessageEvent<FromWorker>) => {
    const m = event.data;
    if (!('id' in m) || m.id !== id) return;
    if (m.type === 'progress') {
      const percent = Math.round((m.done / m.total) * 100);
      bar.value = percent;
      status.textContent = (d.getting ?? '').replace('{n}', String(percent));
    } else if (m.type === 'failed') {
      status.textContent = d.failed ?? '';
      bar.hidden = true;
      get.disabled = false;
    } else void show();
  });
  get.addEventListener('click', async () => {
    get.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    status.textContent = (d.getting ?? '').replace('{n}', '0');
    (await sw.ready).active?.postMessage({ type: 'download', id });
  });
  remove.addEventListener('click', async () => {
    await removeModule(id);
    await show();
  });
  box.hidden = false;
  await show();
}

/** The list of what is stored, on /da-tai. */
async function storedList(root: HTMLElement): Promise<void> {
  const d = root.dataset;
  const ul = root.querySelector('ul')!;
  const sum = root.querySelector<HTMLElement>('[data-sum]')!;
  const all = await stored();
  ul.textContent = '';
  if (!all.length) {
    const li = document.createElement('li');
    li.textContent = d.none ?? '';
    ul.append(li);
  }
  for (const { meta } of all) {
    const li = document.createElement('li');
    li.className = 'card stack';
    const a = document.createElement('a');
    a.href = `/hoc/${meta.id}`;
    a.textContent = meta.title;
    const p = document.createElement('p');
    p.className = 'small muted';
    p.textContent = (d.item ?? '')
      .replace('{size}', size(meta.bytes))
      .replace('{date}', new Date(meta.storedAt).toLocaleDateString('vi-VN'));
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'button secondary';
    b.textContent = d.remove ?? '';
    b.addEventListener('click', async () => {
      await removeModule(meta.id);
      await storedList(root);
    });
    li.append(a, p, b);
    ul.append(li);
  }
  const total = all.reduce((n, s) => n + s.meta.bytes, 0);
  sum.textContent = all.length ? (d.total ?? '').replace('{size}', size(total)) : '';
}

if (typeof caches !== 'undefined' && 'serviceWorker' in navigator) {
  for (const box of document.querySelectorAll<HTMLElement>('[data-download]')) void downloadBox(box);
  for (const root of document.querySelectorAll<HTMLElement>('[data-stored-list]')) void storedList(root);
}
