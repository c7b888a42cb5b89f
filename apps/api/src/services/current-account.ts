import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { Role } from '../db/schema/index.ts';

export type CurrentAccount = { roles: Role[]; sessionsEndedAt: Date | null };

/**
 * The account as it is now, in one query on primary keys and the role grants' (user, role, scope)
 * index: whether it still exists, the roles it holds, and when its sessions were last ended. Role
 * decisions read this, never the roles inside the access token (an administrator revoked a minute
 * ago still holds a token that says "admin" for up to 15 minutes).
 */
export async function currentAccount(db: Db, userId: string): Promise<CurrentAccount | null> {
  const result = await db.execute(sql`
    select s.sessions_ended_at as ended,
           coalesce(array_agg(distinct g.role) filter (where g.role is not null), '{}') as roles
    from app_user u
    left join account_security s on s.user_id = u.id
    left join role_grant g on g.user_id = u.id
    where u.id = ${userId}
    group by u.id, s.sessions_ended_at`);
  const [row] = (result as unknown as { rows: { ended: string | Date | null; roles: Role[] | string }[] }).rows;
  if (!row) return null;
  // node-postgres and PGlite both parse text[]; a driver that does not would hand back '{a,b}'.
  const roles = Array.isArray(row.roles) ? row.roles : row.roles.replace(/[{}]/g, '').split(',').filter(Boolean);
  return { roles: (roles as Role[]).sort(), sessionsEndedAt: row.ended ? new Date(row.ended) : null };
}

/** A token issued (`iat`, seconds) before the account's sessions were ended no longer counts. */
export const issuedBeforeEnd = (issuedAt: number | null, endedAt: Date | null) =>
  endedAt !== null && (issuedAt ?? 0) < Math.floor(endedAt.getTime() / 1000);
