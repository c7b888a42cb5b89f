import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'quiz-engine', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } });
