/**
 * Synthetic learners for load tests: `pnpm seed:synthetic --learners 1000000 [--database-url URL]`.
 * Rows are made by PostgreSQL itself (INSERT … SELECT over generate_series, one batch per group of
 * communes), without shipping rows through Node. The spread:
 * - provinces weighted log-normally (σ 0.7: the largest about 15× the smallest, as populations are),
 *   communes log-normally within them (σ 0.8, wards × 2): communes range from a handful of learners
 *   to thousands;
 * - about a fifth pupils and students by age; public-sector staff and workers among adults;
 *   households of 1–4 accounts (blocks of four split in one of five ways), 15% without one;
 *   self-reported smartphone and e-payment answers, some left blank; sign-ups over the last 30 weeks;
 * - for each learner, how far they got in their group's core lessons of the real curriculum: one
 *   passing attempt per lesson done (some with a failed try before it), the lesson_progress summary
 *   rows that go with them, and, for those who did every core lesson, the certificate at the time of
 *   the last one. Attempts and progress agree with certifications as the API would have written them.
 * Roll-ups are then rebuilt from the raw rows and checked.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { rebuildPopulationRollup } from '../src/services/indicator-population.ts';
import { checkRollups, rebuildRollups } from '../src/services/indicator-rollup.ts';
import { arg, freshDatabase } from './common.ts';

/** A standard normal draw in SQL (Box–Muller): PostgreSQL 15 has no random_normal(). */
const NORMAL = `sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())`;

export async function generate(
  url: string,
  learners: number,
  log = console.log,
): Promise<{ seconds: number; rollupSeconds: number; rows: Record<string, number> }> {
  // Migrations, administrative units and the curriculum, exactly as the server has them.
  const app = await buildApp(
    loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }),
  );
  await app.ready();
  const curriculum = app.content.curriculum;
  if (!curriculum) throw new Error('the content has no curriculum');
  const core = Object.entries(curriculum.groups).flatMap(([group, g]) =>
    g.core.map((lessonId, i) => ({ group, ord: i + 1, lessonId, version: app.content.currentQuiz(lessonId)!.version })),
  );
  await app.close();

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  await client.query(`set synchronous_commit = off`);
  await client.query(`set work_mem = '64MB'`);
  await client.query(`select setseed(0.42)`);
  await client.query(`drop table if exists syn_commune, syn_core, syn_learner, syn_pass, syn_stuck`);
  await client.query(
    `create unlogged table syn_core (grp text, ord int, lesson_id text, quiz_version text, primary key (grp, ord))`,
  );
  await client.query(
    `insert into syn_core select * from json_to_recordset($1::json) as x(grp text, ord int, "lessonId" text, version text)`,
    [JSON.stringify(core.map((c) => ({ grp: c.group, ord: c.ord, lessonId: c.lessonId, version: c.version })))],
  );
  await client.query(`
    create unlogged table syn_commune as
    with province as (select code, exp(0.7 * ${NORMAL}) as w from admin_unit where parent_code is null)
    select a.code, a.kind, row_number() over (order by a.code) as k,
           p.w * exp(0.8 * ${NORMAL} + case when a.kind = 'ward' then 0.7 else 0 end) as w
    from admin_unit a join province p on p.code = a.parent_code`);
  await client.query(`alter table syn_commune add column n int`);
  await client.query(`update syn_commune set n = round($1::numeric * w / (select sum(w) from syn_commune))`, [
    learners,
  ]);
  // The share of each group that gets through every core lesson, and the time it takes them.
  await client.query(`
    create unlogged table syn_learner (id uuid, grp text, core_n int, done int, created_at timestamptz, finish_at timestamptz)`);
  const { rows } = await client.query<{ c: string }>(`select count(*) as c from syn_commune`);
  const communes = Number(rows[0]!.c);
  const batch = 200;
  for (let from = 1; from <= communes; from += batch) {
    await client.query(
      `
      with u as (
        insert into app_user (id, login, password_hash, display_name, birth_year, commune_code, household_key,
          public_servant, worker, student_level, has_smartphone, has_epayment, consent_version, consent_at, created_at)
        select gen_random_uuid(), 'syn-' || c.code || '-' || g, 'synthetic-no-login', 'Học viên ' || g,
               by.y, c.code,
               case when r.b > 0.85 then null
                    else 'h' || ((g - 1) / 4) || '-' || substr((array['0000', '0001', '0011', '0012', '0123'])[1 + abs(hashtext(c.code || '/' || ((g - 1) / 4))) % 5], 1 + (g - 1) % 4, 1) end,
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
        where c.k between $1 and $2
        returning id, public_servant, worker, student_level, created_at
      ), grouped as (
        select id, created_at,
               case when student_level is not null then 'student_' || student_level when public_servant then 'public_servant'
                    when worker then 'worker' else 'adult' end as grp,
               case when public_servant then 0.7 when student_level is not null then 0.45 when worker then 0.4 else 0.3 end as rate,
               random() as r, random() as s
        from u
      )
      insert into syn_learner
      select g.id, g.grp, n.core_n,
             -- finishers do every core lesson; the others stop early, most after a few lessons
             case when g.r < g.rate then n.core_n else least(n.core_n - 1, floor(n.core_n * power(g.s, 2.5))::int) end,
             g.created_at, least(now(), g.created_at + (0.05 + 0.95 * random()) * interval '60 days')
      from grouped g join (select grp, count(*)::int as core_n from syn_core group by 1) n on n.grp = g.grp`,
      [from, from + batch - 1],
    );
    log(`  communes ${from}–${Math.min(from + batch - 1, communes)} of ${communes}`);
  }
  await client.query(`create index on syn_learner (done)`);
  await client.query(`analyze syn_learner`);
  // Lesson i of n done at created + (finish − created) · i / n; 20% of them after one failed try.
  log('  attempts and lesson progress');
  await client.query(`
    create unlogged table syn_pass as
    select l.id as learner_id, c.lesson_id, c.quiz_version,
           l.created_at + (l.finish_at - l.created_at) * c.ord / l.done as at,
           random() < 0.2 as failed_first, 0.7 + 0.3 * random() as score
    from syn_learner l join syn_core c on c.grp = l.grp and c.ord <= l.done
    where l.done > 0`);
  await client.query(`
    insert into attempt (id, learner_id, lesson_id, quiz_version, item_ids, answers, item_scores, score, pass_mark, passed,
      body_hash, source, received_at)
    select gen_random_uuid(), learner_id, lesson_id, quiz_version, '[]'::jsonb, '{}'::jsonb, '{}'::jsonb, score, 0.7, true, 'synthetic', 'online', at
    from syn_pass
    union all
    select gen_random_uuid(), learner_id, lesson_id, quiz_version, '[]'::jsonb, '{}'::jsonb, '{}'::jsonb, 0.7 * random(), 0.7, false, 'synthetic', 'online',
           at - interval '1 hour'
    from syn_pass where failed_first`);
  // the lesson a learner stopped at, tried once and failed, by half of those who stopped
  await client.query(`
    create unlogged table syn_stuck as
    select l.id as learner_id, c.lesson_id, c.quiz_version, l.finish_at as at, 0.6 * random() as score
    from syn_learner l join syn_core c on c.grp = l.grp and c.ord = l.done + 1
    where l.done < l.core_n and random() < 0.5`);
  await client.query(`
    insert into attempt (id, learner_id, lesson_id, quiz_version, item_ids, answers, item_scores, score, pass_mark, passed,
      body_hash, source, received_at)
    select gen_random_uuid(), learner_id, lesson_id, quiz_version, '[]'::jsonb, '{}'::jsonb, '{}'::jsonb, score, 0.7, false, 'synthetic', 'online', at
    from syn_stuck`);
  await client.query(`
    insert into lesson_progress (learner_id, lesson_id, attempts, best_score, last_score, first_passed_at, last_attempt_at)
    select learner_id, lesson_id, case when failed_first then 2 else 1 end, score, score, at, at from syn_pass
    union all
    select learner_id, lesson_id, 1, score, score, null, at from syn_stuck`);
  log('  certifications');
  await client.query(
    `
    insert into certification (user_id, curriculum_version, curriculum_group, code, earned_at)
    select id, $1, grp, 'SYN-' || replace(id::text, '-', ''), finish_at
    from syn_learner where done = core_n`,
    [curriculum.version],
  );
  log('  population figures');
  await client.query(`
    insert into population (unit_code, year, "group", count)
    select c.code, extract(year from now() + interval '7 hours')::int, g.grp, greatest(1, round(c.n * g.f * (0.8 + random() * 0.8)))::int
    from syn_commune c cross join (values ('adults', 2.2), ('public_servants', 0.12), ('workers', 0.7), ('households', 0.9),
      ('students_primary', 0.12), ('students_lower_secondary', 0.09), ('students_upper_secondary', 0.07), ('students_higher', 0.05)) g(grp, f)
    on conflict do nothing`);
  const counts: Record<string, number> = {};
  for (const table of ['app_user', 'attempt', 'lesson_progress', 'certification']) {
    counts[table] = Number((await client.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
  }
  const spread = (
    await client.query<{ min: number; p50: number; max: number }>(
      `select min(n) as min, percentile_disc(0.5) within group (order by n) as p50, max(n) as max from syn_commune`,
    )
  ).rows[0]!;
  log(`  learners per commune: min ${spread.min}, median ${spread.p50}, max ${spread.max}`);
  await client.query(`drop table syn_commune, syn_core, syn_learner, syn_pass, syn_stuck`);
  await client.query(`analyze`);
  const seconds = (performance.now() - started) / 1000;
  await client.end();

  const rollupStarted = performance.now();
  const database = await openDatabase({ kind: 'postgres', url });
  await rebuildRollups(database.db);
  await rebuildPopulationRollup(database.db);
  // as autovacuum would after a bulk load: the planner needs the roll-ups' statistics
  await database.db.execute(sql`analyze indicator_total, indicator_week, population_rollup`);
  const diff = await checkRollups(database.db, 5);
  const rollupSeconds = (performance.now() - rollupStarted) / 1000;
  await database.close();
  if (diff.length) throw new Error(`roll-ups differ after rebuild: ${JSON.stringify(diff)}`);
  return { seconds, rollupSeconds, rows: counts };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const learners = Number(arg('learners', '10000'));
  const url = arg('database-url', '') || (await freshDatabase('hvs_synthetic'));
  console.log(`seed:synthetic: ${learners} learners into ${url}`);
  const { seconds, rollupSeconds, rows } = await generate(url, learners);
  console.log(
    `seed:synthetic: rows in ${seconds.toFixed(1)} s (${Object.entries(rows)
      .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
      .join(', ')}), roll-ups rebuilt and checked in ${rollupSeconds.toFixed(1)} s`,
  );
}
