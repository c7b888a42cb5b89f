import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookies identify the learner, so a write carrying cookies must come from a page of this origin.
 * Browsers send `Origin` on cross-site writes; clients without it (curl, apps) are not browsers.
 */
export default fp(
  async (app) => {
    app.addHook('onRequest', async (request) => {
      if (SAFE.has(request.method) || !request.url.startsWith('/api/')) return;
      const origin = request.headers.origin;
      if (!origin || !request.headers.cookie) return;
      let host: string;
      try {
        host = new URL(origin).host;
      } catch {
        throw new AppError(403, 'forbidden_origin', 'Malformed Origin header');
      }
      if (host !== request.host) throw new AppError(403, 'forbidden_origin', 'Cross-origin write refused');
    });
  },
  { name: 'origin' },
);
