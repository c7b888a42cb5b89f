export * from './schema.ts';
export * from './catalog.ts';
export * from './practice.ts';
export * from './curriculum.ts';
export { splitFrontmatter } from './frontmatter.ts';
export { checkContent, formatIssue, type ContentIssue } from './check.ts';
