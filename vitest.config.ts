import { defineConfig } from 'vitest/config';

// `pnpm test:all` runs every project; CI checks that none of them ran zero tests (STACK.md pitfall 4).
export default defineConfig({
  test: {
    projects: [
      'packages/quiz-engine',
      'packages/content',
      'seeds',
      'apps/api',
      'apps/web/vite.config.ts',
      'apps/web/vitest.e2e.config.ts',
    ],
  },
});
