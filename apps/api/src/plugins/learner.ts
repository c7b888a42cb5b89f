import fp from 'fastify-plugin';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { COOKIE, DEVICE_COOKIE_MAX_AGE, cookieAttributes, type Role } from '@hvs/contracts';
import type { Actor, UserActor } from '../domain/actor.ts';
import { REFRESH_TTL_SECONDS } from '../domain/session.ts';
import { AppError } from '../errors.ts';

export const DEVICE_COOKIE = COOKIE.device;
export const ACCESS_COOKIE = COOKIE.access;
export const REFRESH_COOKIE = COOKIE.refresh;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

type AccessClaims = { sub: string; roles: Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Reached by the browser itself, not by a script: a file opened as a plain link (a CSV, the JSON
     * export) or a form posted without JavaScript (a quiz that took longer than the access token
     * lives). Nothing can refresh an expired access token first, so the API renews the session
     * itself from the refresh cookie.
     */
    renewSession?: boolean;
  }
  interface FastifyRequest {
    /** the caller, or null: no identity yet, or a token that did not verify (see authProblem) */
    actor: Actor | null;
    /** why a presented access token was refused; such a request is never treated as a guest */
    authProblem: 'token_expired' | 'token_invalid' | null;
    /**
     * The signed-in caller, for routes whose access rule is 'user' or a role (plugins/access.ts has
     * already refused everyone else, so the 401 here is a guard, never the rule).
     */
    signedIn(): UserActor;
  }
}

const cookieOptions = (request: FastifyRequest, maxAge: number) =>
  cookieAttributes(request.protocol === 'https', maxAge);

/** The learner for a write: the caller, or a new guest device id set on the reply. */
export function ensureActor(request: FastifyRequest, reply: FastifyReply): Actor {
  if (request.authProblem) throw new AppError(401, request.authProblem, 'Access token refused: refresh it or sign in');
  if (request.actor) return request.actor;
  const learnerId = randomUUID();
  reply.setCookie(DEVICE_COOKIE, learnerId, cookieOptions(request, DEVICE_COOKIE_MAX_AGE));
  request.actor = { kind: 'guest', learnerId };
  return request.actor;
}

/** Sets the browser's session cookies: a new access token and, when one was issued, the next refresh token. */
export function setSessionCookies(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  session: { userId: string; roles: Role[]; refreshToken: string | null },
): string {
  const accessToken = app.jwt.sign({ sub: session.userId, roles: session.roles });
  // The access cookie outlives its token, so an expired token is answered with 401 token_expired
  // and refreshed, never mistaken for a guest.
  reply.setCookie(ACCESS_COOKIE, accessToken, cookieOptions(request, REFRESH_TTL_SECONDS));
  if (session.refreshToken)
    reply.setCookie(REFRESH_COOKIE, session.refreshToken, cookieOptions(request, REFRESH_TTL_SECONDS));
  return accessToken;
}

/** Gives the device a fresh guest id (after sign-up, sign-in and sign-out the old one is spent). */
export function renewDevice(request: FastifyRequest, reply: FastifyReply) {
  reply.setCookie(DEVICE_COOKIE, randomUUID(), cookieOptions(request, DEVICE_COOKIE_MAX_AGE));
}

function signedIn(this: FastifyRequest): UserActor {
  if (this.actor?.kind !== 'user') throw new AppError(401, 'unauthenticated', 'Sign in first');
  return this.actor;
}

export default fp(
  async (app) => {
    app.decorateRequest('actor', null);
    app.decorateRequest('authProblem', null);
    app.decorateRequest('signedIn', signedIn);
    app.addHook('onRequest', async (request, reply) => {
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7) : request.cookies[ACCESS_COOKIE];
      if (token) {
        try {
          const claims = app.jwt.verify<AccessClaims>(token);
          request.actor = { kind: 'user', learnerId: claims.sub, userId: claims.sub, roles: claims.roles ?? [] };
        } catch (e) {
          request.authProblem =
            (e as { code?: string }).code === 'FAST_JWT_EXPIRED' ? 'token_expired' : 'token_invalid';
        }
        const refresh = request.cookies[REFRESH_COOKIE];
        if (request.authProblem === 'token_expired' && request.routeOptions.config.renewSession && refresh && !header) {
          // A teacher who left the board open for an hour still gets the file, not {"code":"token_expired"}.
          try {
            const session = await app.services.auth.refresh(refresh);
            setSessionCookies(app, request, reply, session);
            request.actor = { kind: 'user', learnerId: session.userId, userId: session.userId, roles: session.roles };
            request.authProblem = null;
          } catch {
            // the session is over (revoked, reused, expired): the route answers 401 as for any expired token
          }
        }
        return;
      }
      const id = request.cookies[DEVICE_COOKIE];
      request.actor = id && UUID.test(id) ? { kind: 'guest', learnerId: id.toLowerCase() } : null;
    });
  },
  { name: 'learner', dependencies: ['@fastify/cookie', '@fastify/jwt'] },
);
