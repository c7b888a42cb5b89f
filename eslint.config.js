import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

// Import boundaries (docs/architecture.md). Each entry is a `no-restricted-imports` pattern: a regex
// over the import specifier and the reason shown to whoever crosses it.
const pattern = (regex, message) => ({ regex, message });
const FRAMEWORK_DB_HTTP = pattern(
  '^(fastify(-.*)?|@fastify/.*|drizzle-orm(/.*)?|drizzle-kit|pg|@electric-sql/pglite|node:https?|https?|undici|@sveltejs/.*|svelte(/.*)?)$',
  'Pure code (domain/, packages/quiz-engine) imports no framework, database or HTTP code.',
);
const APP_LAYERS = pattern(
  '(^|/)(db|plugins|routes|services|features)/',
  'domain/ is pure: it imports no database, plugin, route or service; they import it.',
);
const DATABASE = pattern(
  '(^|/)db/|^(drizzle-orm(/.*)?|pg|@electric-sql/pglite)$',
  'Routes do not touch the database: call a service.',
);
const PLUGINS_HTTP = pattern(
  '(^|/)plugins/|^(fastify|@fastify/.*)$',
  'Services do not import plugins or HTTP: a route hands them the actor and plain input.',
);
const USE_CASES = pattern(
  '(^|/)(plugins|routes)/|\\.service\\.ts$',
  'The database layer (schema, seed loaders) does not reach into plugins, routes or services.',
);
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const boundaries = [
  { files: ['apps/api/src/domain/**/*.ts'], rules: restrict(FRAMEWORK_DB_HTTP, APP_LAYERS) },
  { files: ['packages/quiz-engine/src/**/*.ts'], rules: restrict(FRAMEWORK_DB_HTTP) },
  { files: ['apps/api/src/routes/**/*.ts', 'apps/api/src/features/**/*.routes.ts'], rules: restrict(DATABASE) },
  {
    files: [
      'apps/api/src/services/**/*.ts',
      'apps/api/src/features/**/*.service.ts',
      'apps/api/src/features/**/*.store.ts',
    ],
    rules: restrict(PLUGINS_HTTP),
  },
  { files: ['apps/api/src/db/**/*.ts'], rules: restrict(USE_CASES) },
];

export default ts.config(
  {
    ignores: [
      '**/node_modules/',
      '**/build/',
      '**/dist/',
      '**/.svelte-kit/',
      'apps/web/static/noi-dung/',
      'test-results/',
      '**/migrations/meta/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // The app is served at the origin's root (no `paths.base`), so plain hrefs are already resolved.
      'svelte/no-navigation-without-resolve': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  ...boundaries,
  {
    // No import cycle anywhere in the apps and packages.
    files: ['apps/**/*.ts', 'packages/**/*.ts', 'seeds/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
);
