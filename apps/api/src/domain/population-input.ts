import { parse } from 'csv-parse/sync';
import { POPULATION_GROUP_IDS, type PopulationEntry } from '@hvs/contracts';
import { AppError } from '../errors.ts';

/** One thing wrong with one row of a population file or request: where, and why, in Vietnamese. */
export type PopulationProblem = { line: number; column: string; reason: string };

export class PopulationInputError extends AppError {
  constructor(problems: PopulationProblem[]) {
    super(
      400,
      'population_invalid',
      `${problems.length} lỗi, không có số liệu nào được lưu: ` +
        problems
          .slice(0, 20)
          .map((p) => `dòng ${p.line}, cột ${p.column}: ${p.reason}`)
          .join('; '),
      problems,
    );
  }
}

const COLUMNS = ['unit_code', 'year', 'group', 'count'] as const;
const GROUPS = new Set<string>(POPULATION_GROUP_IDS);
const MAX_ROWS = 5000;

/**
 * A head count as officials type it: digits, optionally in groups of three separated by dots,
 * commas or spaces ("1.234.567", "1 234 567"). Everything else is refused: "101.5" is not a
 * thousands group (it is a decimal, a person cannot be half counted), "0x10", "1e3" and "" are not
 * counts (an empty cell must never become 0).
 */
export function parseCount(raw: string): number | null {
  const s = raw.trim();
  if (!/^\d+$/.test(s) && !/^\d{1,3}(?:([.,\s ])\d{3})(?:\1\d{3})*$/.test(s)) return null;
  const n = Number(s.replace(/[.,\s ]/g, ''));
  return Number.isSafeInteger(n) && n <= 200_000_000 ? n : null;
}

/**
 * Checks a whole set of figures: each row, and that no unit/year/group comes twice (which of two
 * figures would be the right one?). Returns every problem, so an official fixes the file once.
 */
export function checkPopulationEntries(
  rows: { line: number; unitCode: unknown; year: unknown; group: unknown; count: unknown }[],
  latestYear: number,
): { entries: PopulationEntry[]; problems: PopulationProblem[] } {
  const problems: PopulationProblem[] = [];
  const entries: PopulationEntry[] = [];
  const seen = new Map<string, number>();
  if (rows.length > MAX_ROWS) problems.push({ line: 0, column: '', reason: `tối đa ${MAX_ROWS} dòng` });
  for (const r of rows) {
    const bad = (column: string, reason: string) => problems.push({ line: r.line, column, reason });
    const unitCode = typeof r.unitCode === 'string' ? r.unitCode.trim() : '';
    if (!/^(VN|\d{2}|\d{5})$/.test(unitCode)) bad('unit_code', 'mã đơn vị phải là 2 chữ số (tỉnh) hoặc 5 chữ số (xã)');
    const year =
      typeof r.year === 'number' ? r.year : /^\d{4}$/.test(String(r.year ?? '').trim()) ? Number(r.year) : NaN;
    if (!Number.isInteger(year) || year < 2020 || year > latestYear) bad('year', `năm phải từ 2020 đến ${latestYear}`);
    const group = typeof r.group === 'string' ? r.group.trim() : '';
    if (!GROUPS.has(group)) bad('group', `nhóm phải là một trong: ${POPULATION_GROUP_IDS.join(', ')}`);
    const count =
      typeof r.count === 'number'
        ? Number.isSafeInteger(r.count) && r.count >= 0 && r.count <= 200_000_000
          ? r.count
          : null
        : typeof r.count === 'string'
          ? parseCount(r.count)
          : null;
    if (count === null) bad('count', 'số người phải là số nguyên không âm (không để trống, không có phần thập phân)');
    const key = `${unitCode}|${year}|${group}`;
    const first = seen.get(key);
    if (first !== undefined) bad('unit_code', `trùng đơn vị, năm và nhóm với dòng ${first}`);
    else seen.set(key, r.line);
    if (count !== null && problems.every((p) => p.line !== r.line))
      entries.push({ unitCode, year, group: group as PopulationEntry['group'], count });
  }
  return { entries, problems };
}

/** Parses a population CSV (header: unit_code, year, group, count; ',' or ';'), checking every row. */
export function parsePopulationFile(csv: string, latestYear: number) {
  const firstLine = csv.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, {
      bom: true,
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      delimiter,
      info: true,
      relax_column_count: true,
    });
  } catch (err) {
    throw new PopulationInputError([
      { line: 0, column: '', reason: `tệp CSV không đọc được: ${(err as Error).message}` },
    ]);
  }
  const header = firstLine
    .replace(/^\ufeff/, '')
    .split(delimiter)
    .map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (missing.length)
    throw new PopulationInputError(
      missing.map((c) => ({ line: 1, column: c, reason: 'thiếu cột này ở dòng tiêu đề' })),
    );
  if (records.length === 0)
    throw new PopulationInputError([{ line: 2, column: '', reason: 'tệp không có dòng số liệu' }]);
  const result = checkPopulationEntries(
    records.map(({ record, info }) => ({
      line: info.lines,
      unitCode: record.unit_code,
      year: record.year,
      group: record.group,
      count: record.count,
    })),
    latestYear,
  );
  if (result.problems.length) throw new PopulationInputError(result.problems);
  return result.entries;
}
