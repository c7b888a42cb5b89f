import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HealthSchema } from '@hvs/contracts';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Liveness, database kind and migrations applied',
        response: { 200: HealthSchema },
      },
    },
    async () => ({
      status: 'ok' as const,
      database: app.dbKind,
      migrations: app.migrationsApplied,
      lessons: app.content.catalog.lessons.size,
    }),
  );
};
export default routes;
