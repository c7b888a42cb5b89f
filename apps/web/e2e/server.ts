import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export type Platform = {
  url: string;
  /** the data folder of this run (the embedded database, the generated JWT secret) */
  dataDir: string;
  /** the PostgreSQL database of this run (TEST_DATABASE_URL set), or null for the embedded one */
  databaseUrl: string | null;
  /** ends the server process (a crash: SIGKILL), leaving its data; `start` runs it again on the same port */
  kill: (signal: NodeJS.Signals) => Promise<void>;
  start: () => Promise<void>;
  stop: () => Promise<void>;
};

/**
 * Starts the platform as `npm start` does (the built server, web and API on one origin) on a free
 * port, with a fresh embedded database, or a fresh PostgreSQL database when TEST_DATABASE_URL is set.
 */
export async function startPlatform(): Promise<Platform> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'hvs-e2e-'));
  // As `npm start` runs it: production mode, with the demo accounts (also on PostgreSQL here).
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    SEED_DEMO: 'true',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  let dropDb = async () => {};
  const admin = process.env.TEST_DATABASE_URL;
  if (admin) {
    const name = `hvs_e2e_${Date.now().toString(36)}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDb = async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    };
  } else {
    delete env.DATABASE_URL;
  }
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(process.execPath, [join(repoRoot, 'apps/api/dist/server.mjs')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout?.on('data', (d) => (log += d));
    child.stderr?.on('data', (d) => (log += d));
    const deadline = Date.now() + 240_000; // a busy 2-core CI machine can take minutes
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
      try {
        if ((await fetch(`${url}/api/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const exited = () =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((r) => child.once('exit', r));
  await launch();
  return {
    url,
    dataDir,
    databaseUrl: env.DATABASE_URL ?? null,
    kill: async (signal) => {
      child.kill(signal);
      await exited();
    },
    start: launch,
    stop: async () => {
      child.kill('SIGTERM');
      await exited();
      await dropDb();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The phone every browser test starts from. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' };

/**
 * The page fits its screen: no sideways scrolling at the viewport's width. On a phone (isMobile) the
 * browser zooms out to fit a page that overflows, and window.innerWidth grows with it, so comparing
 * scrollWidth with innerWidth alone could never fail: compare both with the viewport.
 */
export async function noHorizontalScroll(page: Page): Promise<boolean> {
  const width = page.viewportSize()!.width;
  return page.evaluate((w) => document.documentElement.scrollWidth <= w && window.innerWidth === w, width);
}
