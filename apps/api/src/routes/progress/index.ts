import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProgressSchema } from '@hvs/contracts';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/progress',
    {
      config: { access: 'learner' },
      schema: { tags: ['learning'], summary: "The caller's progress per lesson", response: { 200: ProgressSchema } },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return app.services.progress.mine(request.actor);
    },
  );
};
export default routes;
