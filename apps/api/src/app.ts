import Fastify, { type FastifyInstance } from 'fastify';
import { constants as zlib } from 'node:zlib';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { seedDemo } from './db/seed-demo.ts';
import { seedIndicatorDemo } from './db/seed-indicators-demo.ts';
import access from './plugins/access.ts';
import auth from './plugins/auth.ts';
import content from './plugins/content.ts';
import db from './plugins/db.ts';
import errors from './plugins/errors.ts';
import learner from './plugins/learner.ts';
import origin from './plugins/origin.ts';
import services from './plugins/services.ts';
import web from './plugins/web.ts';
import adminUnitRoutes from './routes/admin-units/index.ts';
import attemptRoutes from './routes/attempts/index.ts';
import authRoutes from './routes/auth/index.ts';
import classRoutes from './routes/classes/index.ts';
import meRoutes from './routes/me/index.ts';
import roleGrantRoutes from './routes/role-grants/index.ts';
import healthRoutes from './routes/health/index.ts';
import indicatorRoutes from './routes/indicators/index.ts';
import populationRoutes from './routes/population/index.ts';
import progressRoutes from './routes/progress/index.ts';
import quizRoutes from './routes/quizzes/index.ts';

export type BuildOptions = {
  /** an open database to use instead of opening one from the config (tests share one per file) */
  database?: Database;
  /** serve the web build too (the server does; API tests do not need it) */
  web?: boolean;
};

/** Builds the whole app without listening: server.ts listens, tests call it with inject. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: 256 * 1024,
    // Starting reads and records the whole curriculum; on a busy machine (a restart under load) that
    // can take longer than Fastify's 10 s default, and a server that gives up starting stays down.
    pluginTimeout: 120_000,
    // Requests refused before routing (a malformed URL) get the same error shape as every other.
    frameworkErrors: (error, _request, reply) => {
      (reply as unknown as { code(status: number): { send(body: unknown): void } })
        .code(400)
        .send({ code: 'invalid_request', message: error.message });
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Tier 1: external plugins.
  // Phones on slow data: JSON answers (quiz views, results with explanations) go out compressed.
  // Brotli at quality 4, not the default 11: about as small as gzip -9, at a fraction of the CPU.
  await app.register(compress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(cookie);
  // Limits only the routes that ask for it (sign-in, sign-up); 429 carries Retry-After.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'rate_limited',
      message: `Too many attempts; try again in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Học vụ số API',
        version: '1',
        description: 'Lessons, quizzes graded on the server, learner records. Errors are always { code, message }.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Tier 2: the app's own plugins. From here on every route must declare who may call it.
  await app.register(access);
  await app.register(errors);
  await app.register(auth, { config });
  await app.register(db, { config: config.database, ...(options.database ? { database: options.database } : {}) });
  await app.register(content, { contentDir: config.contentDir });
  await app.register(learner);
  await app.register(origin, { publicOrigin: config.publicOrigin });
  await app.register(services);

  // Tier 3: routes.
  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(quizRoutes, { prefix: '/api/v1' });
  await app.register(attemptRoutes, { prefix: '/api/v1' });
  await app.register(progressRoutes, { prefix: '/api/v1' });
  await app.register(authRoutes, {
    prefix: '/api/v1',
    perLogin: config.authRateLimit,
    perClient: config.authIpRateLimit,
  });
  await app.register(meRoutes, { prefix: '/api/v1' });
  await app.register(adminUnitRoutes, { prefix: '/api/v1' });
  await app.register(roleGrantRoutes, { prefix: '/api/v1' });
  await app.register(classRoutes, { prefix: '/api/v1' });
  await app.register(indicatorRoutes, { prefix: '/api/v1' });
  await app.register(populationRoutes, { prefix: '/api/v1' });

  if (config.seedDemo && (await seedDemo(app.db, app.services, app.content))) {
    app.log.info('demo accounts created (password in the README)');
  }
  if (config.seedDemo && (await seedIndicatorDemo(app.db))) app.log.info('demo indicator figures created');

  if (options.web && config.webBuildDir)
    await app.register(web, { dir: config.webBuildDir, publicOrigin: config.publicOrigin });
  return app;
}
