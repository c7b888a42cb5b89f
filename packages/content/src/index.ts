export * from './schema.ts';
export * from './catalog.ts';
export { splitFrontmatter } from './frontmatter.ts';
export { checkContent, formatIssue, type ContentIssue } from './check.ts';
