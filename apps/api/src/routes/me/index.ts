import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DeleteAccountSchema, ErrorSchema, ProfileSchema, RecordSchema } from '@hvs/contracts';
import { clearSession } from '../auth/session.ts';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me',
    {
      config: { access: 'user' },
      schema: { tags: ['accounts'], summary: 'My account', response: { 200: ProfileSchema, 401: ErrorSchema } },
    },
    async (request) => app.services.accounts.profile(request.signedIn()),
  );

  app.get(
    '/me/record',
    {
      config: { access: 'user' },
      schema: {
        tags: ['accounts'],
        summary: 'Hồ sơ học tập: lessons passed, best scores, what remains, the certification',
        response: { 200: RecordSchema, 401: ErrorSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return app.services.accounts.record(request.signedIn());
    },
  );

  app.get(
    '/me/export',
    {
      config: { access: 'user', renewSession: true },
      schema: {
        tags: ['accounts'],
        summary: 'Everything the platform holds about me, as JSON',
        response: {
          200: z.object({
            exportedAt: z.string(),
            account: ProfileSchema,
            attempts: z.array(z.unknown()),
            lessonProgress: z.array(z.unknown()),
            certifications: z.array(z.unknown()),
            classMemberships: z.array(z.unknown()).describe('classes I joined, with when I joined and left'),
            classesTaught: z.array(z.unknown()).describe('classes I teach or taught, with their assignments'),
            pupilAccountsCreated: z.array(z.unknown()).describe("pupils' accounts I created for a class"),
            sessions: z.array(z.unknown()).describe('sign-in sessions, without the tokens'),
          }),
          401: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const data = await app.services.accounts.export(request.signedIn());
      reply.header('content-disposition', 'attachment; filename="hoc-vu-so-du-lieu-cua-toi.json"');
      reply.header('cache-control', 'no-store');
      return data;
    },
  );

  app.delete(
    '/me',
    {
      config: { access: 'user' },
      schema: {
        tags: ['accounts'],
        summary:
          'Delete my account and everything recorded about me (password required; a teacher archives their classes first)',
        body: DeleteAccountSchema,
        response: { 204: z.null(), 401: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const actor = request.signedIn();
      await app.services.auth.verifyPassword(actor.userId, request.body.password);
      await app.services.accounts.delete(actor);
      clearSession(request, reply);
      return reply.status(204).send(null);
    },
  );
};
export default routes;
