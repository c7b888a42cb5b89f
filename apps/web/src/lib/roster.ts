import { parse } from 'csv-parse/browser/esm/sync';

/** The longest name an account takes (as the API's BulkStudentsSchema). */
export const MAX_NAME = 60;

export type RosterProblem = { line: number; kind: 'empty' | 'tooLong' | 'noColumn' | 'unreadable' };
export type Roster = { names: string[]; problems: RosterProblem[] };

const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
// Headings a class list from a school system or Excel uses for the name column.
const NAME_HEADINGS = new Set([
  'ho va ten',
  'ho ten',
  'ten',
  'ten hoc sinh',
  'ho va ten hoc sinh',
  'hoc sinh',
  'name',
  'full name',
]);

/**
 * Reads a class list saved as CSV: the column headed "Họ và tên" (or "Họ tên", "Tên"…), or the only
 * column of a file without headings. Comma, semicolon or tab separated; UTF-8 with or without BOM.
 * Every row that cannot give a name is reported with its line number, in words a teacher can act on.
 */
export function readRoster(bytes: ArrayBuffer): Roster {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Excel's plain "CSV" is in the Windows code page: Vietnamese would come out garbled.
    return { names: [], problems: [{ line: 1, kind: 'unreadable' }] };
  }
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    // with `info: true` each record comes with where it ends (the types do not follow the option)
    rows = parse(text, {
      bom: true,
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as typeof rows;
  } catch {
    return { names: [], problems: [{ line: 1, kind: 'unreadable' }] };
  }
  if (rows.length === 0) return { names: [], problems: [] };
  const heading = rows[0]!.record.findIndex((cell) => NAME_HEADINGS.has(plain(cell)));
  const widest = Math.max(...rows.map((r) => r.record.filter((c) => c !== '').length));
  if (heading < 0 && widest > 1) return { names: [], problems: [{ line: rows[0]!.info.lines, kind: 'noColumn' }] };
  const column = Math.max(heading, 0);
  const names: string[] = [];
  const problems: RosterProblem[] = [];
  for (const { record, info } of heading >= 0 ? rows.slice(1) : rows) {
    const name = (record[column] ?? '').replace(/\s+/g, ' ').trim();
    if (!name) problems.push({ line: info.lines, kind: 'empty' });
    else if (name.length > MAX_NAME) problems.push({ line: info.lines, kind: 'tooLong' });
    else names.push(name);
  }
  return { names, problems };
}
