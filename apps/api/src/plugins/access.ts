import fp from 'fastify-plugin';
import type { Role } from '../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { currentAccount, issuedBeforeEnd } from '../services/current-account.ts';

/**
 * Who may call a route. Every route declares it in `config.access`; registering a route without one
 * fails at start-up, so no route is ever open by accident. Services then check scope (own data, own
 * class, own unit and below).
 * - public: anyone
 * - learner: anyone who learns: a guest (device id) or a signed-in user
 * - user: a signed-in user
 * - a role: a signed-in user holding that role for some unit (the service checks which)
 */
export type Access = 'public' | 'learner' | 'user' | Role;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** every route with its access rule, for the access-control test and the docs */
    accessTable: { method: string; url: string; access: Access }[];
  }
}

export default fp(
  async (app) => {
    const table: { method: string; url: string; access: Access }[] = [];
    app.decorate('accessTable', table);
    app.addHook('onRoute', (route) => {
      const access = route.config?.access;
      if (!access) throw new Error(`Route ${route.method} ${route.url} declares no access rule (config.access)`);
      for (const method of [route.method].flat()) table.push({ method, url: route.url, access });
    });
    // After the caller is known (onRequest) and before the body is read: refusals come first.
    app.addHook('preParsing', async (request, _reply, payload) => {
      const access = request.routeOptions.config.access;
      if (!access || access === 'public') return payload;
      // A token that did not verify is never taken for a guest: the client refreshes it or signs in.
      if (request.authProblem)
        throw new AppError(401, request.authProblem, 'Access token refused: refresh it or sign in');
      // Roles as granted now, not as written in the token; a deleted account or ended session is refused.
      if (request.actor?.kind === 'user') {
        const account = await currentAccount(request.server.db, request.actor.userId);
        if (!account || issuedBeforeEnd(request.tokenIssuedAt, account.sessionsEndedAt))
          throw new AppError(401, 'unauthenticated', 'This session has ended: sign in again');
        request.actor.roles = account.roles;
      }
      if (access === 'learner') return payload;
      const actor = request.actor;
      if (actor?.kind !== 'user') throw new AppError(401, 'unauthenticated', 'Sign in first');
      if (access !== 'user' && !actor.roles.includes(access)) {
        throw new AppError(403, 'forbidden', `This needs the ${access} role`);
      }
      return payload;
    });
  },
  { name: 'access' },
);
