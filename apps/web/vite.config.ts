import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { defineConfig, type Plugin } from 'vitest/config';
import { build as esbuild } from 'esbuild';
import { tsImport } from 'tsx/esm/api';

const appDir = fileURLToPath(new URL('.', import.meta.url));

// Plain Node cannot import the workspace's TypeScript packages (STACK.md pitfall 7); tsx can.
const { defaultContentDir, loadCatalog } = (await tsImport(
  '@hvs/content',
  import.meta.url,
)) as typeof import('@hvs/content');

// The sveltekit() plugin reads process.cwd() when it is imported (STACK.md pitfall 4): load it with
// this folder as cwd, so a root `vitest run` over all projects still finds this app's routes.
// (Kit also reads this file inside worker threads, where chdir is not allowed and cwd is right.)
const previousCwd = process.cwd();
if (isMainThread) process.chdir(appDir);
const { sveltekit } = await import('@sveltejs/kit/vite');
const kit = await sveltekit();
if (isMainThread) process.chdir(previousCwd);

/**
 * The lesson catalog (module and lesson frontmatter, no quizzes) as a build-time module for server
 * code, and the lessons' images published under /noi-dung/<module>/img/.
 */
function content(): Plugin {
  const id = 'virtual:hvs-catalog';
  return {
    name: 'hvs-content',
    buildStart() {
      const out = join(appDir, 'static', 'noi-dung');
      rmSync(out, { recursive: true, force: true });
      for (const mod of readdirSync(join(defaultContentDir, 'lessons'))) {
        const img = join(defaultContentDir, 'lessons', mod, 'img');
        if (!existsSync(img)) continue;
        mkdirSync(join(out, mod), { recursive: true });
        cpSync(img, join(out, mod, 'img'), { recursive: true });
      }
    },
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(source) {
      if (source !== `\0${id}`) return;
      this.addWatchFile(join(defaultContentDir, 'lessons'));
      const { modules } = loadCatalog(defaultContentDir);
      return `export const modules = ${JSON.stringify(modules)};`;
    },
  };
}

/**
 * The learner pages' scripts (src/lib/enhance/, docs/adr/0007) as standalone files with a content
 * hash under /_app/immutable/, so phones cache them for good. Kit bundles only what hydrates, and
 * these pages do not hydrate: each file is built here with esbuild and its URL is a virtual module.
 * Both of Kit's builds (client and server) compute the same names.
 * - `virtual:learner-script`: every learner page (outbox, ↑/↓ ordering, service worker registration)
 * - `virtual:offline-script`: the module page and the stored-lessons page only (downloads, storage)
 */
function learnerScripts(): Plugin {
  const entries: Record<string, { file: string; name: string }> = {
    'virtual:learner-script': { file: join(appDir, 'src/lib/enhance/learner.ts'), name: 'learner' },
    'virtual:offline-script': { file: join(appDir, 'src/lib/enhance/offline.ts'), name: 'offline' },
  };
  const built = new Map<string, Promise<{ code: string; fileName: string }>>();
  const bundle = (id: string) => {
    let b = built.get(id);
    if (!b) {
      const { file, name } = entries[id]!;
      b = esbuild({
        entryPoints: [file],
        bundle: true,
        minify: true,
        format: 'iife',
        target: 'es2020',
        write: false,
      }).then((r) => {
        const code = r.outputFiles[0]!.text;
        const hash = createHash('sha256').update(code).digest('base64url').slice(0, 10);
        return { code, fileName: `_app/immutable/assets/${name}.${hash}.js` };
      });
      built.set(id, b);
    }
    return b;
  };
  return {
    name: 'hvs-learner-scripts',
    buildStart() {
      built.clear();
      for (const { file } of Object.values(entries)) this.addWatchFile(file);
    },
    resolveId: (source) => (source in entries ? `\0${source}` : undefined),
    async load(source) {
      const id = source.slice(1);
      if (!source.startsWith('\0') || !(id in entries)) return;
      return `export default ${JSON.stringify(`/${(await bundle(id)).fileName}`)};`;
    },
    async generateBundle() {
      for (const id of Object.keys(entries)) {
        const { code, fileName } = await bundle(id);
        this.emitFile({ type: 'asset', fileName, source: code });
      }
    },
    configureServer(server) {
      // any change under lib/enhance or lib/offline may touch either bundle
      server.watcher.on('change', (file) => {
        if (file.includes('/src/lib/enhance/') || file.includes('/src/lib/offline/')) built.clear();
      });
      server.middlewares.use(async (req, res, next) => {
        for (const id of Object.keys(entries)) {
          const { code, fileName } = await bundle(id);
          if (req.url?.split('?')[0] !== `/${fileName}`) continue;
          res.setHeader('content-type', 'text/javascript');
          res.end(code);
          return;
        }
        next();
      });
    },
  };
}

export default defineConfig({
  plugins: [content(), learnerScripts(), kit],
  server: {
    fs: { allow: [join(appDir, '../../content')] },
    proxy: { '/api': process.env.API_ORIGIN ?? 'http://127.0.0.1:3001' },
  },
  test: {
    name: 'web',
    include: ['src/**/*.test.ts'],
  },
});
