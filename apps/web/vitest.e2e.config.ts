import { defineConfig } from 'vitest/config';

// Browser journeys: the built platform (pnpm build) served by the real server, driven in Chromium.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.test.ts'],
    hookTimeout: 300_000, // the server may take minutes to start on a loaded 2-core machine (server.ts)
    testTimeout: 240_000,
    fileParallelism: false,
  },
});
