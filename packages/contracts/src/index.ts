export * from './errors.ts';
export * from './attempts.ts';
export * from './quizzes.ts';
export * from './progress.ts';
export * from './health.ts';
export * from './accounts.ts';
export * from './classes.ts';
export * from './indicators.ts';
