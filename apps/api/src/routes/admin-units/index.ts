import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CommuneSchema, CommuneSearchSchema, ProvinceSchema } from '@hvs/contracts';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/provinces',
    {
      config: { access: 'public' },
      schema: {
        tags: ['reference'],
        summary: 'The 34 provinces and centrally governed cities',
        response: { 200: z.array(ProvinceSchema) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return app.services.adminUnits.provinces();
    },
  );

  app.get(
    '/communes',
    {
      config: { access: 'public' },
      schema: {
        tags: ['reference'],
        summary: 'Communes, wards and special zones whose name contains what was typed (with or without diacritics)',
        querystring: CommuneSearchSchema,
        response: { 200: z.array(CommuneSchema) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      const { q, province, limit } = request.query;
      return app.services.adminUnits.searchCommunes(q, province, limit);
    },
  );
};
export default routes;
