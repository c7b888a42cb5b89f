import { eq, sql } from 'drizzle-orm';
import { ADMIN_UNITS_SOURCE, adminUnits, searchKey } from '@hvs/seeds';
import type { Db } from './client.ts';
import { adminUnit, seedSource } from './schema/index.ts';

const ADMIN_UNITS = 'admin_units';
const sqlExcluded = (column: string) => sql.raw(`excluded.${column}`);

/**
 * Loads the administrative units when the database does not have this version of them yet.
 * Units are upserted, never deleted: accounts and indicators refer to them.
 */
export async function seedAdminUnits(db: Db): Promise<{ loaded: boolean; rows: number }> {
  const version = `${ADMIN_UNITS_SOURCE.version}+${ADMIN_UNITS_SOURCE.amendments.length}`;
  const [current] = await db.select().from(seedSource).where(eq(seedSource.name, ADMIN_UNITS)).limit(1);
  if (current?.version === version) return { loaded: false, rows: current.rows };
  const units = adminUnits();
  await db.transaction(async (tx) => {
    for (let i = 0; i < units.length; i += 500) {
      const rows = units.slice(i, i + 500).map((u) => ({
        code: u.code,
        name: u.name,
        kind: u.kind,
        parentCode: u.parentCode,
        searchKey: searchKey(u.name),
      }));
      await tx
        .insert(adminUnit)
        .values(rows)
        .onConflictDoUpdate({
          target: adminUnit.code,
          set: {
            name: sqlExcluded('name'),
            kind: sqlExcluded('kind'),
            parentCode: sqlExcluded('parent_code'),
            searchKey: sqlExcluded('search_key'),
          },
        });
    }
    await tx
      .insert(seedSource)
      .values({ name: ADMIN_UNITS, version, details: ADMIN_UNITS_SOURCE, rows: units.length })
      .onConflictDoUpdate({
        target: seedSource.name,
        set: { version, details: ADMIN_UNITS_SOURCE, rows: units.length, appliedAt: new Date() },
      });
  });
  return { loaded: true, rows: units.length };
}
