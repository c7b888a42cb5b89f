import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuditEventSchema, AuditQuerySchema, ErrorSchema } from '@hvs/contracts';

/** The audit log: administrators see all of it, officials the rows of their unit (the service checks). */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit-events',
    {
      config: { access: 'user' },
      schema: {
        tags: ['administration'],
        summary: 'Audit log: role grants, resets, population and target changes, revocations, deletions',
        querystring: AuditQuerySchema,
        response: { 200: z.array(AuditEventSchema), 403: ErrorSchema },
      },
    },
    async (request) => app.services.audit.list(request.signedIn(), request.query),
  );

  app.get(
    '/audit-events/export.csv',
    {
      config: { access: 'user', renewSession: true },
      schema: {
        tags: ['administration'],
        summary: 'The same audit rows as CSV (UTF-8 with BOM)',
        querystring: AuditQuerySchema,
        response: { 403: ErrorSchema },
      },
    },
    async (request, reply) => {
      const csv = await app.services.audit.csv(request.signedIn(), request.query);
      return reply
        .headers({
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="nhat-ky-kiem-tra.csv"',
          'cache-control': 'no-store',
        })
        .send(csv as never);
    },
  );
};
export default routes;
