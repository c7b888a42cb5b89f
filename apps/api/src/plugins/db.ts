import fp from 'fastify-plugin';
import { openDatabase, type Database, type Db, type DbKind } from '../db/client.ts';
import { seedAdminUnits } from '../db/seed.ts';
import type { Config } from '../config.ts';
import { safeError } from './safe-error.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    dbKind: DbKind;
    migrationsApplied: number;
  }
}

export type DbPluginOptions = {
  config: Config['database'];
  /** an already open database (tests share one per file); it is then not closed with the app */
  database?: Database;
};

/** Opens the database, applies migrations, loads reference data, and closes it when the app closes. */
export default fp<DbPluginOptions>(
  async (app, { config, database }) => {
    const owned = !database;
    const handle =
      database ??
      (await openDatabase(config, (err) => app.log.warn({ err: safeError(err) }, 'database: idle connection lost')));
    const applied = await handle.migrate();
    const seeded = await seedAdminUnits(handle.db);
    if (seeded.loaded) app.log.info(`seeded ${seeded.rows} administrative units`);
    app.decorate('db', handle.db);
    app.decorate('dbKind', handle.kind);
    app.decorate('migrationsApplied', applied);
    if (owned) app.addHook('onClose', () => handle.close());
  },
  { name: 'db' },
);
