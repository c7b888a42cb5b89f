import type { Page } from 'playwright-core';

/** How many attempts the page's outbox holds (IndexedDB `hvs-outbox`, lib/enhance/outbox.ts). */
export function outboxSize(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('hvs-outbox');
        // as idb-keyval creates it, so that the page's own open later finds the store
        open.onupgradeneeded = () => open.result.createObjectStore('attempts');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('attempts').objectStore('attempts').count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
          count.onerror = () => reject(count.error);
        };
      }),
  );
}
