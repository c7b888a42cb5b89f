import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorSchema, LoginSchema, RefreshSchema, SessionSchema, SignupSchema } from '@hvs/contracts';
import { AppError } from '../../errors.ts';
import { REFRESH_COOKIE, renewDevice } from '../../plugins/learner.ts';
import { clearSession, sendSession } from './session.ts';

const routes: FastifyPluginAsyncZod<{ rateLimit: number }> = async (app, { rateLimit }) => {
  // Per client address and, for sign-in, per login too: guessing passwords is slow either way.
  const limited = (perLogin: boolean) => ({
    max: rateLimit,
    timeWindow: '1 minute',
    keyGenerator: (request: { ip: string; body?: unknown }) =>
      perLogin ? `${request.ip}|${String((request.body as { login?: unknown })?.login ?? '').toLowerCase()}` : request.ip,
  });

  app.post(
    '/auth/signup',
    {
      config: { access: 'public', rateLimit: limited(false) },
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
      config: { access: 'public', rateLimit: limited(true) },
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
