import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { hash } from '@node-rs/argon2';
import { publicQuiz, responsesFromStored } from '@hvs/quiz-engine';
import { CONSENT_VERSION } from '@hvs/contracts';
import type { Db } from '../db/client.ts';
import {
  appUser,
  assignment,
  attempt,
  classMember,
  lessonProgress,
  schoolClass,
  type StudentLevel,
} from '../db/schema/index.ts';
import { buildBoard, hardestItems, type Board, type ItemStat } from '../domain/class-board.ts';
import { cardPassword, cardUsername, joinCode, normalizeJoinCode, usernameDigits } from '../domain/class-codes.ts';
import { AppError, notFound } from '../errors.ts';
import type { UserActor } from '../domain/actor.ts';
import type { ContentStore } from './content-store.ts';
import { rollupSignedUp } from './indicator-rollup.ts';

type ClassRow = typeof schoolClass.$inferSelect;
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Classes, membership, assignments and the board. A teacher sees and changes only their own classes. */
export class ClassService {
  constructor(
    private readonly db: Db,
    private readonly content: ContentStore,
  ) {}

  /** Scope: the class exists and the caller is its teacher (others get the same 404 as a missing class). */
  private async ownClass(actor: UserActor, classId: string, writable = false): Promise<ClassRow> {
    const [row] = await this.db.select().from(schoolClass).where(eq(schoolClass.id, classId)).limit(1);
    if (!row || row.teacherId !== actor.userId) throw notFound('class_not_found', `No class ${classId}`);
    if (writable && row.archivedAt) throw new AppError(409, 'class_archived', 'This class is archived');
    return row;
  }

  async create(actor: UserActor, input: { name: string; school?: string | null | undefined }) {
    const id = randomUUID();
    for (let tries = 0; ; tries++) {
      const inserted = await this.db
        .insert(schoolClass)
        .values({
          id,
          teacherId: actor.userId,
          name: input.name.trim(),
          school: input.school?.trim() || null,
          joinCode: joinCode(),
        })
        .onConflictDoNothing({ target: schoolClass.joinCode })
        .returning();
      if (inserted[0]) return this.summary(inserted[0], 0);
      if (tries > 5) throw new AppError(503, 'join_code_unavailable', 'Could not find a free join code; try again');
    }
  }

  async list(actor: UserActor) {
    const rows = await this.db
      .select()
      .from(schoolClass)
      .where(eq(schoolClass.teacherId, actor.userId))
      .orderBy(asc(schoolClass.createdAt));
    const members = rows.length
      ? await this.db
          .select({ classId: classMember.classId })
          .from(classMember)
          .where(
            and(
              inArray(
                classMember.classId,
                rows.map((r) => r.id),
              ),
              isNull(classMember.leftAt),
            ),
          )
      : [];
    return rows.map((r) => this.summary(r, members.filter((m) => m.classId === r.id).length));
  }

  private summary(r: ClassRow, students: number) {
    return {
      id: r.id,
      name: r.name,
      school: r.school,
      joinCode: r.joinCode,
      students,
      createdAt: r.createdAt.toISOString(),
      archivedAt: r.archivedAt?.toISOString() ?? null,
    };
  }

  async detail(actor: UserActor, classId: string) {
    const row = await this.ownClass(actor, classId);
    const students = await this.students(classId);
    const assignments = await this.db
      .select()
      .from(assignment)
      .where(eq(assignment.classId, classId))
      .orderBy(asc(assignment.createdAt));
    return {
      ...this.summary(row, students.length),
      students: students.map((s) => ({ userId: s.userId, displayName: s.displayName, login: s.login })),
      assignments: assignments.map((a) => ({
        id: a.id,
        title: a.title,
        moduleId: a.moduleId,
        lessonIds: a.lessonIds,
        dueAt: a.dueAt.toISOString(),
      })),
    };
  }

  async newJoinCode(actor: UserActor, classId: string) {
    await this.ownClass(actor, classId, true);
    for (let tries = 0; tries < 6; tries++) {
      const code = joinCode();
      const taken = await this.db
        .select({ id: schoolClass.id })
        .from(schoolClass)
        .where(eq(schoolClass.joinCode, code))
        .limit(1);
      if (taken.length) continue;
      await this.db.update(schoolClass).set({ joinCode: code }).where(eq(schoolClass.id, classId));
      return { joinCode: code };
    }
    throw new AppError(503, 'join_code_unavailable', 'Could not find a free join code; try again');
  }

  async revokeJoinCode(actor: UserActor, classId: string) {
    await this.ownClass(actor, classId);
    await this.db.update(schoolClass).set({ joinCode: null }).where(eq(schoolClass.id, classId));
  }

  async archive(actor: UserActor, classId: string) {
    await this.ownClass(actor, classId);
    await this.db
      .update(schoolClass)
      .set({ archivedAt: new Date(), joinCode: null })
      .where(eq(schoolClass.id, classId));
  }

  /** Opens an archived class again (without a join code: the teacher makes a new one if wanted). */
  async unarchive(actor: UserActor, classId: string) {
    await this.ownClass(actor, classId);
    await this.db.update(schoolClass).set({ archivedAt: null }).where(eq(schoolClass.id, classId));
  }

  /** The classes a student is in now (to see them and to leave one). */
  async myClasses(actor: UserActor) {
    const rows = await this.db
      .select({
        id: schoolClass.id,
        name: schoolClass.name,
        school: schoolClass.school,
        teacherName: appUser.displayName,
        joinedAt: classMember.joinedAt,
      })
      .from(classMember)
      .innerJoin(schoolClass, eq(schoolClass.id, classMember.classId))
      .innerJoin(appUser, eq(appUser.id, schoolClass.teacherId))
      .where(and(eq(classMember.userId, actor.userId), isNull(classMember.leftAt), isNull(schoolClass.archivedAt)))
      .orderBy(asc(classMember.joinedAt));
    return rows.map((r) => ({ ...r, joinedAt: r.joinedAt.toISOString() }));
  }

  /** A student joins with the code the teacher shows. */
  async join(actor: UserActor, rawCode: string) {
    const code = normalizeJoinCode(rawCode);
    const [row] = code ? await this.db.select().from(schoolClass).where(eq(schoolClass.joinCode, code)).limit(1) : [];
    if (!row || row.archivedAt) throw notFound('join_code_invalid', 'No class has this code');
    if (row.teacherId === actor.userId) throw new AppError(409, 'own_class', 'A teacher does not join their own class');
    await this.db
      .insert(classMember)
      .values({ classId: row.id, userId: actor.userId })
      .onConflictDoUpdate({
        target: [classMember.classId, classMember.userId],
        set: { leftAt: null, joinedAt: new Date() },
      });
    return { classId: row.id, name: row.name };
  }

  async leave(actor: UserActor, classId: string) {
    const done = await this.db
      .update(classMember)
      .set({ leftAt: new Date() })
      .where(and(eq(classMember.classId, classId), eq(classMember.userId, actor.userId), isNull(classMember.leftAt)))
      .returning({ classId: classMember.classId });
    if (done.length === 0) throw notFound('class_not_found', `Not a member of class ${classId}`);
  }

  async removeStudent(actor: UserActor, classId: string, userId: string) {
    await this.ownClass(actor, classId);
    const done = await this.db
      .update(classMember)
      .set({ leftAt: new Date() })
      .where(and(eq(classMember.classId, classId), eq(classMember.userId, userId), isNull(classMember.leftAt)))
      .returning({ userId: classMember.userId });
    if (done.length === 0) throw notFound('student_not_found', `No student ${userId} in this class`);
  }

  /**
   * Accounts for a whole class at once (children have no phone numbers): a username and a simple
   * first password for each name, returned once, for the printed login cards. The teacher confirms
   * that the school or the parents agreed; that consent is recorded on each account.
   */
  async createStudents(
    actor: UserActor,
    classId: string,
    input: { names: string[]; birthYear: number; studentLevel: StudentLevel },
  ) {
    const row = await this.ownClass(actor, classId, true);
    const [teacher] = await this.db
      .select({ communeCode: appUser.communeCode })
      .from(appUser)
      .where(eq(appUser.id, actor.userId))
      .limit(1);
    if (!teacher) throw new AppError(401, 'unauthenticated', 'The account no longer exists');
    const names = input.names.map((n) => n.trim()).filter(Boolean);
    // Hashing is the slow part (argon2id, ~50 ms each): do it before the transaction, in parallel.
    const cards = await Promise.all(
      names.map(async (displayName) => {
        const password = cardPassword();
        return { id: randomUUID(), displayName, password, passwordHash: await hash(password, ARGON2) };
      }),
    );
    const created: { userId: string; displayName: string; login: string; password: string }[] = [];
    await this.db.transaction(async (tx) => {
      for (const card of cards) {
        for (let tries = 0; ; tries++) {
          // More digits after collisions: four give 9,000 "an…", five 90,000, and so on.
          const login = cardUsername(card.displayName, usernameDigits(tries));
          const inserted = await tx
            .insert(appUser)
            .values({
              id: card.id,
              login,
              passwordHash: card.passwordHash,
              displayName: card.displayName,
              birthYear: input.birthYear,
              communeCode: teacher.communeCode,
              studentLevel: input.studentLevel,
              consentVersion: `${CONSENT_VERSION}+teacher`,
              consentAt: new Date(),
              createdBy: actor.userId,
            })
            .onConflictDoNothing({ target: appUser.login })
            .returning({ id: appUser.id });
          if (inserted.length) {
            // Adult pupils count among learners (indicators 6, 7): the roll-ups move in this transaction.
            await rollupSignedUp(tx, card.id);
            created.push({ userId: card.id, displayName: card.displayName, login, password: card.password });
            break;
          }
          if (tries >= 30)
            throw new AppError(409, 'usernames_exhausted', `No free username for ${card.displayName}; try again`);
        }
      }
      if (created.length)
        await tx.insert(classMember).values(created.map((c) => ({ classId: row.id, userId: c.userId })));
    });
    return { className: row.name, accounts: created };
  }

  async assign(
    actor: UserActor,
    classId: string,
    input: {
      title?: string | null | undefined;
      moduleId?: string | null | undefined;
      lessonIds?: string[] | undefined;
      dueAt: string;
    },
  ) {
    await this.ownClass(actor, classId, true);
    const catalog = this.content.catalog;
    let lessonIds = input.lessonIds ?? [];
    let title = input.title?.trim() || '';
    if (input.moduleId) {
      const mod = catalog.modules.find((m) => m.id === input.moduleId);
      if (!mod) throw new AppError(400, 'unknown_module', `No module ${input.moduleId}`);
      lessonIds = mod.lessons.map((l) => l.id);
      title ||= mod.title;
    }
    if (lessonIds.length === 0) throw new AppError(400, 'invalid_request', 'Choose a module or at least one lesson');
    const unknown = lessonIds.filter((id) => !catalog.lessons.has(id));
    if (unknown.length) throw new AppError(400, 'lesson_not_found', `No lessons ${unknown.join(', ')}`);
    lessonIds = [...new Set(lessonIds)];
    // Chosen lessons without a title are named by their titles (content text, not UI text).
    title ||= lessonIds
      .map((id) => catalog.lessons.get(id)!.title)
      .join(' · ')
      .slice(0, 120);
    const [row] = await this.db
      .insert(assignment)
      .values({
        id: randomUUID(),
        classId,
        title,
        moduleId: input.moduleId ?? null,
        lessonIds,
        dueAt: new Date(input.dueAt),
      })
      .returning();
    return {
      id: row!.id,
      title: row!.title,
      moduleId: row!.moduleId,
      lessonIds: row!.lessonIds,
      dueAt: row!.dueAt.toISOString(),
    };
  }

  /** "Bài được giao": a student's assignments from the classes they are in, with their own status. */
  async myAssignments(actor: UserActor) {
    const rows = await this.db
      .select({ a: assignment, className: schoolClass.name })
      .from(classMember)
      .innerJoin(schoolClass, eq(schoolClass.id, classMember.classId))
      .innerJoin(assignment, eq(assignment.classId, classMember.classId))
      .where(and(eq(classMember.userId, actor.userId), isNull(classMember.leftAt), isNull(schoolClass.archivedAt)))
      .orderBy(asc(assignment.dueAt));
    const lessonIds = [...new Set(rows.flatMap((r) => r.a.lessonIds))];
    const progress = lessonIds.length
      ? await this.db
          .select()
          .from(lessonProgress)
          .where(and(eq(lessonProgress.learnerId, actor.userId), inArray(lessonProgress.lessonId, lessonIds)))
      : [];
    const passedAt = new Map(progress.filter((p) => p.firstPassedAt).map((p) => [p.lessonId, p.firstPassedAt!]));
    return rows.map(({ a, className }) => ({
      id: a.id,
      className,
      title: a.title,
      dueAt: a.dueAt.toISOString(),
      lessons: a.lessonIds.map((id) => ({
        id,
        title: this.content.lesson(id)?.title ?? id,
        passed: passedAt.has(id),
        late: passedAt.has(id) && passedAt.get(id)! > a.dueAt,
      })),
    }));
  }

  /** The board and the item analysis, computed once; the CSV export uses the same result. */
  async board(actor: UserActor, classId: string, now = new Date()): Promise<Board & { hardest: ItemStat[] }> {
    const row = await this.ownClass(actor, classId);
    const students = await this.students(classId);
    const assignments = await this.db
      .select()
      .from(assignment)
      .where(eq(assignment.classId, classId))
      .orderBy(asc(assignment.createdAt));
    const seen = new Set<string>();
    const lessons = assignments.flatMap((a) =>
      a.lessonIds
        .filter((id) => !seen.has(id) && seen.add(id))
        .map((id) => ({
          lessonId: id,
          title: this.content.lesson(id)?.title ?? id,
          dueAt: a.dueAt,
          assignmentId: a.id,
        })),
    );
    const ids = students.map((s) => s.userId);
    const lessonIds = lessons.map((l) => l.lessonId);
    const [progress, attempts] =
      ids.length && lessonIds.length
        ? await Promise.all([
            this.db
              .select()
              .from(lessonProgress)
              .where(and(inArray(lessonProgress.learnerId, ids), inArray(lessonProgress.lessonId, lessonIds))),
            this.db
              .select({
                id: attempt.id,
                lessonId: attempt.lessonId,
                quizVersion: attempt.quizVersion,
                answers: attempt.answers,
                itemScores: attempt.itemScores,
              })
              .from(attempt)
              .where(and(inArray(attempt.learnerId, ids), inArray(attempt.lessonId, lessonIds))),
          ])
        : [[], []];
    const board = buildBoard(
      students.map((s) => ({ userId: s.userId, displayName: s.displayName, login: s.login })),
      lessons,
      progress.map((p) => ({
        learnerId: p.learnerId,
        lessonId: p.lessonId,
        attempts: p.attempts,
        bestScore: p.bestScore,
        firstPassedAt: p.firstPassedAt,
      })),
      now,
    );
    void row;
    return { ...board, hardest: hardestItems(await this.itemStats(attempts)) };
  }

  /** Per question: how many answered, the share fully right, and the wrong answers most chosen. */
  private async itemStats(
    attempts: {
      id: string;
      lessonId: string;
      quizVersion: string;
      answers: Record<string, unknown>;
      itemScores: Record<string, number>;
    }[],
  ) {
    const stats = new Map<string, ItemStat & { right: number; wrong: Map<string, number> }>();
    for (const a of attempts) {
      const quiz = await this.content.quizAt(a.lessonId, a.quizVersion);
      if (!quiz) continue;
      const shown = new Map(publicQuiz(quiz, a.id).items.map((i) => [i.id, i]));
      // Stored answers use the engine's stored form (mostly authored ids); the public view attempt-local ones.
      let answers: Record<string, unknown> | null = null;
      try {
        answers = responsesFromStored(quiz, a.id, a.answers);
      } catch {
        // answers that no longer fit their quiz are counted, not described
      }
      for (const [itemId, score] of Object.entries(a.itemScores)) {
        const item = shown.get(itemId);
        if (!item) continue;
        const key = `${a.lessonId}|${itemId}`;
        let s = stats.get(key);
        if (!s) {
          s = {
            lessonId: a.lessonId,
            itemId,
            prompt: item.prompt,
            answered: 0,
            correctShare: 0,
            wrongAnswers: [],
            right: 0,
            wrong: new Map(),
          };
          stats.set(key, s);
        }
        s.answered++;
        if (score >= 1) s.right++;
        else {
          const text = answers && describe(item, answers[itemId]);
          if (text) s.wrong.set(text, (s.wrong.get(text) ?? 0) + 1);
        }
      }
    }
    return [...stats.values()].map(({ right, wrong, ...s }) => ({
      ...s,
      correctShare: s.answered ? right / s.answered : 0,
      wrongAnswers: [...wrong]
        .map(([answer, count]) => ({ answer, count }))
        .sort((x, y) => y.count - x.count)
        .slice(0, 3),
    }));
  }

  private async students(classId: string) {
    return this.db
      .select({ userId: appUser.id, displayName: appUser.displayName, login: appUser.login })
      .from(classMember)
      .innerJoin(appUser, eq(appUser.id, classMember.userId))
      .where(and(eq(classMember.classId, classId), isNull(classMember.leftAt)))
      .orderBy(asc(appUser.displayName));
  }
}

/**
 * A learner's answer in words, from the item as they saw it: chosen options or segments by their
 * text, a typed answer as typed. Answers with no single text (an order, pairs) are not listed.
 */
function describe(item: Record<string, unknown>, response: unknown): string | null {
  if (response === undefined || response === null) return '(bỏ trống)';
  const parts = [item.options, item.segments].find(Array.isArray) as { id: string; text: string }[] | undefined;
  if (parts) {
    const text = new Map(parts.map((p) => [p.id, p.text]));
    const ids = [response].flat().filter((x): x is string => typeof x === 'string');
    return ids.length ? ids.map((id) => text.get(id) ?? id).join(' + ') : null;
  }
  if (typeof response === 'boolean') return response ? 'Đúng' : 'Sai';
  if (typeof response === 'string' || typeof response === 'number') return String(response);
  return null;
}
