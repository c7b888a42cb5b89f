import type { HandleFetch } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';

type Bridge = (request: Request) => Promise<Response>;
const bridge = () => (globalThis as Record<symbol, Bridge | undefined>)[Symbol.for('hvs.api.fetch')];

/**
 * Server-side loads call the API by its public path (/api/…). When the API process serves this app
 * (npm start), the call stays in-process through the bridge it installs (apps/api/src/plugins/web.ts);
 * in `vite dev` it goes to the API dev server at API_ORIGIN.
 */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  if (url.origin !== event.url.origin || !url.pathname.startsWith('/api/')) return fetch(request);
  // The learner's own cookies go with the call, as a browser's same-origin fetch would send them
  // (SvelteKit adds them only in the fetch it hands us, which we do not use for the bridge).
  for (const name of ['cookie', 'authorization']) {
    const value = event.request.headers.get(name);
    if (value && !request.headers.has(name)) request.headers.set(name, value);
  }
  const inProcess = bridge();
  if (inProcess) return inProcess(request);
  const target = new URL(url.pathname + url.search, env.API_ORIGIN ?? 'http://127.0.0.1:3001');
  return fetch(new Request(target, request));
};
