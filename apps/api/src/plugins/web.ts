import fp from 'fastify-plugin';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { constants as zlib } from 'node:zlib';
import compression from 'compression';
import { CLIENT_ADDRESS_HEADER } from '@hvs/contracts';
import type { IncomingMessage, ServerResponse } from 'node:http';

type KitHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

/** The in-process way for the web's server code to call this API (see apps/web/src/hooks.server.ts). */
export const API_BRIDGE = Symbol.for('hvs.api.fetch');

/**
 * Serves the SvelteKit build (adapter-node) on the same origin as the API: every request that no
 * API route takes goes to the Kit handler, which serves prerendered lessons, assets and pages.
 */
export default fp<{ dir: string; publicOrigin: string | null }>(
  async (app, { dir, publicOrigin }) => {
    const entry = join(dir, 'handler.js');
    if (!existsSync(entry)) {
      app.log.warn(`web build not found at ${entry}: serving the API only (run pnpm build)`);
      return;
    }
    // adapter-node reads these at import. We serve plain HTTP ourselves; a proxy that terminates TLS
    // sets x-forwarded-proto, and Kit needs the true protocol to check form submissions' Origin.
    process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
    process.env.HOST_HEADER ??= 'host';
    // With a known public address Kit takes its URL from it, not from the Host header (the same rule
    // as the API's Origin check and join links, plugins/origin.ts).
    if (publicOrigin) process.env.ORIGIN ??= publicOrigin;
    const { handler } = (await import(pathToFileURL(entry).href)) as { handler: KitHandler };

    (globalThis as Record<symbol, unknown>)[API_BRIDGE] = async (request: Request): Promise<Response> => {
      const url = new URL(request.url);
      // In-process: nothing to gain from compressing, and the Response below would not decode it.
      const headers = Object.fromEntries(request.headers);
      headers['accept-encoding'] = 'identity';
      // fetch() may not set Host: the API builds join links from it (when PUBLIC_ORIGIN is unset)
      headers.host ??= url.host;
      // The page's visitor, as the web server saw them: the API's per-address limits count them, not this process.
      const client = headers[CLIENT_ADDRESS_HEADER];
      delete headers[CLIENT_ADDRESS_HEADER];
      const res = await app.inject({
        method: request.method as 'GET',
        url: url.pathname + url.search,
        headers,
        ...(client ? { remoteAddress: client } : {}),
        ...(request.body ? { payload: Buffer.from(await request.arrayBuffer()) } : {}),
      });
      const answer = new Headers();
      for (const [k, v] of Object.entries(res.headers)) {
        if (v === undefined) continue;
        for (const one of Array.isArray(v) ? v : [String(v)]) answer.append(k, one);
      }
      return new Response(res.statusCode === 204 || res.statusCode === 304 ? null : res.rawPayload, {
        status: res.statusCode,
        headers: answer,
      });
    };

    // Server-rendered pages (the quiz, results, dashboards) are compressed here; prerendered lessons
    // and assets are already, by adapter-node's precompressed files, and pass through untouched.
    const compress = compression({
      threshold: 1024,
      brotli: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
    }) as unknown as (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

    await app.register(async (scope) => {
      // Leave request bodies unread: the Kit handler reads form posts itself.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
      scope.route({
        method: ['GET', 'HEAD', 'POST'],
        url: '/*',
        config: { access: 'public' },
        schema: { hide: true },
        handler: (request, reply) => {
          if (request.url.startsWith('/api/')) return reply.callNotFound();
          reply.hijack();
          if (!request.headers['x-forwarded-proto']) request.raw.headers['x-forwarded-proto'] = request.protocol;
          compress(request.raw, reply.raw, () =>
            handler(request.raw, reply.raw, () => {
              reply.raw.statusCode = 404;
              reply.raw.end('Not found');
            }),
          );
        },
      });
    });
  },
  { name: 'web' },
);
