import { eq, sql } from 'drizzle-orm';
import { DEMO_COMMUNE, DEMO_PROVINCE } from '@hvs/seeds';
import { rebuildPopulationRollup } from '../services/indicator-population.ts';
import { rebuildRollups } from '../services/indicator-rollup.ts';
import type { Db } from './client.ts';
import { seedSource } from './schema/index.ts';

const NAME = 'demo-indicators';
const VERSION = '2';

/**
 * Demo figures for the dashboards (zero-setup install only, like the demo accounts). Every commune of
 * the demo city gets between 15 and 75 learners (the demo ward 240) signed up over 20 weeks, about
 * half of them certified, and DEMO population figures in proportion to its learners (about 1.6
 * adults per learner, so a commune sits at a quarter to a third of its adults): they are not the
 * city's real population, only numbers that make every bar, trend and ranking show something. The
 * city has no figure of its own, so its denominators are the sum of its communes', as a real city's
 * would be once every commune has entered them. These accounts cannot sign in (no password); they
 * are marked `consent_version = 'demo'`. The roll-ups are rebuilt from the raw rows once, at the end.
 */
export async function seedIndicatorDemo(db: Db): Promise<boolean> {
  const [done] = await db.select().from(seedSource).where(eq(seedSource.name, NAME)).limit(1);
  if (done?.version === VERSION) return false;
  await db.transaction(async (tx) => {
    if (done) {
      // an older demo set: replaced whole (demo accounts and the figures no official entered)
      await tx.execute(sql`delete from app_user where consent_version = 'demo'`);
      await tx.execute(sql`
        delete from population where entered_by is null
          and (unit_code = ${DEMO_PROVINCE} or unit_code in (select code from admin_unit where parent_code = ${DEMO_PROVINCE}))`);
      await tx.delete(seedSource).where(eq(seedSource.name, NAME));
    }
    await tx.execute(sql`select setseed(0.2026)`);
    await tx.execute(sql`
      create temporary table demo_commune on commit drop as
      select code, kind, case when code = ${DEMO_COMMUNE} then 240 else 15 + (row_number() over (order by code) * 37) % 61 end as n
      from admin_unit where parent_code = ${DEMO_PROVINCE}`);
    await tx.execute(sql`
      insert into app_user (id, login, password_hash, display_name, birth_year, commune_code, household_key,
        public_servant, worker, student_level, has_smartphone, has_epayment, consent_version, consent_at, created_at)
      select gen_random_uuid(), 'demo-' || c.code || '-' || g, '!', 'Học viên mẫu ' || g, y.y, c.code,
             case when r.b < 0.85 then 'mau' || ((g - 1) / 3) end,
             y.y <= 2001 and r.a < 0.1, y.y <= 2007 and r.a between 0.1 and 0.4,
             case when y.y between 2014 and 2019 then 'primary' when y.y between 2010 and 2013 then 'lower_secondary'
                  when y.y between 2007 and 2009 then 'upper_secondary' when y.y between 2001 and 2006 and r.b < 0.3 then 'higher' end,
             case when r.c < 0.1 then null else r.c < 0.8 end,
             case when r.d < 0.1 then null else r.d < case when c.kind = 'ward' then 0.65 else 0.4 end end,
             'demo', t.at, t.at
      from demo_commune c
      cross join lateral generate_series(1, c.n) g
      -- "+ 0 * g" correlates the subquery, else PostgreSQL draws one set of numbers for the whole batch
      cross join lateral (select random() + 0 * g as a, random() as b, random() as c, random() as d, random() as e) r
      cross join lateral (select case when r.e < 0.2 then 2007 + floor(random() * 12)::int else 1950 + floor(random() * 57)::int end + 0 * g as y) y
      cross join lateral (select now() - power(random() + 0 * g, 1.3) * interval '140 days' as at) t`);
    await tx.execute(sql`
      insert into certification (user_id, curriculum_version, curriculum_group, code, earned_at)
      select id, 'demo', 'adult', 'DEMO-' || replace(id::text, '-', ''), least(now(), created_at + random() * interval '30 days')
      from app_user where consent_version = 'demo' and random() < 0.55`);
    // DEMO figures (see above), for every commune of the city, this year
    await tx.execute(sql`
      insert into population (unit_code, year, "group", count)
      select c.code, extract(year from now() + interval '7 hours')::int, g.grp, greatest(1, round(c.n * g.f))::int
      from demo_commune c cross join (values ('adults', 1.6), ('public_servants', 0.15), ('workers', 0.5), ('households', 0.6),
        ('students_primary', 0.12), ('students_lower_secondary', 0.09), ('students_upper_secondary', 0.07), ('students_higher', 0.04)) g(grp, f)
      on conflict do nothing`);
    await rebuildRollups(tx);
    await rebuildPopulationRollup(tx);
    await tx
      .insert(seedSource)
      .values({ name: NAME, version: VERSION, details: { province: DEMO_PROVINCE, demo: true }, rows: 0 });
  });
  return true;
}
