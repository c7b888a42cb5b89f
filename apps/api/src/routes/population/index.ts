import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ErrorSchema,
  IndicatorQuerySchema,
  PopulationImportSchema,
  PopulationInputSchema,
  PopulationListSchema,
} from '@hvs/contracts';

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
        summary: 'Enter population figures (unit, year up to next year, group, count) for units in scope',
        body: PopulationInputSchema,
        response: { 200: z.object({ saved: z.number().int() }), 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => app.services.indicators.savePopulation(request.signedIn(), request.body.entries),
  );

  app.post(
    '/population/import',
    {
      config: { access: 'official' },
      schema: {
        tags: ['indicators'],
        summary: 'Import population figures from CSV (header: unit_code, year, group, count; comma or semicolon)',
        body: PopulationImportSchema,
        response: { 200: z.object({ saved: z.number().int() }), 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => app.services.indicators.importPopulation(request.signedIn(), request.body.csv),
  );
};

export default routes;
