import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorSchema, LessonParamsSchema, PublicQuizSchema, QuizQuerySchema } from '@hvs/contracts';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/lessons/:lessonId/quiz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['learning'],
        summary: "The public view of a lesson's quiz for one attempt (no keys, no feedback)",
        params: LessonParamsSchema,
        querystring: QuizQuerySchema,
        response: { 200: PublicQuizSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      // Same attempt id, same view: safe to cache privately while the learner answers.
      reply.header('cache-control', 'private, max-age=3600');
      return app.services.quizzes.publicView(request.params.lessonId, request.query.attemptId);
    },
  );
};
export default routes;
