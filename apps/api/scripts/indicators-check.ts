/**
 * `pnpm indicators:check`: recomputes every indicator roll-up from the raw rows (users,
 * certifications, units) and lists any difference from the stored ones; exits 1 if there is one.
 * Uses the same database as the server (DATABASE_URL, else the embedded one in DATA_DIR).
 */
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { checkRollups } from '../src/services/indicator-rollup.ts';

const config = loadConfig(process.env);
const database = await openDatabase(config.database);
await database.migrate();
const started = performance.now();
const differences = await checkRollups(database.db, 50);
await database.close();
const took = ((performance.now() - started) / 1000).toFixed(1);
if (differences.length === 0) {
  console.log(`indicators:check: every roll-up agrees with the raw rows (${took} s)`);
} else {
  console.error(
    `indicators:check: ${differences.length}${differences.length === 50 ? '+' : ''} differences (${took} s)`,
  );
  console.table(differences);
  process.exitCode = 1;
}
