import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorSchema, LoginSchema, RefreshSchema, SessionSchema, SignupSchema } from '@hvs/contracts';
import { normalizeLogin } from '../../domain/login.ts';
import { AppError } from '../../errors.ts';
import { REFRESH_COOKIE, renewDevice } from '../../plugins/learner.ts';
import { isOpenClassCode } from '../../services/class-code-check.ts';
import { clearSession, sendSession } from './session.ts';

type Limits = { perLogin: number; perClient: number; perAccount: number; signupsPerHour: number };

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

  // Per account from every address together: a card password is not guessed from many addresses either.
  const perAccount = app.createRateLimit({
    max: limits.perAccount,
    timeWindow: '15 minutes',
    keyGenerator: (request) => `account|${perLogin.keyGenerator(request).split('|').slice(2).join('|')}`,
  });
  const limitPerAccount = async (request: FastifyRequest, reply: FastifyReply) => {
    const limit = await perAccount(request);
    if (limit.isAllowed || !limit.isExceeded) return;
    reply.header('retry-after', limit.ttlInSeconds);
    throw new AppError(429, 'rate_limited', `Too many attempts for this account; try again in ${limit.ttlInSeconds} s`);
  };

  // Sign-ups per address and hour: enough for a family or a small group at one phone, not for a
  // script minting "adults" in a chosen commune. A class join code in the body lifts it (a classroom
  // behind one school router); the code is checked, not just present.
  const signupsPerHour = app.createRateLimit({
    max: limits.signupsPerHour,
    timeWindow: '1 hour',
    keyGenerator: (request) => `signup|${request.ip}`,
  });
  const limitSignups = async (request: FastifyRequest, reply: FastifyReply) => {
    const code = (request.body as { joinCode?: unknown } | undefined)?.joinCode;
    if (typeof code === 'string' && (await isOpenClassCode(app.db, code))) return;
    const limit = await signupsPerHour(request);
    if (limit.isAllowed || !limit.isExceeded) return;
    reply.header('retry-after', limit.ttlInSeconds);
    throw new AppError(
      429,
      'signup_limited',
      `Too many sign-ups from this address; a classroom adds its class join code (try again in ${limit.ttlInSeconds} s)`,
    );
  };

  app.post(
    '/auth/signup',
    {
      config: { access: 'public' },
      onRequest: limitPerClient(),
      preHandler: limitSignups,
      schema: {
        tags: ['accounts'],
        summary: "Create an account; this device's guest progress becomes the account's",
        body: SignupSchema,
        response: { 201: SessionSchema, 400: ErrorSchema, 409: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { tokens, joinCode: _code, ...input } = request.body;
      const session = await app.services.auth.signup(request.authProblem ? null : request.actor, input);
      const recoveryCode = await app.services.passwords.issueRecoveryCode(session.userId);
      renewDevice(request, reply);
      return sendSession(app, request, reply, session, tokens, 201, { recoveryCode });
    },
  );

  app.post(
    '/auth/login',
    {
      config: { access: 'public', rateLimit: perLogin },
      onRequest: limitPerClient(),
      preHandler: limitPerAccount,
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
