// Runs every test project with vitest; with VITEST_JSON set, also writes the JSON report CI counts.
import { spawnSync } from 'node:child_process';

const args = ['vitest', 'run'];
if (process.env.VITEST_JSON)
  args.push('--reporter=default', '--reporter=json', `--outputFile.json=${process.env.VITEST_JSON}`);
const r = spawnSync('pnpm', ['exec', ...args, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
