// What this device stored (lib/enhance/offline.ts lists it from the caches): the same page for
// everyone, stored by the service worker at install, so it opens without network.
export const prerender = true;
export const csr = false;
