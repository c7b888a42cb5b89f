import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AttemptFormSchema, AttemptParamsSchema, AttemptResultSchema, ErrorSchema, SubmitAttemptSchema } from '@hvs/contracts';
import { AppError } from '../../errors.ts';
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

  // The quiz page without JavaScript posts an HTML form here; the browser is sent on to the result page.
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_request, body, done) => {
        const fields: Record<string, string[]> = {};
        for (const [k, v] of new URLSearchParams(body as string)) (fields[k] ??= []).push(v);
        done(null, fields);
      },
    );
    scope.post(
      '/attempts/form',
      {
        config: { access: 'learner' },
        schema: {
          tags: ['learning'],
          summary: 'Submit an attempt as an HTML form (no JavaScript); answers 303 to the result page',
          consumes: ['application/x-www-form-urlencoded'],
          body: AttemptFormSchema,
          response: { 303: z.null(), 400: ErrorSchema },
        },
      },
      async (request, reply) => {
        const one = (name: string) => request.body[name]?.[0];
        const lessonId = one('lessonId') ?? '';
        const back = (code: string) =>
          /^[a-z0-9-]{1,80}$/.test(lessonId)
            ? reply.redirect(`/bai-hoc/${lessonId}/kiem-tra?loi=${code}`, 303)
            : reply.status(400).send({ code, message: 'Form is missing its lesson' });
        const head = SubmitAttemptSchema.pick({ id: true, lessonId: true, quizVersion: true, startedAt: true }).safeParse({
          id: one('attemptId'),
          lessonId,
          quizVersion: one('quizVersion'),
          startedAt: one('startedAt') || undefined,
        });
        if (!head.success) return back('invalid_request');
        try {
          const actor = ensureActor(request, reply);
          await app.services.attempts.submitForm(actor, { ...head.data, fields: request.body });
        } catch (e) {
          if (e instanceof AppError && e.statusCode < 500) return back(e.code);
          throw e;
        }
        return reply.redirect(`/bai-hoc/${head.data.lessonId}/ket-qua/${head.data.id}`, 303);
      },
    );
  });

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
