/**
 * The class board: every student × every assigned lesson, with the numbers a teacher acts on. Pure:
 * the service reads the rows, this shapes them, and the JSON board and the CSV export both come from
 * the one result, so the file always says what the screen says.
 */
export type BoardStudent = { userId: string; displayName: string; login: string };
export type BoardLesson = { lessonId: string; title: string; dueAt: Date; assignmentId: string };
export type ProgressRow = {
  learnerId: string;
  lessonId: string;
  attempts: number;
  bestScore: number;
  firstPassedAt: Date | null;
};
export type CellStatus = 'passed' | 'passed_late' | 'tried' | 'not_started' | 'overdue';

export type Board = {
  lessons: { lessonId: string; title: string; dueAt: string; assignmentId: string; passed: number }[];
  rows: {
    userId: string;
    displayName: string;
    login: string;
    passed: number;
    late: number;
    cells: {
      lessonId: string;
      status: CellStatus;
      bestScore: number | null;
      attempts: number;
      passedAt: string | null;
    }[];
  }[];
};

export function buildBoard(
  students: BoardStudent[],
  lessons: BoardLesson[],
  progress: ProgressRow[],
  now: Date,
): Board {
  const byKey = new Map(progress.map((p) => [`${p.learnerId}|${p.lessonId}`, p]));
  const rows = students.map((s) => {
    const cells = lessons.map((l) => {
      const p = byKey.get(`${s.userId}|${l.lessonId}`);
      let status: CellStatus;
      if (p?.firstPassedAt) status = p.firstPassedAt > l.dueAt ? 'passed_late' : 'passed';
      else if (now > l.dueAt) status = 'overdue';
      else status = p ? 'tried' : 'not_started';
      return {
        lessonId: l.lessonId,
        status,
        bestScore: p ? p.bestScore : null,
        attempts: p?.attempts ?? 0,
        passedAt: p?.firstPassedAt ? p.firstPassedAt.toISOString() : null,
      };
    });
    return {
      ...s,
      passed: cells.filter((c) => c.status === 'passed' || c.status === 'passed_late').length,
      late: cells.filter((c) => c.status === 'passed_late' || c.status === 'overdue').length,
      cells,
    };
  });
  return {
    lessons: lessons.map((l, i) => ({
      lessonId: l.lessonId,
      title: l.title,
      dueAt: l.dueAt.toISOString(),
      assignmentId: l.assignmentId,
      passed: rows.filter((r) => r.cells[i]!.status === 'passed' || r.cells[i]!.status === 'passed_late').length,
    })),
    rows,
  };
}

/** How each status is written in the board's CSV (and on screen, by the web's messages). */
export const STATUS_TEXT: Record<CellStatus, string> = {
  passed: 'Đạt',
  passed_late: 'Đạt (muộn)',
  tried: 'Chưa đạt',
  not_started: 'Chưa làm',
  overdue: 'Quá hạn',
};

/** The board as table rows: a header, then one row per student. Numbers as on screen (percent, whole). */
export function boardTable(board: Board): string[][] {
  const header = ['Học sinh', 'Tên đăng nhập', 'Số bài đạt', 'Muộn / quá hạn'];
  for (const l of board.lessons)
    header.push(`${l.title} — trạng thái`, `${l.title} — điểm cao nhất (%)`, `${l.title} — số lần làm`);
  const body = board.rows.map((r) => {
    const row = [r.displayName, r.login, String(r.passed), String(r.late)];
    for (const c of r.cells) {
      row.push(
        STATUS_TEXT[c.status],
        c.bestScore === null ? '' : String(Math.round(c.bestScore * 100)),
        String(c.attempts),
      );
    }
    return row;
  });
  return [header, ...body];
}

/** The title row that starts the second part of the CSV, as on screen under the board. */
export const HARDEST_TITLE = 'Câu hỏi cả lớp thấy khó nhất';

/**
 * The hardest questions as table rows, in the board's order: lesson, question, share right (whole
 * percent, as on screen), how many answered, and the wrong answers most chosen with their counts.
 */
export function hardestTable(hardest: ItemStat[], lessonTitle: (id: string) => string): string[][] {
  const header = ['Bài', 'Câu hỏi', 'Trả lời đúng (%)', 'Số lượt trả lời', 'Sai nhiều nhất'];
  return [
    header,
    ...hardest.map((h) => [
      lessonTitle(h.lessonId),
      h.prompt,
      String(Math.round(h.correctShare * 100)),
      String(h.answered),
      h.wrongAnswers.map((w) => `${w.answer} (${w.count})`).join('; '),
    ]),
  ];
}

/** The whole CSV: the board, an empty row, then the hardest questions under their title. */
export function boardCsvRows(board: Board & { hardest: ItemStat[] }): string[][] {
  const titles = new Map(board.lessons.map((l) => [l.lessonId, l.title]));
  return [...boardTable(board), [], [HARDEST_TITLE], ...hardestTable(board.hardest, (id) => titles.get(id) ?? id)];
}

export type ItemStat = {
  lessonId: string;
  itemId: string;
  prompt: string;
  answered: number;
  correctShare: number;
  /** the wrong answers most chosen, with how many chose each */
  wrongAnswers: { answer: string; count: number }[];
};

/** Questions the class found hardest: lowest share of fully right answers first. */
export function hardestItems(stats: ItemStat[], limit = 10): ItemStat[] {
  return stats
    .filter((s) => s.answered > 0)
    .sort((a, b) => a.correctShare - b.correctShare || b.answered - a.answered)
    .slice(0, limit);
}
