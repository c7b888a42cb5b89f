import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AttemptFormSchema,
  AttemptParamsSchema,
  AttemptResultSchema,
  ErrorSchema,
  parseAnswerField,
  ReturnedAnswersSchema,
  SubmitAttemptSchema,
} from '@hvs/contracts';
import { AppError } from '../../errors.ts';
import { ensureActor } from '../../plugins/learner.ts';

/**
 * Refusals after which the learner may send the very same attempt again (with the answers fixed, or
 * later). After the others (a quiz version that is gone, an id already used for other answers) the
 * page must start a fresh attempt: the old id would be refused again, or show other questions.
 */
const SAME_ATTEMPT_AFTER = new Set(['invalid_response', 'attempt_too_soon', 'unauthenticated']);

/** Longest query value for the answers sent back; longer ones are dropped (the page still keeps the attempt). */
const MAX_RETURNED = 6000;

/** The answer fields of a refused form (`q.*`), for the quiz page to fill in again (ReturnedAnswersSchema). */
function returnedAnswers(form: Record<string, string[]>): string | null {
  const fields = Object.keys(form)
    .filter((k) => parseAnswerField(k) !== null)
    .map((k): [string, string[]] => [k, form[k]!.filter((v) => v !== '')])
    .filter(([, v]) => v.length > 0);
  const valid = ReturnedAnswersSchema.safeParse(fields);
  if (!valid.success || fields.length === 0) return null;
  const encoded = Buffer.from(JSON.stringify(fields)).toString('base64url');
  return encoded.length <= MAX_RETURNED ? encoded : null;
}

/** The page's script asks for JSON; a browser's own form post asks for HTML first. */
const wantsJson = (accept: string | undefined) => !!accept && accept.startsWith('application/json');

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
          409: ErrorSchema.describe('attempt_conflict, quiz_version_unknown, attempt_limit_reached'),
          429: ErrorSchema.describe('attempt_too_soon: the quiz asks for a pause between attempts'),
        },
      },
    },
    async (request, reply) => {
      const actor = ensureActor(request, reply);
      const { created, result } = await app.services.attempts.submit(actor, request.body);
      return reply.status(created ? 201 : 200).send(result);
    },
  );

  // The quiz page posts its HTML form here. Without JavaScript the browser is sent on (303) to the
  // result page, or back to the quiz. The page's small script sends the very same form with
  // `Accept: application/json` (keeping it in the device's outbox until answered) and gets the
  // result, or the refusal, as JSON, exactly as from POST /attempts.
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_request, body, done) => {
        // No prototype: a field may be called `constructor`, `__proto__` or `toString`.
        const fields: Record<string, string[]> = Object.create(null);
        for (const [k, v] of new URLSearchParams(body as string)) (fields[k] ??= []).push(v);
        done(null, fields);
      },
    );
    scope.post(
      '/attempts/form',
      {
        config: { access: 'learner', renewSession: true },
        schema: {
          tags: ['learning'],
          summary: 'Submit an attempt as an HTML form; answers 303 to the result page, or JSON when asked for',
          description:
            'Fields: attemptId, lessonId, quizVersion, startedAt, submittedAt, source (online or offline_sync) and the answers as `q.<item>[.<sub>]`. ' +
            'A refused form is sent back (303) to the quiz page with `loi=<code>`; when the same attempt can still be made, also with `lan=<attempt id>` and the answers given (`tl`), so nothing typed is lost. ' +
            'With `Accept: application/json` the answer is the result (201, or 200 when already recorded) or `{ code, message }`, as from POST /attempts.',
          consumes: ['application/x-www-form-urlencoded'],
          body: AttemptFormSchema,
          response: {
            200: AttemptResultSchema.describe('JSON asked for; the attempt was already recorded: the first result'),
            201: AttemptResultSchema.describe('JSON asked for'),
            303: z.null(),
            400: ErrorSchema,
            401: ErrorSchema,
            404: ErrorSchema,
            409: ErrorSchema,
            429: ErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const form = request.body;
        const one = (name: string) => (Object.hasOwn(form, name) ? form[name]?.[0] : undefined);
        const lessonId = one('lessonId') ?? '';
        const json = wantsJson(request.headers.accept);
        const back = (code: string, sameAttempt: string | null) => {
          if (json)
            throw new AppError(400, 'invalid_request', 'The form is missing its attempt, lesson or quiz version');
          if (!/^[a-z0-9-]{1,80}$/.test(lessonId))
            return reply.status(400).send({ code, message: 'Form is missing its lesson' });
          const query = new URLSearchParams({ loi: code });
          if (sameAttempt) {
            query.set('lan', sameAttempt);
            const answers = returnedAnswers(form);
            if (answers) query.set('tl', answers);
          }
          return reply.redirect(`/bai-hoc/${lessonId}/kiem-tra?${query}`, 303);
        };
        const head = SubmitAttemptSchema.pick({
          id: true,
          lessonId: true,
          quizVersion: true,
          startedAt: true,
          submittedAt: true,
          source: true,
        }).safeParse({
          id: one('attemptId'),
          lessonId,
          quizVersion: one('quizVersion'),
          startedAt: one('startedAt') || undefined,
          submittedAt: one('submittedAt') || undefined,
          // a form can say it was kept offline; "assisted" is for ambassadors' own API calls
          source: one('source') === 'offline_sync' ? 'offline_sync' : 'online',
        });
        if (!head.success) return back('invalid_request', null);
        let outcome: Awaited<ReturnType<typeof app.services.attempts.submitForm>>;
        try {
          const actor = ensureActor(request, reply);
          outcome = await app.services.attempts.submitForm(actor, { ...head.data, fields: form });
        } catch (e) {
          if (json) throw e;
          if (e instanceof AppError && e.statusCode < 500)
            return back(e.code, SAME_ATTEMPT_AFTER.has(e.code) ? head.data.id : null);
          throw e;
        }
        if (json) return reply.status(outcome.created ? 201 : 200).send(outcome.result);
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
