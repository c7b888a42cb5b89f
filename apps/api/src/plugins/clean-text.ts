import fp from 'fastify-plugin';
import { cleanText } from '@hvs/contracts';

/**
 * Every request's body, query and route parameters pass through the contracts' one text rule
 * (`cleanText`: no control characters, no lone surrogates) before any schema sees them, so no route
 * can forget it and PostgreSQL never refuses a string with a 500.
 */
export default fp(
  async (app) => {
    app.addHook('preValidation', async (request) => {
      if (request.body !== undefined && request.body !== null) request.body = cleanText(request.body);
      if (request.query) request.query = cleanText(request.query);
      if (request.params) request.params = cleanText(request.params);
    });
  },
  { name: 'clean-text' },
);
