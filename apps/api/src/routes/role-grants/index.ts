import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorSchema, RoleGrantInputSchema, RoleGrantSchema } from '@hvs/contracts';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/role-grants',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administration'],
        summary: "An account's roles",
        querystring: z.object({ login: z.string().trim().min(1).max(40) }),
        response: {
          200: z.object({
            userId: z.uuid(),
            login: z.string(),
            displayName: z.string(),
            grants: z.array(RoleGrantSchema),
          }),
          404: ErrorSchema,
        },
      },
    },
    async (request) => app.services.roles.list(request.signedIn(), request.query.login),
  );

  app.post(
    '/role-grants',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administration'],
        summary: 'Grant a role (teacher, ambassador, official, admin) for a unit, or the whole country',
        body: RoleGrantInputSchema,
        response: { 201: RoleGrantSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await app.services.roles.grant(request.signedIn(), request.body)),
  );

  app.delete(
    '/role-grants/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administration'],
        summary: 'Revoke a role grant',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      await app.services.roles.revoke(request.signedIn(), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
export default routes;
