import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.ts';
import type { Config } from '../config.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbKind = 'pglite' | 'postgres';

export type Database = {
  db: Db;
  kind: DbKind;
  /** applies pending migrations; returns how many are recorded as applied */
  migrate(): Promise<number>;
  close(): Promise<void>;
};

/** Bundled builds copy the migrations next to the bundle (scripts/build.mjs). */
export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Opens PostgreSQL (pg pool) or the embedded PGlite; the same schema and migrations serve both. */
export async function openDatabase(
  config: Config['database'],
  onIdleError: (err: Error) => void = (err) => console.warn(`database: idle connection lost: ${err.message}`),
): Promise<Database> {
  if (config.kind === 'postgres') {
    const { Pool } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pool = new Pool({ connectionString: config.url, max: 20 });
    // An idle connection can be cut by the server (restart, failover, admin). pg discards it and the
    // next query reconnects; without a listener the 'error' event would crash the process.
    pool.on('error', onIdleError);
    // A client checked out for a transaction has no pool listener: when the server ends its session
    // (restart, failover: 57P01) it emits 'error' itself, and an unheard 'error' ends the process
    // (STACK.md pitfall 11). Every client gets its own listener for its whole life; the query in flight
    // fails on its own, the request answers 503, and the pool replaces the client.
    pool.on('connect', (client) => client.on('error', onIdleError));
    const db = drizzle({ client: pool, schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: async () => {
        await migrate(db as never, { migrationsFolder });
        return countMigrations(db);
      },
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  const client = config.dataDir ? new PGlite(config.dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzle({ client, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: async () => {
      await migrate(db as never, { migrationsFolder });
      return countMigrations(db);
    },
    close: () => client.close(),
  };
}

async function countMigrations(db: Db): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return Number((rows as unknown as { rows: { n: number }[] }).rows?.[0]?.n ?? 0);
}
