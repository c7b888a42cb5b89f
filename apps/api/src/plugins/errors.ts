import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';

// PostgreSQL going away (restart, failover, connections refused) as pg and drizzle report it: SQLSTATE
// class 08 (connection exception) and 57P01–57P03 (shut down, cannot connect now), FATAL 55000 (database
// not accepting connections), socket errors, and pg's own "Connection terminated" errors.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123])$/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

function errorCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string') return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 5; depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code)) return true;
    if (code === '55000' && e.severity === 'FATAL') return true;
    if (
      typeof e.message === 'string' &&
      /^Connection terminated|timeout exceeded when trying to connect/.test(e.message)
    )
      return true;
    e = e.cause as typeof e;
  }
  return false;
}

/**
 * One error shape for every route: `{ code, message }`. 4xx say what was wrong; 5xx say nothing
 * about internals (the log has the details, keyed by the request id).
 */
export default fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
      if (error instanceof AppError) {
        return reply.status(error.statusCode).send({ code: error.code, message: error.message });
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const where = error.validationContext ?? 'request';
        const first = error.validation
          .slice(0, 3)
          .map((v) => `${v.instancePath || '/'} ${v.message}`)
          .join('; ');
        return reply.status(400).send({ code: 'invalid_request', message: `Invalid ${where}: ${first}` });
      }
      if (isResponseSerializationError(error)) {
        request.log.error({ err: error }, 'response did not match its schema');
        return reply.status(500).send({ code: 'internal_error', message: 'Internal error' });
      }
      const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
      if (status === 413)
        return reply.status(413).send({ code: 'payload_too_large', message: 'Request body is too large' });
      if (status === 429) return reply.status(429).send({ code: 'rate_limited', message: error.message });
      if (status >= 400 && status < 500) {
        // Fastify's own client errors: bad JSON, wrong content type, empty body…
        return reply.status(status).send({ code: 'invalid_request', message: error.message });
      }
      if (isDatabaseUnavailable(error)) {
        request.log.warn({ code: errorCode(error) }, 'database unavailable');
        return reply
          .status(503)
          .header('retry-after', '5')
          .send({ code: 'database_unavailable', message: 'The database is unavailable; try again shortly' });
      }
      request.log.error({ err: error }, 'unhandled error');
      return reply.status(500).send({ code: 'internal_error', message: 'Internal error' });
    });

    app.setNotFoundHandler((request, reply) => {
      reply.status(404).send({ code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` });
    });
  },
  { name: 'errors' },
);
