import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ErrorSchema,
  IndicatorExportQuerySchema,
  IndicatorQuerySchema,
  IndicatorReportSchema,
  PlanTargetInputSchema,
} from '@hvs/contracts';

const csvHeaders = (unit: string, table: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="chi-tieu-${unit}-${table}.csv"`,
  'cache-control': 'no-store',
});

/** Dashboards of the movement's indicators: officials within their scope, and a public view with small counts hidden. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/indicators',
    {
      config: { access: 'official' },
      schema: {
        tags: ['indicators'],
        summary:
          "A unit's indicators with targets, weekly trend and the ranking of the units below (official, within scope)",
        querystring: IndicatorQuerySchema,
        response: { 200: IndicatorReportSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return app.services.indicators.officialReport(request.signedIn(), request.query.unit);
    },
  );

  app.get(
    '/indicators/export.csv',
    {
      config: { access: 'official', renewSession: true },
      schema: {
        tags: ['indicators'],
        summary: 'One table of the dashboard as CSV (UTF-8 with BOM): indicators, trend or ranking',
        querystring: IndicatorExportQuerySchema,
        response: { 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const report = await app.services.indicators.officialReport(request.signedIn(), request.query.unit);
      return reply
        .headers(csvHeaders(report.unit.code, request.query.table))
        .send(app.services.indicators.toCsv(report, request.query.table) as never);
    },
  );

  app.get(
    '/public/indicators',
    {
      config: { access: 'public' },
      schema: {
        tags: ['indicators'],
        summary:
          "Any unit's indicators for everyone: counts below 5 are hidden, and any percent that would reveal them",
        querystring: IndicatorQuerySchema,
        response: { 200: IndicatorReportSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return app.services.indicators.publicReport(request.query.unit);
    },
  );

  app.get(
    '/public/indicators/export.csv',
    {
      config: { access: 'public' },
      schema: {
        tags: ['indicators'],
        summary: 'One table of the public view as CSV (UTF-8 with BOM), small counts hidden',
        querystring: IndicatorExportQuerySchema,
        response: { 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const report = await app.services.indicators.publicReport(request.query.unit);
      return reply
        .headers(csvHeaders(report.unit.code, request.query.table))
        .send(app.services.indicators.toCsv(report, request.query.table) as never);
    },
  );

  app.put(
    '/plan-targets',
    {
      config: { access: 'official' },
      schema: {
        tags: ['indicators'],
        summary: 'Set targets for units in scope (unitCode null: the default for every unit, national officials only)',
        body: PlanTargetInputSchema,
        response: { 200: z.object({ saved: z.number().int() }), 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => app.services.indicators.saveTargets(request.signedIn(), request.body.entries),
  );
};

export default routes;
