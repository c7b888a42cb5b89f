import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACCESS_TTL_SECONDS } from '../../domain/session.ts';
import { ACCESS_COOKIE, REFRESH_COOKIE, renewDevice, setSessionCookies } from '../../plugins/learner.ts';
import type { Session } from '../../services/auth.service.ts';

/**
 * Answers a new session: the browser gets httpOnly cookies; API clients that asked for them get the
 * tokens in the body.
 */
export function sendSession(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  session: Pick<Session, 'userId' | 'roles'> & { refreshToken: string | null },
  tokens: 'cookie' | 'body',
  status = 200,
) {
  const accessToken =
    tokens === 'cookie'
      ? setSessionCookies(app, request, reply, session)
      : app.jwt.sign({ sub: session.userId, roles: session.roles });
  return reply.status(status).send({
    user: { id: session.userId, roles: session.roles },
    accessExpiresIn: ACCESS_TTL_SECONDS,
    ...(tokens === 'body'
      ? { accessToken, ...(session.refreshToken ? { refreshToken: session.refreshToken } : {}) }
      : {}),
  });
}

export function clearSession(request: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(ACCESS_COOKIE, { path: '/' });
  reply.clearCookie(REFRESH_COOKIE, { path: '/' });
  renewDevice(request, reply);
}
