import type { FastifyRequest } from 'fastify';
import type { AuditContext } from '../services/audit.service.ts';

/** Who is acting and from which address, for the audit log. */
export const auditContext = (request: FastifyRequest): AuditContext => ({
  actorId: request.actor?.kind === 'user' ? request.actor.userId : null,
  ip: request.ip ?? null,
});
