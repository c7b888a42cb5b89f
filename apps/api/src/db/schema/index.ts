export * from './attempt.ts';
export * from './quiz-version.ts';
