import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type ContentIssue = { file: string; field: string; message: string };

export const formatIssue = (i: ContentIssue) => `${i.file} › ${i.field} — ${i.message}`;

/** Reports a problem at a file's field (the path is made relative by the caller). */
export type Add = (f: string, field: string, m: string) => void;

export function safeYaml(path: string, add: Add): unknown {
  try {
    return parse(readFileSync(path, 'utf8'));
  } catch (e) {
    add(path, 'file', `YAML không hợp lệ: ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

export /** zod's own message for an absent required field is English and technical; say it plainly. */
function schemaMessage(issue: { path: PropertyKey[]; message: string }): string {
  const key = issue.path.at(-1);
  if (/received undefined$/.test(issue.message) && key !== undefined) return `thiếu trường bắt buộc "${String(key)}"`;
  return issue.message;
}

