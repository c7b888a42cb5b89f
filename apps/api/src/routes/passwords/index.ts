import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ErrorSchema,
  PasswordChangeSchema,
  PasswordResetInputSchema,
  PasswordResetSchema,
  RecoverSchema,
  RecoveryCodeRequestSchema,
  RecoveryCodeSchema,
  SessionSchema,
} from '@hvs/contracts';
import { normalizeLogin } from '../../domain/login.ts';
import { AppError } from '../../errors.ts';
import { renewDevice } from '../../plugins/learner.ts';
import { auditContext } from '../audit-context.ts';
import { sendSession } from '../auth/session.ts';

type Limits = { perClient: number; perAccount: number };

/** Passwords: change, recovery with the written-down code, resets by a teacher, ambassador or official. */
const routes: FastifyPluginAsyncZod<Limits> = async (app, limits) => {
  // Guessing a recovery code is limited per address and, across addresses, per account.
  const limit = (max: number, timeWindow: string, key: (r: FastifyRequest) => string) => {
    const check = app.createRateLimit({ max, timeWindow, keyGenerator: key });
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const result = await check(request);
      if (result.isAllowed || !result.isExceeded) return;
      reply.header('retry-after', result.ttlInSeconds);
      throw new AppError(429, 'rate_limited', `Too many attempts; try again in ${result.ttlInSeconds} s`);
    };
  };
  const loginOf = (request: FastifyRequest) => {
    const raw = (request.body as { login?: unknown } | undefined)?.login;
    return typeof raw === 'string' ? (normalizeLogin(raw)?.value ?? raw.trim().toLowerCase().slice(0, 64)) : '';
  };

  app.post(
    '/me/password',
    {
      config: { access: 'user' },
      preHandler: limit(limits.perAccount, '15 minutes', (r) => `pw-change|${r.signedIn().userId}`),
      schema: {
        tags: ['accounts'],
        summary: 'Change my password (knowing the current one); every other session ends',
        body: PasswordChangeSchema,
        response: { 200: SessionSchema, 400: ErrorSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { currentPassword, newPassword, tokens } = request.body;
      const session = await app.services.passwords.change(
        request.signedIn(),
        currentPassword,
        newPassword,
        auditContext(request),
      );
      return sendSession(app, request, reply, session, tokens);
    },
  );

  app.post(
    '/me/recovery-code',
    {
      config: { access: 'user' },
      preHandler: limit(limits.perAccount, '15 minutes', (r) => `recovery-renew|${r.signedIn().userId}`),
      schema: {
        tags: ['accounts'],
        summary: 'A new recovery code to write down (needs the password); the old code stops working',
        body: RecoveryCodeRequestSchema,
        response: { 200: RecoveryCodeSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request) => ({
      recoveryCode: await app.services.passwords.renewRecoveryCode(
        request.signedIn(),
        request.body.password,
        auditContext(request),
      ),
    }),
  );

  app.post(
    '/auth/recover',
    {
      config: { access: 'public' },
      onRequest: limit(limits.perClient, '1 minute', (r) => `recover-client|${r.ip}`),
      preHandler: limit(10, '1 hour', (r) => `recover-account|${loginOf(r)}`),
      schema: {
        tags: ['accounts'],
        summary: 'Set a new password with the recovery code written down at sign-up; a new code is returned',
        body: RecoverSchema,
        response: {
          200: SessionSchema.extend(RecoveryCodeSchema.shape),
          400: ErrorSchema,
          401: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { login, recoveryCode, newPassword, tokens } = request.body;
      const done = await app.services.passwords.recover(login, recoveryCode, newPassword, request.ip ?? null);
      renewDevice(request, reply);
      return sendSession(app, request, reply, done.session, tokens, 200, { recoveryCode: done.recoveryCode });
    },
  );

  app.post(
    '/password-resets',
    {
      config: { access: 'user' },
      schema: {
        tags: ['accounts'],
        summary:
          'Reset the password of an account I created (a pupil) or, in person, of a learner of my commune; returns the new password for a card',
        body: PasswordResetInputSchema,
        response: { 201: PasswordResetSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await app.services.passwords.resetFor(request.signedIn(), request.body, auditContext(request))),
  );
};
export default routes;
