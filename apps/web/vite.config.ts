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
 * The learner pages' one script (src/lib/enhance/learner.ts, docs/adr/0007) as a standalone file with
 * a content hash under /_app/immutable/, so phones cache it for good. Kit bundles only what hydrates,
 * and these pages do not hydrate: the file is built here with esbuild and its URL is the module
 * `virtual:learner-script`. Both of Kit's builds (client and server) compute the same name.
 */
function learnerScript(): Plugin {
  const id = 'virtual:learner-script';
  const entry = join(appDir, 'src/lib/enhance/learner.ts');
  let built: Promise<{ code: string; fileName: string }> | null = null;
  const bundle = () =>
    (built ??= esbuild({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'iife',
      target: 'es2020',
      write: false,
    }).then((r) => {
      const code = r.outputFiles[0]!.text;
      const hash = createHash('sha256').update(code).digest('base64url').slice(0, 10);
      return { code, fileName: `_app/immutable/assets/learner.${hash}.js` };
    }));
  return {
    name: 'hvs-learner-script',
    buildStart() {
      built = null;
      this.addWatchFile(entry);
    },
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    async load(source) {
      if (source !== `\0${id}`) return;
      return `export default ${JSON.stringify(`/${(await bundle()).fileName}`)};`;
    },
    async generateBundle() {
      const { code, fileName } = await bundle();
      this.emitFile({ type: 'asset', fileName, source: code });
    },
    configureServer(server) {
      server.watcher.on('change', (file) => {
        if (file === entry) built = null;
      });
      server.middlewares.use(async (req, res, next) => {
        const { code, fileName } = await bundle();
        if (req.url?.split('?')[0] !== `/${fileName}`) return next();
        res.setHeader('content-type', 'text/javascript');
        res.end(code);
      });
    },
  };
}

export default defineConfig({
  plugins: [content(), learnerScript(), kit],
  server: {
    fs: { allow: [join(appDir, '../../content')] },
    proxy: { '/api': process.env.API_ORIGIN ?? 'http://127.0.0.1:3001' },
  },
  test: {
    name: 'web',
    include: ['src/**/*.test.ts'],
  },
});
