/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
/**
 * The service worker (issue 16): the learner's pages when there is no network.
 *
 * - `hvs-shell-<build>`: the offline page and the stored-lessons page, with what they link to,
 *   fetched at install; a navigation the network cannot answer gets the offline page, in Vietnamese,
 *   never the browser's own error page.
 * - `hvs-pages-<build>`, `hvs-assets-<build>`: lesson and module pages read online (network first),
 *   and the content-hashed assets and lesson images (cache first), so a reload without signal works.
 * - `hvs-module:<id>:<content version>`: a module the learner downloaded (its pages, images, and for
 *   each lesson a few quiz pages, each with its own attempt id: the draw is reproducible from it, and
 *   keys never leave the server). Replaced whole when the module's content version changes, on the
 *   next connection, and the pages say so.
 *
 * Caches of an earlier build are removed when this one activates. Strategies are Serwist's; its
 * all-in-one `Serwist` class (precache manifest, routing) would be 10 KB compressed on a phone's first
 * visit, the whole of the offline budget, for the two pages precached here. Attempts are not sent
 * from here: the outbox lives in the pages (lib/enhance/outbox.ts), Background Sync is missing on
 * too many phones.
 */
import { version } from '$service-worker';
import { CacheFirst, NetworkFirst } from 'serwist';
import { createStore, get, keys, set } from 'idb-keyval';
import {
  META_URL,
  MODULE_CACHE,
  OUTBOX_DB,
  OUTBOX_STORE,
  QUIZ_PAGES_PER_LESSON,
  STATE_DB,
  STATE_STORE,
  type DownloadManifest,
  type FromWorker,
  type ModuleMeta,
  type ToWorker,
} from '$lib/offline/names';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `hvs-shell-${version}`;
const PAGES = `hvs-pages-${version}`;
const ASSETS = `hvs-assets-${version}`;
const OFFLINE = '/ngoai-tuyen';
const STORED_LIST = '/da-tai';
const SHELL_PAGES = [OFFLINE, STORED_LIST];
const state = createStore(STATE_DB, STATE_STORE);
const outbox = createStore(OUTBOX_DB, OUTBOX_STORE);

/** A page served only while it answers well; a server restarting (5xx) is no better than no network. */
const onlyGood = { cacheWillUpdate: async ({ response }: { response: Response }) => (response.ok ? response : null) };
const pages = new NetworkFirst({ cacheName: PAGES, networkTimeoutSeconds: 8, plugins: [onlyGood] });
const assets = new CacheFirst({ cacheName: ASSETS, plugins: [onlyGood] });

/**
 * What a page links to that it needs offline: stylesheets, the learner scripts, lesson images. Kit
 * writes prerendered pages' asset links relative to the page (`../_app/…`).
 */
const linked = (html: string, page: string) => [
  ...new Set(
    [...html.matchAll(/(?:href|src)="((?:\.{0,2}\/)+(?:_app\/immutable|noi-dung)\/[^"?#]+)"/g)].map(
      (m) => new URL(m[1]!, new URL(page, location.origin)).pathname,
    ),
  ),
];

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      // Only the offline page at install: every byte here is added to a phone's first visit. The
      // list of stored modules is kept with the first module downloaded (store() below).
      await keepShellPage(OFFLINE);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name.startsWith('hvs-') && !name.startsWith(MODULE_CACHE) && ![SHELL, PAGES, ASSETS].includes(name))
          await caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') event.respondWith(navigate(event, url));
  else if (url.pathname.startsWith('/_app/immutable/') || url.pathname.startsWith('/noi-dung/'))
    event.respondWith(caches.match(request).then((hit) => hit ?? assets.handle({ event, request })));
});

async function keepShellPage(url: string): Promise<void> {
  const cache = await caches.open(SHELL);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${res.status} ${url}`);
  await cache.addAll(linked(await res.clone().text(), url));
  await cache.put(url, res);
}

function timeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
}

async function navigate(event: FetchEvent, url: URL): Promise<Response> {
  const path = url.pathname;
  const lesson = /^\/bai-hoc\/[a-z0-9-]+$/.test(path);
  try {
    const res =
      lesson || path.startsWith('/hoc/') || SHELL_PAGES.includes(path)
        ? await pages.handle({ event, request: event.request })
        : // a quiz has stored pages to fall back on: do not wait for a network that is barely there
          await timeout(fetch(event.request), /\/kiem-tra$/.test(path) ? 10_000 : 30_000);
    if (res.status < 500) {
      if (lesson) void set('last', path, state).catch(() => {});
      return res;
    }
  } catch {
    // no network: below
  }
  return offline(url);
}

/** A navigation without network: a stored page if there is one, else the offline page. */
async function offline(url: URL): Promise<Response> {
  const path = url.pathname;
  const quiz = /^\/bai-hoc\/([a-z0-9-]+)\/kiem-tra$/.exec(path);
  if (quiz && !url.search) {
    const page = await storedQuiz(quiz[1]!);
    if (page) return page;
  }
  // The installed app opens at "/": without network, at the lesson read last, if it is stored.
  if (path === '/') {
    const last = await get<string>('last', state).catch(() => undefined);
    if (last && (await caches.match(last))) return Response.redirect(new URL(last, location.origin).href, 302);
  }
  const hit = await caches.match(path);
  if (hit) {
    if (/^\/bai-hoc\/[a-z0-9-]+$/.test(path)) void set('last', path, state).catch(() => {});
    return hit;
  }
  return (
    (await caches.match(OFFLINE)) ??
    new Response('Không có kết nối mạng.', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } })
  );
}

async function storedModules(): Promise<{ name: string; cache: Cache; meta: ModuleMeta | null }[]> {
  const out = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith(MODULE_CACHE)) continue;
    const cache = await caches.open(name);
    const meta = ((await (await cache.match(META_URL))?.json().catch(() => null)) ?? null) as ModuleMeta | null;
    out.push({ name, cache, meta });
  }
  return out;
}

/** Attempt ids of stored quiz pages already answered on this device (sent or waiting). */
async function usedAttempts(): Promise<Set<string>> {
  const used = (await get<string[]>('used', state).catch(() => undefined)) ?? [];
  const waiting = (await keys(outbox).catch(() => [])) as string[];
  return new Set([...used, ...waiting]);
}

/** A stored quiz page of the lesson whose attempt id has not been answered yet. */
async function storedQuiz(lessonId: string): Promise<Response | undefined> {
  const used = await usedAttempts();
  for (const { cache, meta } of await storedModules()) {
    const id = meta?.quizzes[lessonId]?.find((a) => !used.has(a));
    if (id) return cache.match(`/bai-hoc/${lessonId}/kiem-tra?lan=${id}`);
  }
  return undefined;
}

const uuid = () =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
        (Number(c) ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (Number(c) / 4)))).toString(16),
      );

const manifestOf = async (id: string) =>
  (await (await fetch(`/hoc/${id}/tai-ve.json`, { cache: 'no-cache' })).json()) as DownloadManifest;

/**
 * Stores a module in a new cache named by its content version, and only then removes the version
 * stored before: a download cut short leaves the earlier one as it was.
 */
const downloading = new Set<string>();

async function download(id: string, say: (m: FromWorker) => void, given?: DownloadManifest): Promise<void> {
  const manifest = given ?? (await manifestOf(id));
  const name = `${MODULE_CACHE}${id}:${manifest.version}`;
  if (downloading.has(name)) return;
  downloading.add(name);
  try {
    await store(id, name, manifest, say);
  } finally {
    downloading.delete(name);
  }
}

async function store(id: string, name: string, manifest: DownloadManifest, say: (m: FromWorker) => void) {
  await caches.delete(name);
  const cache = await caches.open(name);
  let bytes = 0;
  try {
    // Each stored quiz page carries its own attempt id; the server draws the items from it.
    // (Issue 13 may have the server issue these ids: this is the one place that makes them.)
    const quizzes: Record<string, string[]> = {};
    const urls = [`/hoc/${id}`, ...manifest.files.map((f) => f.url)];
    for (const lesson of manifest.lessons) {
      quizzes[lesson.id] = Array.from({ length: QUIZ_PAGES_PER_LESSON }, uuid);
      urls.push(...quizzes[lesson.id]!.map((a) => `/bai-hoc/${lesson.id}/kiem-tra?lan=${a}`));
    }
    let done = 0;
    for (let i = 0; i < urls.length; i++) {
      const url = urls[i]!;
      const res = await fetch(url, { cache: 'no-cache' });
      if (!res.ok) throw new Error(`${res.status} ${url}`);
      const body = await res.clone().blob();
      bytes += body.size;
      // the pages rendered for the learner (module, quizzes) link stylesheets of their own
      if (res.headers.get('content-type')?.startsWith('text/html'))
        for (const asset of linked(await body.text(), url)) if (!urls.includes(asset)) urls.push(asset);
      await cache.put(url, res);
      say({ type: 'progress', id, done: ++done, total: urls.length, bytes });
    }
    const meta: ModuleMeta = {
      id,
      title: manifest.title,
      version: manifest.version,
      bytes,
      storedAt: new Date().toISOString(),
      quizzes,
    };
    await cache.put(META_URL, new Response(JSON.stringify(meta), { headers: { 'content-type': 'application/json' } }));
  } catch (e) {
    await caches.delete(name);
    throw e;
  }
  for (const other of await caches.keys())
    if (other.startsWith(`${MODULE_CACHE}${id}:`) && other !== name) await caches.delete(other);
  // the list of what is stored, kept with the first module rather than on every first visit
  await keepShellPage(STORED_LIST).catch(() => {});
  say({ type: 'stored', id, bytes });
}

let checkedAt = 0;
/**
 * On a connection (the pages ask on open, on reconnect, on focus): a stored module whose content
 * changed, or whose stored quiz pages are all answered, is stored again; the pages say so.
 */
async function refresh(): Promise<void> {
  if (Date.now() - checkedAt < 10_000) return;
  checkedAt = Date.now();
  const used = await usedAttempts();
  const titles: string[] = [];
  for (const { name, meta } of await storedModules()) {
    const [, id = '', version] = name.split(':');
    if (downloading.has(name)) continue;
    if (!meta) {
      await caches.delete(name); // a download that did not finish (the worker was stopped)
      continue;
    }
    const manifest = await manifestOf(id); // offline: throws, and the check waits for the next chance
    const spent = Object.values(meta.quizzes).some((ids) => ids.every((a) => used.has(a)));
    if (manifest.version === version && !spent) continue;
    await download(id, () => {}, manifest);
    if (manifest.version !== version) titles.push(manifest.title);
  }
  if (titles.length)
    for (const client of await sw.clients.matchAll({ type: 'window' }))
      client.postMessage({ type: 'updated', titles } satisfies FromWorker);
}

sw.addEventListener('message', (event) => {
  const message = event.data as ToWorker | undefined;
  const client = event.source as Client | null;
  const say = (m: FromWorker) => client?.postMessage(m);
  if (message?.type === 'download')
    event.waitUntil(download(message.id, say).catch(() => say({ type: 'failed', id: message.id })));
  else if (message?.type === 'refresh') event.waitUntil(refresh().catch(() => {}));
});
