// The page the service worker shows for a navigation without network (src/service-worker.ts): the
// same for everyone, stored at install, no framework.
export const prerender = true;
export const csr = false;
