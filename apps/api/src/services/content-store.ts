import { eq } from 'drizzle-orm';
import { parseQuiz, type Quiz } from '@hvs/quiz-engine';
import type { Catalog, LessonMeta } from '@hvs/content';
import type { LoadedQuiz } from '@hvs/content/quizzes';
import type { Db } from '../db/client.ts';
import { quizVersion } from '../db/schema/index.ts';

/** The curriculum as the API sees it: lessons, their current quizzes, and every older quiz version. */
export class ContentStore {
  private readonly byVersion = new Map<string, { lessonId: string; quiz: Quiz }>();

  constructor(
    private readonly db: Db,
    readonly catalog: Catalog,
    private readonly current: Map<string, LoadedQuiz>,
  ) {
    for (const q of current.values()) this.byVersion.set(q.version, { lessonId: q.lessonId, quiz: q.quiz });
  }

  lesson(lessonId: string): LessonMeta | undefined {
    return this.catalog.lessons.get(lessonId);
  }

  currentQuiz(lessonId: string): LoadedQuiz | undefined {
    return this.current.get(lessonId);
  }

  /** The quiz an attempt was made against: the current one, or an older version kept in the database. */
  async quizAt(version: string): Promise<{ lessonId: string; quiz: Quiz } | undefined> {
    const known = this.byVersion.get(version);
    if (known) return known;
    const [row] = await this.db.select().from(quizVersion).where(eq(quizVersion.version, version)).limit(1);
    if (!row) return undefined;
    const found = { lessonId: row.lessonId, quiz: parseQuiz(row.definition) };
    this.byVersion.set(version, found);
    return found;
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
