import fp from 'fastify-plugin';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const DEVICE_COOKIE = 'hvs_device';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const ONE_YEAR = 365 * 24 * 3600;

/** Who is learning. Until accounts exist, a guest is the device-held id in an httpOnly cookie. */
export type Actor = { kind: 'guest'; learnerId: string };

declare module 'fastify' {
  interface FastifyRequest {
    /** the learner behind this request, or null when the device has no id yet */
    actor: Actor | null;
  }
}

/** The learner for a write: the existing device id, or a new one set on the reply. */
export function ensureActor(request: FastifyRequest, reply: FastifyReply): Actor {
  if (request.actor) return request.actor;
  const learnerId = randomUUID();
  reply.setCookie(DEVICE_COOKIE, learnerId, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: ONE_YEAR,
  });
  request.actor = { kind: 'guest', learnerId };
  return request.actor;
}

export default fp(
  async (app) => {
    app.decorateRequest('actor', null);
    app.addHook('onRequest', async (request) => {
      const id = request.cookies[DEVICE_COOKIE];
      request.actor = id && UUID.test(id) ? { kind: 'guest', learnerId: id.toLowerCase() } : null;
    });
  },
  { name: 'learner', dependencies: ['@fastify/cookie'] },
);
