/**
 * `pnpm indicators:check`: recomputes every indicator roll-up from the raw rows (users,
 * certifications, units) and every population roll-up from the figures entered, and lists any
 * difference from the stored ones; exits 1 if there is one. Uses the same database as the server
 * (DATABASE_URL, else the embedded one in DATA_DIR).
 */
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { checkPopulationRollup } from '../src/services/indicator-population.ts';
import { checkRollups } from '../src/services/indicator-rollup.ts';

const config = loadConfig(process.env);
const database = await openDatabase(config.database);
await database.migrate();
const started = performance.now();
const differences = await checkRollups(database.db, 50);
const population = await checkPopulationRollup(database.db, 50);
const counts = (await database.db.execute(
  'select (select count(*) from indicator_week) as weeks, (select count(*) from population_rollup) as population',
)) as unknown as { rows: { weeks: string; population: string }[] };
await database.close();
const took = ((performance.now() - started) / 1000).toFixed(1);
const { weeks, population: figures } = counts.rows[0]!;
if (differences.length === 0 && population.length === 0) {
  console.log(
    `indicators:check: every roll-up agrees with the raw rows (${weeks} weekly rows, ${figures} population roll-up rows; ${took} s)`,
  );
} else {
  if (differences.length) {
    console.error(
      `indicators:check: ${differences.length}${differences.length === 50 ? '+' : ''} roll-up differences (${took} s)`,
    );
    console.table(differences);
  }
  if (population.length) {
    console.error(
      `indicators:check: ${population.length}${population.length === 50 ? '+' : ''} population roll-up differences`,
    );
    console.table(population);
  }
  process.exitCode = 1;
}
