import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { loadCatalog } from '@hvs/content';
import { loadQuizzes } from '@hvs/content/quizzes';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { openDatabase, type Database } from '../src/db/client.ts';

/** A small, stable curriculum for API tests (the real one is checked by its own tests). */
export const fixtureContentDir = fileURLToPath(new URL('./fixtures/content', import.meta.url));

/** Set by CI: tests then run on a fresh database of that PostgreSQL server instead of PGlite. */
const postgresUrl = process.env.TEST_DATABASE_URL;

export type TestDatabase = Database & { url: string | null };

/** A fresh, empty database: in-memory PGlite, or a new database on the test PostgreSQL server. */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (!postgresUrl) return { ...(await openDatabase({ kind: 'pglite', dataDir: null })), url: null };
  const name = `hvs_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  // Idle connections are cut when the database is dropped at the end: expected, not a failure.
  const database = await openDatabase({ kind: 'postgres', url: url.toString() }, () => {});
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      const drop = new pg.Client({ connectionString: postgresUrl });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    CONTENT_DIR: fixtureContentDir,
    // Tests sign up many accounts from one address; the sign-up limit has its own test.
    SIGNUP_IP_RATE_LIMIT: '100000',
    ...(postgresUrl ? { DATABASE_URL: postgresUrl } : {}),
    ...overrides,
  });
}

/** The real app on a real database, without listening: call it with `app.inject`. */
export async function buildTestApp(
  database: Database,
  overrides: Record<string, string> = {},
): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(overrides), { database });
  await app.ready();
  return app;
}

export const expectedDbKind = postgresUrl ? 'postgres' : 'pglite';

/** The fixture curriculum's quizzes, with their keys (tests may know them). */
export const fixtureQuizzes = loadQuizzes(loadCatalog(fixtureContentDir), fixtureContentDir);

/**
 * Answers for a public quiz view from authored option ids (item id → option id, as written in the
 * fixture): the browser only ever sees attempt-local ids, so each is looked up by its text. An id the
 * fixture does not have is passed through as it is (a deliberately bad answer).
 */
export function answersFromAuthored(
  view: { lessonId?: string; items: { id: string; options?: { id: string; text: string }[] }[] },
  authored: Record<string, unknown>,
  lessonId = view.lessonId ?? 'demo-bai-thu',
): Record<string, unknown> {
  const quiz = fixtureQuizzes.get(lessonId)!.quiz;
  return Object.fromEntries(
    view.items.map((item) => {
      const def = quiz.items.find((i) => i.id === item.id);
      const want = authored[item.id];
      const text = def && 'options' in def ? def.options.find((o) => o.id === want)?.text : undefined;
      return [item.id, text === undefined ? want : item.options?.find((o) => o.text === text)?.id];
    }),
  );
}
