import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'seeds', include: ['test/**/*.test.ts'] } });
