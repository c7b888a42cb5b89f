import type { Handle, HandleFetch, RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { CLIENT_ADDRESS_HEADER, COOKIE, cookieAttributes } from '@hvs/contracts';

type Bridge = (request: Request) => Promise<Response>;
const bridge = () => (globalThis as Record<symbol, Bridge | undefined>)[Symbol.for('hvs.api.fetch')];

/** Sends a request to the API: in-process when the API serves this app (npm start), else over HTTP (vite dev). */
function toApi(request: Request, fetcher: typeof fetch = fetch): Promise<Response> {
  const inProcess = bridge();
  if (inProcess) return inProcess(request);
  const url = new URL(request.url);
  return fetcher(new Request(new URL(url.pathname + url.search, env.API_ORIGIN ?? 'http://127.0.0.1:3001'), request));
}

/** The cookie header the API should see for this page request (updated when the session was renewed). */
const cookieHeader = (event: RequestEvent) => event.locals.cookie ?? event.request.headers.get('cookie');

function expired(jwt: string): boolean {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
    return !payload.exp || payload.exp * 1000 < Date.now() + 10_000;
  } catch {
    return true;
  }
}

/**
 * Takes the session cookies the API set on a renewal: the browser gets them with the page, and the
 * API calls later in this same render send them (event.locals.cookie).
 */
function keepSessionCookies(event: RequestEvent, res: Response) {
  const jar = new Map(
    (cookieHeader(event) ?? '')
      .split(/;\s*/)
      .filter(Boolean)
      .map((c) => c.split('=', 2) as [string, string]),
  );
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';');
    const [name, value = ''] = pair!.split('=', 2) as [string, string];
    const maxAge = Number(/max-age=(-?\d+)/i.exec(attributes.join(';'))?.[1] ?? 0);
    event.cookies.set(name.trim(), value, cookieAttributes(event.url.protocol === 'https:', maxAge));
    if (maxAge > 0 && value) jar.set(name.trim(), value);
    else jar.delete(name.trim());
  }
  event.locals.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/**
 * Before rendering a page for a signed-in learner whose short-lived access token has run out, renew
 * the session once, so server-rendered pages see the learner (not a stranger) and the browser gets
 * the new cookies with the page.
 */
export const handle: Handle = async ({ event, resolve }) => {
  const access = event.cookies.get(COOKIE.access);
  if (event.cookies.get(COOKIE.refresh) && (!access || expired(access)) && !event.url.pathname.startsWith('/api/')) {
    const res = await toApi(
      new Request(new URL('/api/v1/auth/refresh', event.url), {
        method: 'POST',
        headers: { cookie: event.request.headers.get('cookie') ?? '', origin: event.url.origin },
      }),
    );
    keepSessionCookies(event, res);
  }
  return resolve(event);
};

/**
 * Server-side loads call the API by its public path (/api/…), with the learner's own cookies, as a
 * browser's same-origin fetch would send them (SvelteKit adds them only in the fetch it hands us,
 * which the in-process bridge does not use). A renewal during the render ($lib/api.ts renews once on
 * a 403, for a role granted since the token was made) keeps its new cookies for the calls after it.
 */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  if (url.origin !== event.url.origin || !url.pathname.startsWith('/api/')) return fetch(request);
  const cookie = cookieHeader(event);
  if (cookie && !request.headers.has('cookie')) request.headers.set('cookie', cookie);
  const authorization = event.request.headers.get('authorization');
  if (authorization && !request.headers.has('authorization')) request.headers.set('authorization', authorization);
  // The visitor's address, for the API's per-address limits (public certificate look-ups); only the
  // in-process bridge reads it (plugins/web.ts), a request over HTTP cannot set it.
  try {
    request.headers.set(CLIENT_ADDRESS_HEADER, event.getClientAddress());
  } catch {
    // prerendering: no visitor
  }
  const res = await toApi(request, fetch);
  if (url.pathname === '/api/v1/auth/refresh' && res.ok) keepSessionCookies(event, res);
  return res;
};
