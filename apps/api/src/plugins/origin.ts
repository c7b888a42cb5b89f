import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';

import { AppError } from '../errors.ts';

/** a DNS name or IPv4 or a bracketed IPv6, with an optional port (length checked apart: 253 + port) */
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i;
const plausibleHost = (host: string) => host.length <= 259 && HOST.test(host);

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyInstance {
    /** scheme://host[:port] people use to reach the platform: PUBLIC_ORIGIN, or this request's own */
    originOf(request: FastifyRequest): string;
  }
}

/**
 * Cookies identify the learner, so a write carrying cookies must come from a page of this origin.
 * Browsers send `Origin` on cross-site writes; clients without it (curl, apps) are not browsers.
 * With PUBLIC_ORIGIN set the Origin must be exactly it, and links (join QR codes) are built from it:
 * the Host header is whatever the client or a misconfigured proxy says, so it is trusted only when
 * nothing better is configured.
 */
export default fp<{ publicOrigin: string | null }>(
  async (app, { publicOrigin }) => {
    app.decorate('originOf', (request: FastifyRequest) => {
      if (publicOrigin) return publicOrigin;
      // Without PUBLIC_ORIGIN the Host header names the site: only a plausible host name is used
      // (a 5,000-character Host made the class QR code fail with a 500).
      if (!plausibleHost(request.host))
        throw new AppError(400, 'host_invalid', 'The Host header is not a valid host name; set PUBLIC_ORIGIN');
      return `${request.protocol}://${request.host}`;
    });
    app.addHook('onRequest', async (request) => {
      if (SAFE.has(request.method) || !request.url.startsWith('/api/')) return;
      const origin = request.headers.origin;
      if (!origin || !request.headers.cookie) return;
      let given: URL;
      try {
        given = new URL(origin);
      } catch {
        throw new AppError(403, 'forbidden_origin', 'Malformed Origin header');
      }
      const same = publicOrigin ? given.origin === publicOrigin : given.host === request.host;
      if (!same) throw new AppError(403, 'forbidden_origin', 'Cross-origin write refused');
    });
  },
  { name: 'origin' },
);
