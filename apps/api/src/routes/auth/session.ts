import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACCESS_TTL_SECONDS } from '../../plugins/auth.ts';
import { ACCESS_COOKIE, cookieOptions, REFRESH_COOKIE, renewDevice } from '../../plugins/learner.ts';
import { REFRESH_TTL_SECONDS, type Session } from '../../services/auth.service.ts';

/**
 * Answers a new session: the browser gets httpOnly cookies (the access cookie outlives its token so
 * an expired token is answered with 401 token_expired and refreshed, never mistaken for a guest);
 * API clients that asked for them get the tokens in the body.
 */
export function sendSession(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  session: Pick<Session, 'userId' | 'roles'> & { refreshToken: string | null },
  tokens: 'cookie' | 'body',
  status = 200,
) {
  const accessToken = app.jwt.sign({ sub: session.userId, roles: session.roles });
  if (tokens === 'cookie') {
    reply.setCookie(ACCESS_COOKIE, accessToken, cookieOptions(request, REFRESH_TTL_SECONDS));
    if (session.refreshToken) reply.setCookie(REFRESH_COOKIE, session.refreshToken, cookieOptions(request, REFRESH_TTL_SECONDS));
  }
  return reply.status(status).send({
    user: { id: session.userId, roles: session.roles },
    accessExpiresIn: ACCESS_TTL_SECONDS,
    ...(tokens === 'body' ? { accessToken, ...(session.refreshToken ? { refreshToken: session.refreshToken } : {}) } : {}),
  });
}

export function clearSession(request: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(ACCESS_COOKIE, { path: '/' });
  reply.clearCookie(REFRESH_COOKIE, { path: '/' });
  renewDevice(request, reply);
}
