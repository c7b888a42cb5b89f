import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorSchema, LoginSchema, RefreshSchema, SessionSchema, SignupSchema } from '@hvs/contracts';
import { normalizeLogin } from '../../domain/login.ts';
import { AppError } from '../../errors.ts';
import { REFRESH_COOKIE, renewDevice } from '../../plugins/learner.ts';
import { clearSession, sendSession } from './session.ts';

type Limits = { perLogin: number; perClient: number };

const routes: FastifyPluginAsyncZod<Limits> = async (app, limits) => {
  /**
   * Two limits. Per login from one client address (~10 a minute): guessing one account's password is
   * slow, and pupils' logins are easy to guess. Per client address (~200 a minute, looser): a whole
   * classroom behind one school NAT signs in at once, while one machine still cannot try thousands.
   * The per-login key needs the parsed body, so that limit runs at preHandler (onRequest, the
   * plugin's default, runs before the body is read and would see no login at all).
   */
  // One counter per route (sign-in, sign-up), each keyed by the client's address alone.
  const limitPerClient = () => {
    const check = app.createRateLimit({
      max: limits.perClient,
      timeWindow: '1 minute',
      keyGenerator: (request) => `client|${request.ip}`,
    });
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const limit = await check(request);
      if (limit.isAllowed || !limit.isExceeded) return;
      reply.header('retry-after', limit.ttlInSeconds);
      throw new AppError(
        429,
        'rate_limited',
        `Too many attempts from this address; try again in ${limit.ttlInSeconds} s`,
      );
    };
  };
  const perLogin = {
    max: limits.perLogin,
    timeWindow: '1 minute',
    hook: 'preHandler' as const,
    keyGenerator: (request: FastifyRequest) => {
      const raw = (request.body as { login?: unknown } | undefined)?.login;
      const login =
        typeof raw === 'string' ? (normalizeLogin(raw)?.value ?? raw.trim().toLowerCase().slice(0, 64)) : '';
      return `login|${request.ip}|${login}`;
    },
  };

  app.post(
    '/auth/signup',
    {
      config: { access: 'public' },
      onRequest: limitPerClient(),
      schema: {
        tags: ['accounts'],
        summary: "Create an account; this device's guest progress becomes the account's",
        body: SignupSchema,
        response: { 201: SessionSchema, 400: ErrorSchema, 409: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { tokens, ...input } = request.body;
      const session = await app.services.auth.signup(request.authProblem ? null : request.actor, input);
      renewDevice(request, reply);
      return sendSession(app, request, reply, session, tokens, 201);
    },
  );

  app.post(
    '/auth/login',
    {
      config: { access: 'public', rateLimit: perLogin },
      onRequest: limitPerClient(),
      schema: {
        tags: ['accounts'],
        summary: "Sign in; this device's guest progress joins the account",
        body: LoginSchema,
        response: { 200: SessionSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { login, password, tokens } = request.body;
      const session = await app.services.auth.login(request.authProblem ? null : request.actor, login, password);
      renewDevice(request, reply);
      return sendSession(app, request, reply, session, tokens);
    },
  );

  app.post(
    '/auth/refresh',
    {
      config: { access: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Swap the refresh token for a new access token and the next refresh token',
        body: RefreshSchema.nullish(),
        response: { 200: SessionSchema, 401: ErrorSchema },
      },
    },
    async (request, reply) => {
      const fromBody = request.body?.refreshToken;
      const token = fromBody ?? request.cookies[REFRESH_COOKIE];
      if (!token) throw new AppError(401, 'refresh_invalid', 'No refresh token');
      try {
        const session = await app.services.auth.refresh(token);
        return sendSession(app, request, reply, session, fromBody ? 'body' : 'cookie');
      } catch (e) {
        if (!fromBody) clearSession(request, reply);
        throw e;
      }
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Sign out: the session (this refresh token and all its successors) is closed',
        body: RefreshSchema.nullish(),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await app.services.auth.logout(request.body?.refreshToken ?? request.cookies[REFRESH_COOKIE]);
      clearSession(request, reply);
      return reply.status(204).send(null);
    },
  );
};
export default routes;
