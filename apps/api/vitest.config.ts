import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'api',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // PGlite takes seconds to open in a new worker; PostgreSQL tests create a database per file.
    hookTimeout: 180_000,
    testTimeout: 30_000,
  },
});
