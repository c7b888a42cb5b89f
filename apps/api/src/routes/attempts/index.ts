import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AttemptParamsSchema, AttemptResultSchema, ErrorSchema, SubmitAttemptSchema } from '@hvs/contracts';
import { ensureActor } from '../../plugins/learner.ts';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/attempts',
    {
      config: { access: 'learner' },
      bodyLimit: 64 * 1024,
      schema: {
        tags: ['learning'],
        summary: 'Submit an attempt: graded on the server, recorded once (idempotent by attempt id)',
        body: SubmitAttemptSchema,
        response: {
          200: AttemptResultSchema.describe('the attempt was already recorded: the first result'),
          201: AttemptResultSchema,
          400: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = ensureActor(request, reply);
      const { created, result } = await app.services.attempts.submit(actor, request.body);
      return reply.status(created ? 201 : 200).send(result);
    },
  );

  app.get(
    '/attempts/:id',
    {
      config: { access: 'learner' },
      schema: {
        tags: ['learning'],
        summary: "One of the caller's attempts with its graded items",
        params: AttemptParamsSchema,
        response: { 200: AttemptResultSchema, 404: ErrorSchema },
      },
    },
    async (request) => app.services.attempts.get(request.actor, request.params.id),
  );
};
export default routes;
