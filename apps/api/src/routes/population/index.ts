import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ErrorSchema,
  PopulationChangeQuerySchema,
  PopulationChangeSchema,
  PopulationSavedSchema,
  ProblemsErrorSchema,
  IndicatorQuerySchema,
  PopulationImportSchema,
  PopulationInputSchema,
  PopulationListSchema,
} from '@hvs/contracts';
import { auditContext } from '../audit-context.ts';

/** Denominators of the indicators, entered or imported by officials for their unit and the units below. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/population',
    {
      config: { access: 'official' },
      schema: {
        tags: ['indicators'],
        summary: 'Population figures of a unit and the units below (official, within scope)',
        querystring: IndicatorQuerySchema,
        response: { 200: PopulationListSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => app.services.indicators.listPopulation(request.signedIn(), request.query.unit),
  );

  app.get(
    '/population/export.csv',
    {
      config: { access: 'official' },
      schema: {
        tags: ['indicators'],
        summary: 'The population figures of a unit and the units below as CSV (UTF-8 with BOM), in the import columns',
        querystring: IndicatorQuerySchema,
        response: { 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { unitCode, csv } = await app.services.indicators.populationCsv(request.signedIn(), request.query.unit);
      return reply
        .headers({
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="dan-so-${unitCode}.csv"`,
          'cache-control': 'no-store',
        })
        .send(csv as never);
    },
  );

  app.put(
    '/population',
    {
      config: { access: 'official' },
      schema: {
        tags: ['indicators'],
        summary:
          "Enter population figures for units in scope: a province's take effect at once, a commune's own wait for the province",
        body: PopulationInputSchema,
        response: { 200: PopulationSavedSchema, 400: ProblemsErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) =>
      app.services.populationChanges.save(request.signedIn(), request.body.entries, auditContext(request)),
  );

  app.post(
    '/population/import',
    {
      config: { access: 'official' },
      schema: {
        tags: ['indicators'],
        summary: 'Import population figures from CSV (header: unit_code, year, group, count; comma or semicolon)',
        body: PopulationImportSchema,
        response: { 200: PopulationSavedSchema, 400: ProblemsErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) =>
      app.services.populationChanges.import(request.signedIn(), request.body.csv, auditContext(request)),
  );

  app.get(
    '/population/changes',
    {
      config: { access: 'official' },
      schema: {
        tags: ['indicators'],
        summary: 'Population changes of a unit and the units below: waiting for approval, and their history',
        querystring: PopulationChangeQuerySchema,
        response: { 200: z.array(PopulationChangeSchema), 403: ErrorSchema },
      },
    },
    async (request) => app.services.populationChanges.list(request.signedIn(), request.query),
  );

  app.post(
    '/population/changes/:id/:decision',
    {
      config: { access: 'official' },
      schema: {
        tags: ['indicators'],
        summary: "Approve or reject a commune's population figure (the province, or the nation)",
        params: z.object({ id: z.uuid(), decision: z.enum(['approve', 'reject']) }),
        response: {
          200: z.object({ id: z.uuid(), status: z.enum(['approved', 'rejected']) }),
          403: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request) =>
      app.services.populationChanges.decide(
        request.signedIn(),
        request.params.id,
        request.params.decision === 'approve' ? 'approved' : 'rejected',
        auditContext(request),
      ),
  );
};

export default routes;
