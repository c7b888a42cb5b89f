import { parse } from 'yaml';

/** Splits a Markdown file into its YAML frontmatter (parsed) and body. */
export function splitFrontmatter(source: string): { data: unknown; body: string; bodyLine: number } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!match) return { data: undefined, body: source, bodyLine: 1 };
  const head = match[0];
  return {
    data: parse(match[1] ?? ''),
    body: source.slice(head.length),
    bodyLine: head.split('\n').length,
  };
}
