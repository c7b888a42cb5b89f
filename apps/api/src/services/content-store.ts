import { and, eq } from 'drizzle-orm';
import { parseQuiz, type Quiz } from '@hvs/quiz-engine';
import type { Catalog, LessonMeta } from '@hvs/content';
import type { LoadedQuiz } from '@hvs/content/quizzes';
import type { Db } from '../db/client.ts';
import { quizVersion } from '../db/schema/index.ts';

export type CurriculumView = {
  version: string;
  passRule: { minScore: number; text: string };
  groups: Record<string, { title: string; core: string[]; recommended?: string[] }>;
};

/** The curriculum as the API sees it: lessons, their current quizzes, and every older quiz version. */
export class ContentStore {
  private readonly byVersion = new Map<string, Quiz>();
  private readonly key = (lessonId: string, version: string) => `${lessonId}@${version}`;

  constructor(
    private readonly db: Db,
    readonly catalog: Catalog,
    private readonly current: Map<string, LoadedQuiz>,
    /** which lessons make each group "đạt phổ cập"; null when the content has no curriculum file */
    readonly curriculum: CurriculumView | null,
  ) {
    for (const q of current.values()) this.byVersion.set(this.key(q.lessonId, q.version), q.quiz);
  }

  lesson(lessonId: string): LessonMeta | undefined {
    return this.catalog.lessons.get(lessonId);
  }

  currentQuiz(lessonId: string): LoadedQuiz | undefined {
    return this.current.get(lessonId);
  }

  /** The quiz an attempt was made against: the current one, or an older version kept in the database. */
  async quizAt(lessonId: string, version: string): Promise<Quiz | undefined> {
    const known = this.byVersion.get(this.key(lessonId, version));
    if (known) return known;
    const [row] = await this.db
      .select()
      .from(quizVersion)
      .where(and(eq(quizVersion.lessonId, lessonId), eq(quizVersion.version, version)))
      .limit(1);
    if (!row) return undefined;
    const quiz = parseQuiz(row.definition);
    this.byVersion.set(this.key(lessonId, version), quiz);
    return quiz;
  }

  /** Records the current quiz versions; versions already known are left as they are. */
  async recordVersions(): Promise<void> {
    const rows = [...this.current.values()].map((q) => ({
      version: q.version,
      lessonId: q.lessonId,
      definition: q.quiz,
    }));
    if (rows.length > 0) await this.db.insert(quizVersion).values(rows).onConflictDoNothing();
  }
}
