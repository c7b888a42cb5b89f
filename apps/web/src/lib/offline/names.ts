/**
 * Names the service worker (src/service-worker.ts) and the learner pages' scripts (lib/enhance/)
 * share: caches, IndexedDB stores, messages. Plain constants, so both bundles stay small.
 */

/** A downloaded module: `hvs-module:<moduleId>:<content version>`; replaced whole when the version changes. */
export const MODULE_CACHE = 'hvs-module:';
/** The entry of a module cache that describes it (ModuleMeta), stored beside its pages. */
export const META_URL = '/__hvs/module.json';
/** How many quiz pages, each with its own attempt id, a download keeps per lesson. */
export const QUIZ_PAGES_PER_LESSON = 2;

/** What a module's download manifest (/hoc/<id>/tai-ve.json, prerendered) says. */
export type DownloadManifest = {
  id: string;
  title: string;
  /** hash of every stored byte that is the same for everyone: lesson pages, their assets, images */
  version: string;
  lessons: { id: string; title: string }[];
  files: { url: string; bytes: number }[];
  /** an estimate of one quiz page (rendered per learner at download, so not known before) */
  quizPageBytes: number;
};

/** What a module cache holds, as META_URL. */
export type ModuleMeta = {
  id: string;
  title: string;
  version: string;
  bytes: number;
  storedAt: string;
  /** lesson id → the attempt ids of its stored quiz pages (`/bai-hoc/<id>/kiem-tra?lan=<attempt id>`) */
  quizzes: Record<string, string[]>;
};

/** The outbox: attempt id → entry (lib/enhance/outbox.ts). */
export const OUTBOX_DB = 'hvs-outbox';
export const OUTBOX_STORE = 'attempts';
/** Small device state: `last` (the last lesson read), `used` (attempt ids of stored quiz pages answered). */
export const STATE_DB = 'hvs-state';
export const STATE_STORE = 'kv';

/** Page → worker. */
export type ToWorker = { type: 'download'; id: string } | { type: 'refresh' };
/** Worker → page. */
export type FromWorker =
  | { type: 'progress'; id: string; done: number; total: number; bytes: number }
  | { type: 'stored'; id: string; bytes: number }
  | { type: 'failed'; id: string }
  | { type: 'updated'; titles: string[] };
