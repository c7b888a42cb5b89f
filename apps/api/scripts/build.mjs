// Bundles the API for plain Node (which cannot import the workspace's TypeScript: STACK.md pitfall 7).
// Workspace packages are bundled in; everything from npm stays an import of node_modules.
import { build } from 'esbuild';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const external = Object.entries(pkg.dependencies)
  .filter(([, range]) => !String(range).startsWith('workspace:'))
  .map(([name]) => name);
// npm dependencies of workspace packages are bundled too: pnpm does not hoist them into apps/api.

rmSync(`${root}dist`, { recursive: true, force: true });
await build({
  entryPoints: [`${root}src/server.ts`],
  outfile: `${root}dist/server.mjs`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Bundled CommonJS (yaml) calls require(): give the ES module one.
  banner: {
    js: "import { createRequire as __hvsCreateRequire } from 'node:module'; const require = __hvsCreateRequire(import.meta.url);",
  },
  external: [...new Set(external)].flatMap((n) => [n, `${n}/*`]),
  logLevel: 'warning',
});
// db/client.ts finds its migrations next to itself: in the bundle, next to server.mjs.
cpSync(`${root}src/db/migrations`, `${root}dist/migrations`, { recursive: true });
console.log('api: built dist/server.mjs');
