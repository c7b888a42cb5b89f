import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import { searchKey } from '@hvs/seeds';
import type { Db } from '../db/client.ts';
import { adminUnit } from '../db/schema/index.ts';

const COMMUNE_KINDS = ['commune', 'ward', 'special_zone'] as const;

/** Provinces and communes: public reference data, searchable with or without diacritics. */
export class AdminUnitService {
  constructor(private readonly db: Db) {}

  async provinces() {
    return this.db
      .select({ code: adminUnit.code, name: adminUnit.name, kind: adminUnit.kind })
      .from(adminUnit)
      .where(inArray(adminUnit.kind, ['province', 'city']))
      .orderBy(asc(adminUnit.name));
  }

  /** Communes whose name contains every word typed ("ben thanh", "Bến Thành"), with their province. */
  async searchCommunes(q: string, provinceCode: string | undefined, limit: number) {
    const words = searchKey(q).split(' ').filter(Boolean).slice(0, 6);
    const province = sql`(select p.name from ${adminUnit} p where p.code = ${adminUnit.parentCode})`;
    return this.db
      .select({
        code: adminUnit.code,
        name: adminUnit.name,
        kind: adminUnit.kind,
        provinceCode: adminUnit.parentCode,
        provinceName: sql<string>`${province}`,
      })
      .from(adminUnit)
      .where(
        and(
          inArray(adminUnit.kind, [...COMMUNE_KINDS]),
          provinceCode ? eq(adminUnit.parentCode, provinceCode) : undefined,
          ...words.map((w) => like(adminUnit.searchKey, `%${w.replace(/[%_\\]/g, '')}%`)),
        ),
      )
      .orderBy(asc(adminUnit.name))
      .limit(limit);
  }
}
