import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { schoolClass } from '../db/schema/index.ts';
import { normalizeJoinCode } from '../domain/class-codes.ts';

/** Whether a join code names a class that is open (not archived): a classroom is signing up. */
export async function isOpenClassCode(db: Db, raw: string): Promise<boolean> {
  const code = normalizeJoinCode(raw);
  if (!/^[A-Z0-9]{6}$/.test(code)) return false;
  const rows = await db
    .select({ id: schoolClass.id })
    .from(schoolClass)
    .where(and(eq(schoolClass.joinCode, code), isNull(schoolClass.archivedAt)))
    .limit(1);
  return rows.length > 0;
}
