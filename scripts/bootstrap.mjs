#!/usr/bin/env node
// The README's two commands, for a machine that has only Node and npm:
//   npm start  → install what is missing, build, then serve the platform on the embedded database
//   npm test   → install what is missing, build, then run every test of the workspace
// Written by hand because it must run before any dependency is installed.
import { execSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PNPM_VERSION = '12.21.0';
const task = process.argv[2];
if (task !== 'start' && task !== 'test') {
  console.error('usage: node scripts/bootstrap.mjs start|test');
  process.exit(2);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Học vụ số needs Node.js 20.19 or newer; this is ${process.versions.node}.`);
  process.exit(1);
}

function works(cmd) {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore', shell: process.platform === 'win32' }).status === 0;
}

/** pnpm as a command prefix: the installed one, a fresh global install, or through npx. */
function findPnpm() {
  if (works('pnpm')) return ['pnpm'];
  console.log(`› pnpm is missing: installing pnpm@${PNPM_VERSION} with npm`);
  if (spawnSync('npm', ['install', '-g', `pnpm@${PNPM_VERSION}`], { stdio: 'inherit' }).status === 0 && works('pnpm')) {
    return ['pnpm'];
  }
  console.log('› global install not possible here: using npx');
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}

function run(cmd, args, env = {}) {
  console.log(`› ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const [pnpm, ...pre] = findPnpm();
const frozen = process.env.CI ? ['--frozen-lockfile'] : [];
run(pnpm, [...pre, 'install', ...frozen]);

if (task === 'test') ensureChromium();
run(pnpm, [...pre, 'build']);

if (task === 'start') {
  // Hand over to the server; it closes cleanly on Ctrl+C / SIGTERM.
  const server = spawn(process.execPath, ['apps/api/dist/server.mjs'], {
    cwd: root,
    stdio: 'inherit',
    env: { NODE_ENV: 'production', ...process.env },
  });
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => server.kill(s));
  server.on('exit', (code) => process.exit(code ?? 0));
} else {
  run(pnpm, [...pre, 'test:all']);
}

/** The browser tests drive Debian's Chromium (no browser downloads on these machines). */
function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && works('apt-get')) {
    console.log('› Chromium is missing: installing Debian’s chromium package');
    try {
      execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
        stdio: 'inherit',
      });
      if (existsSync(path)) return;
    } catch {
      // fall through to the message
    }
  }
  console.error(
    `The browser tests need Chromium at ${path}. Install it (Debian/Ubuntu: sudo apt-get install chromium) ` +
      'or set CHROMIUM_PATH to its executable.',
  );
  process.exit(1);
}
