import { defineConfig } from 'vitest/config';

// Browser journeys: the built platform (pnpm build) served by the real server, driven in Chromium.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.test.ts'],
    hookTimeout: 120_000,
    testTimeout: 120_000,
    fileParallelism: false,
  },
});
