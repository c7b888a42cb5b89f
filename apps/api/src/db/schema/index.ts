export * from './admin-unit.ts';
export * from './attempt.ts';
export * from './certification.ts';
export * from './quiz-version.ts';
export * from './user.ts';
export * from './class.ts';
export * from './indicator.ts';
export * from './account-trust.ts';
