/**
 * Synthetic learners for load tests: `pnpm seed:synthetic --learners 1000000 [--database-url URL]`.
 * Rows are made by PostgreSQL itself (INSERT … SELECT over generate_series, one batch per group of
 * communes), which loads a million accounts in well under a minute without shipping rows through
 * Node. The spread: communes weighted log-normally (wards heavier, as towns are), about a fifth
 * pupils and students by age, public-sector staff and workers among adults, households of 1–4
 * accounts, self-reported smartphone and e-payment answers, sign-ups over the last 30 weeks and
 * certifications after them. Roll-ups are then rebuilt from the raw rows and checked.
 */
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { checkRollups, rebuildRollups } from '../src/services/indicator-rollup.ts';
import { arg, freshDatabase } from './common.ts';

export async function generate(
  url: string,
  learners: number,
  log = console.log,
): Promise<{ seconds: number; rollupSeconds: number }> {
  // Migrations and administrative units, exactly as the server makes them.
  const app = await buildApp(
    loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }),
  );
  await app.ready();
  await app.close();

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  await client.query(`set synchronous_commit = off`);
  await client.query(`select setseed(0.42)`);
  await client.query(`drop table if exists syn_commune`);
  await client.query(`
    create unlogged table syn_commune as
    select code, kind, row_number() over (order by code) as k,
           exp(random() * 1.2 + case when kind = 'ward' then 0.7 else 0 end) as w
    from admin_unit where parent_code is not null`);
  await client.query(`alter table syn_commune add column n int`);
  await client.query(`update syn_commune set n = round($1::numeric * w / (select sum(w) from syn_commune))`, [
    learners,
  ]);
  const { rows } = await client.query<{ c: string }>(`select count(*) as c from syn_commune`);
  const communes = Number(rows[0]!.c);
  const batch = 200;
  for (let from = 1; from <= communes; from += batch) {
    await client.query(
      `
      insert into app_user (id, login, password_hash, display_name, birth_year, commune_code, household_key,
        public_servant, worker, student_level, has_smartphone, has_epayment, consent_version, consent_at, created_at)
      select gen_random_uuid(), 'syn-' || c.code || '-' || g, 'synthetic-no-login', 'Học viên ' || g,
             by.y, c.code, case when r.b > 0.85 then null else 'h' || ((g - 1) / 3) end,
             by.y <= 2001 and r.a < 0.07, by.y <= 2007 and r.a between 0.07 and 0.32,
             case when by.y between 2014 and 2019 then 'primary' when by.y between 2010 and 2013 then 'lower_secondary'
                  when by.y between 2007 and 2009 then 'upper_secondary' when by.y between 2001 and 2006 and r.b < 0.3 then 'higher' end,
             case when r.c < 0.1 then null else r.c < 0.82 end,
             case when r.d < 0.15 then null when c.kind = 'ward' then r.d < 0.7 else r.d < 0.45 end,
             'synthetic', t.at, t.at
      from syn_commune c
      cross join lateral generate_series(1, c.n) g
      -- "+ 0 * g" correlates the subquery, else PostgreSQL draws one set of numbers for the whole batch
      cross join lateral (select random() + 0 * g as a, random() as b, random() as c, random() as d, random() as e, random() as f) r
      cross join lateral (select case when r.e < 0.2 then 2007 + floor(r.f * 13)::int else 1950 + floor(r.f * 57)::int end as y) by
      cross join lateral (select now() - power(random() + 0 * g, 1.5) * interval '210 days' as at) t
      where c.k between $1 and $2`,
      [from, from + batch - 1],
    );
    log(`  communes ${from}–${Math.min(from + batch - 1, communes)} of ${communes}`);
  }
  log('  certifications');
  await client.query(`
    insert into certification (user_id, curriculum_version, curriculum_group, code, earned_at)
    select id, '2026.11',
           case when student_level is not null then 'student_' || student_level when public_servant then 'public_servant' when worker then 'worker' else 'adult' end,
           'SYN-' || replace(id::text, '-', ''), least(now(), created_at + random() * interval '60 days')
    from app_user where consent_version = 'synthetic' and random() < case when public_servant then 0.75 else 0.4 end`);
  log('  population figures');
  await client.query(`
    insert into population (unit_code, year, "group", count)
    select c.code, 2026, g.grp, greatest(1, round(c.n * g.f * (0.8 + random() * 0.8)))::int
    from syn_commune c cross join (values ('adults', 2.2), ('public_servants', 0.12), ('workers', 0.7), ('households', 0.9),
      ('students_primary', 0.12), ('students_lower_secondary', 0.09), ('students_upper_secondary', 0.07), ('students_higher', 0.05)) g(grp, f)
    on conflict do nothing`);
  await client.query(`drop table syn_commune`);
  await client.query(`analyze`);
  const seconds = (performance.now() - started) / 1000;
  await client.end();

  const rollupStarted = performance.now();
  const database = await openDatabase({ kind: 'postgres', url });
  await rebuildRollups(database.db);
  const rollupSeconds = (performance.now() - rollupStarted) / 1000;
  const diff = await checkRollups(database.db, 5);
  await database.close();
  if (diff.length) throw new Error(`roll-ups differ after rebuild: ${JSON.stringify(diff)}`);
  return { seconds, rollupSeconds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const learners = Number(arg('learners', '10000'));
  const url = arg('database-url', '') || (await freshDatabase('hvs_synthetic'));
  console.log(`seed:synthetic: ${learners} learners into ${url}`);
  const { seconds, rollupSeconds } = await generate(url, learners);
  console.log(
    `seed:synthetic: rows in ${seconds.toFixed(1)} s, roll-ups rebuilt and checked in ${rollupSeconds.toFixed(1)} s`,
  );
}
