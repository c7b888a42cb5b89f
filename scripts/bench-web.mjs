// pnpm bench:web — builds the platform, serves it, opens the first lesson in a fresh Chromium
// profile at phone size and reports the bytes a phone downloads on that first visit, by kind,
// compressed with gzip (as served to a browser that accepts gzip). STACK.md has the floor to hold.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!process.argv.includes('--no-build')) {
  const b = spawnSync('pnpm', ['build'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const port = 3000 + Math.floor(Math.random() * 1000) + 1000;
const dataDir = mkdtempSync(join(tmpdir(), 'hvs-bench-'));
const server = spawn(process.execPath, ['apps/api/dist/server.mjs'], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DATABASE_URL: '' /* the embedded database */,
  },
  stdio: 'ignore',
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {
    if (i > 1200) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
}

// The first lesson of the first module, as the home page lists them.
const home = await (await fetch(`${base}/`)).text();
const firstModule = /href="\/hoc\/([a-z0-9-]+)"/.exec(home)?.[1];
const modulePage = await (await fetch(`${base}/hoc/${firstModule}`)).text();
const lessonPath = /href="(\/bai-hoc\/[a-z0-9-]+)"/.exec(modulePage)?.[1];

const browser = await chromium.launch({
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

/** Opens `path` in a fresh profile (empty cache); returns what came over the wire and the LCP. */
async function firstVisit(path) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const requests = [];
  // the context's requests: the page's, and the service worker's (its script, what it stores at install)
  context.on('requestfinished', (r) =>
    requests.push({
      url: r.url(),
      type: r.serviceWorker() || new URL(r.url()).pathname === '/service-worker.js' ? 'worker' : r.resourceType(),
    }),
  );
  await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
  // the service worker registers after the page's load and stores its offline pages: part of a first visit
  await page.evaluate(() =>
    'serviceWorker' in navigator
      ? Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 10_000))])
      : null,
  );
  await page.waitForTimeout(1000);
  const lcp = await page.evaluate(
    () =>
      new Promise((resolve) => {
        new PerformanceObserver((l) => {
          const e = l.getEntries().at(-1);
          resolve(e ? Math.round(e.startTime) : null);
        }).observe({ type: 'largest-contentful-paint', buffered: true });
        setTimeout(() => resolve(null), 2000);
      }),
  );
  await context.close();
  return { requests, lcp };
}

/** Bytes on the wire for one URL when the client accepts gzip only. */
function gzipBytes(url) {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let n = 0;
      res.on('data', (d) => (n += d.length));
      res.on('end', () => resolve({ bytes: n, encoding: res.headers['content-encoding'] ?? 'identity' }));
    }).on('error', reject);
  });
}

const kinds = {
  document: 'HTML',
  script: 'JS',
  stylesheet: 'CSS',
  image: 'images',
  font: 'fonts',
  worker: 'offline', // the service worker and what it stores at install (issue 16)
};
async function measure(path) {
  const { requests, lcp } = await firstVisit(path);
  const totals = {};
  const rows = [];
  // one URL once: a second fetch of it (the service worker storing what the page loaded) is the browser's cache
  const seen = new Set();
  for (const r of requests.filter((r) => r.url.startsWith(base) && !seen.has(r.url) && seen.add(r.url))) {
    const { bytes, encoding } = await gzipBytes(r.url);
    const kind = kinds[r.type] ?? 'other';
    totals[kind] = (totals[kind] ?? 0) + bytes;
    rows.push({ path: r.url.slice(base.length), kind, bytes, encoding });
  }
  return { path, totals, total: Object.values(totals).reduce((a, b) => a + b, 0), requests: rows, lcp };
}

// The lesson a learner opens first, and its quiz opened directly (a shared link, a fresh phone): the
// quiz page is the one that carries the app's JavaScript.
const lesson = await measure(lessonPath);
const quiz = await measure(`${lessonPath}/kiem-tra`);
await browser.close();
server.kill('SIGTERM');
rmSync(dataDir, { recursive: true, force: true });

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const m of [lesson, quiz]) {
  console.log(`\nFirst visit to ${m.path} (390×844, empty cache), gzip:\n`);
  for (const r of m.requests)
    console.log(`  ${r.kind.padEnd(7)} ${kb(r.bytes).padStart(9)}  ${r.encoding.padEnd(8)} ${r.path}`);
  console.log('');
  for (const [k, v] of Object.entries(m.totals)) console.log(`  ${k.padEnd(7)} ${kb(v).padStart(9)}`);
  console.log(`  ${'total'.padEnd(7)} ${kb(m.total).padStart(9)} in ${m.requests.length} requests (budget 40 KB)`);
  console.log(`  LCP ${m.lcp ?? 'n/a'} ms (local, no throttling)`);
  // the offline part: the service worker and what it fetches, and the outbox inside the learner script
  console.log(`  offline (service worker + its install) ${kb(m.totals.offline ?? 0)}`);
}
mkdirSync(join(root, '.bench'), { recursive: true });
writeFileSync(join(root, '.bench/web.json'), JSON.stringify({ lesson, quiz }, null, 2));
process.exit(lesson.total > 40 * 1024 || quiz.total > 40 * 1024 ? 1 : 0);
