import { defineConfig } from 'vitest/config';

// Property tests run hundreds of generated quizzes: on a loaded 2-core machine 5 s is not enough.
export default defineConfig({
  test: { name: 'quiz-engine', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000 },
});
