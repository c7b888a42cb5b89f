/**
 * The outbox: quiz answers kept on this device until the server has acknowledged them (issue 16).
 * IndexedDB through idb-keyval (a few hundred bytes), keyed by the attempt id the browser made, so
 * keeping the same attempt twice keeps it once and a resend is harmless on the server. Where
 * IndexedDB is missing or refused (some private modes, old WebViews) it falls back to localStorage,
 * where the earlier versions kept it; what those hold moves into IndexedDB on the next page.
 * Shared by the learner pages' script and the account page (what is still waiting before sign-out).
 */
import { createStore, del, set, setMany, update, values, type UseStore } from 'idb-keyval';
import { OUTBOX_DB, OUTBOX_STORE, STATE_DB, STATE_STORE } from '../offline/names';

export type Entry = {
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
  /** the questions and the answers given, as the page showed them (the saved view, offline) */
  summary?: { q: string; a: string }[];
};

const KEY = 'hvs.outbox.v2';
const OLD_KEY = 'hvs.outbox.v1';

let db: UseStore | null = null;
try {
  if (typeof indexedDB !== 'undefined') db = createStore(OUTBOX_DB, OUTBOX_STORE);
} catch {
  db = null;
}

function readLocal(): Entry[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as Entry[];
  } catch {
    return [];
  }
}

function writeLocal(entries: Entry[]): void {
  try {
    if (entries.length || localStorage.getItem(KEY) !== null) localStorage.setItem(KEY, JSON.stringify(entries));
  } catch {
    // storage full or disabled: the attempt is still sent now, it just cannot wait for the network
  }
}

/** Runs `work` on IndexedDB; if the browser refuses it, from then on localStorage does the job. */
async function withDb<T>(work: (store: UseStore) => Promise<T>, otherwise: () => T): Promise<T> {
  if (db) {
    try {
      return await work(db);
    } catch {
      db = null;
    }
  }
  return otherwise();
}

/** Everything kept, oldest first. */
export async function list(): Promise<Entry[]> {
  const kept = await withDb((s) => values<Entry>(s), readLocal);
  return kept.sort((a, b) => (a.queuedAt < b.queuedAt ? -1 : 1));
}

export const keep = (entry: Entry) =>
  withDb(
    (s) => set(entry.id, entry, s),
    () => writeLocal([...readLocal().filter((e) => e.id !== entry.id), entry]),
  );

export const drop = (id: string) =>
  withDb(
    (s) => del(id, s),
    () => writeLocal(readLocal().filter((e) => e.id !== id)),
  );

/**
 * Moves what the earlier outboxes hold (localStorage: `v2` form entries, `v1` JSON bodies) into this
 * one, once; they are removed only after IndexedDB has them.
 */
export async function adopt(): Promise<void> {
  let old: Entry[] = readLocal();
  try {
    const v1 = JSON.parse(localStorage.getItem(OLD_KEY) ?? '[]') as {
      body: Record<string, unknown> & { id: string; lessonId: string };
      queuedAt: string;
    }[];
    old = [
      ...old,
      ...v1.map(({ body, queuedAt }) => ({
        id: body.id,
        json: body,
        result: `/bai-hoc/${body.lessonId}/ket-qua/${body.id}`,
        queuedAt,
      })),
    ];
  } catch {
    // nothing readable to adopt
  }
  if (!old.length) return;
  if (!db) {
    writeLocal(old);
    localStorage.removeItem(OLD_KEY);
    return;
  }
  try {
    await setMany(
      old.map((e) => [e.id, e]),
      db,
    );
    localStorage.removeItem(KEY);
    localStorage.removeItem(OLD_KEY);
  } catch {
    db = null;
  }
}

/**
 * Attempt ids of stored quiz pages (downloaded modules) answered on this device: the service worker
 * serves each of them once.
 */
export async function markUsed(id: string): Promise<void> {
  try {
    if (typeof indexedDB === 'undefined') return;
    await update<string[]>(
      'used',
      (u = []) => [...u.filter((x) => x !== id), id].slice(-500),
      createStore(STATE_DB, STATE_STORE),
    );
  } catch {
    // no IndexedDB: no service worker either
  }
}
