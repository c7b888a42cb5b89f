import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { CONSENT_VERSION } from '@hvs/contracts';
import { DEMO_ACCOUNTS, DEMO_CLASSES, DEMO_COMMUNE, DEMO_PASSWORD, DEMO_PUPIL_BIRTH_YEAR } from '@hvs/seeds';
import { openAttempt } from '@hvs/quiz-engine';
import type { UserActor } from '../domain/actor.ts';
import type { Services } from '../plugins/services.ts';
import type { ContentStore } from '../services/content-store.ts';
import type { Db } from '../db/client.ts';
import { appUser, roleGrant, seedSource } from '../db/schema/index.ts';

const DEMO = 'demo';
const DEMO_CLASSES_SEED = 'demo-classes';
const DAY = 86_400_000;

const actorOf = (userId: string, teacher = false): UserActor => ({
  kind: 'user',
  learnerId: userId,
  userId,
  roles: teacher ? ['teacher'] : [],
});

/**
 * Answers for one attempt, from the engine's own solutions: every item right, or (a failed try) the
 * first half of the drawn items wrong: another option of a choice, the opposite of a true/false,
 * blank for the rest, so the board's "wrong answers most chosen" has something to show.
 */
function answersFor(content: ContentStore, lessonId: string, attemptId: string, right: boolean) {
  const quiz = content.currentQuiz(lessonId)!;
  // Right answers are the engine's own key (in the ids this attempt shows); a pupil who gets some
  // wrong flips a true/false or picks another option of the same item.
  const opened = openAttempt(quiz.quiz, attemptId);
  const key = opened.keyResponses();
  const shown = new Map(opened.publicView().items.map((i) => [i.id, i as { options?: { id: string }[] }]));
  const ids = Object.keys(key);
  const wrongCount = right ? 0 : Math.ceil(ids.length / 2);
  const answers: Record<string, unknown> = {};
  ids.forEach((id, i) => {
    const solution = key[id];
    if (i >= wrongCount) answers[id] = solution;
    else if (typeof solution === 'boolean') answers[id] = !solution;
    else if (typeof solution === 'string') {
      const other = shown.get(id)?.options?.find((o) => o.id !== solution);
      if (other) answers[id] = other.id;
    }
  });
  return { version: quiz.version, answers };
}

async function submit(services: Services, content: ContentStore, learner: UserActor, lessonId: string, right: boolean) {
  const id = randomUUID();
  const { version, answers } = answersFor(content, lessonId, id, right);
  await services.attempts.submit(learner, { id, lessonId, quizVersion: version, answers, source: 'online' });
}

/**
 * Creates the demo accounts through the same services a person uses (sign-up, attempts), so the demo
 * is what the product really does. Runs once per database.
 */
export async function seedDemo(db: Db, services: Services, content: ContentStore): Promise<boolean> {
  const [done] = await db.select().from(seedSource).where(eq(seedSource.name, DEMO)).limit(1);
  if (done) return seedDemoClasses(db, services, content);
  const lessons = content.catalog.modules.flatMap((m) => m.lessons);
  for (const account of DEMO_ACCOUNTS) {
    const session = await services.auth.signup(null, {
      login: account.login,
      password: DEMO_PASSWORD,
      displayName: account.displayName,
      birthYear: account.birthYear,
      communeCode: DEMO_COMMUNE,
      publicServant: account.publicServant ?? false,
      worker: false,
      studentLevel: null,
      hasSmartphone: true,
      hasEpayment: account.role === 'learner' ? false : true,
      consentVersion: CONSENT_VERSION,
    });
    if (account.role !== 'learner') {
      await db.insert(roleGrant).values({ userId: session.userId, role: account.role, scopeUnitCode: account.scope });
    }
    const actor = actorOf(session.userId);
    for (const [i, lesson] of lessons.slice(0, (account.passes ?? 0) + (account.tries ?? 0)).entries()) {
      // a "try" leaves every item blank
      const quiz = content.currentQuiz(lesson.id)!;
      const id = randomUUID();
      const answers = i < (account.passes ?? 0) ? answersFor(content, lesson.id, id, true).answers : {};
      await services.attempts.submit(actor, {
        id,
        lessonId: lesson.id,
        quizVersion: quiz.version,
        answers,
        source: 'online',
      });
    }
  }
  await db.insert(seedSource).values({
    name: DEMO,
    version: '1',
    details: { accounts: DEMO_ACCOUNTS.map((a) => a.login) },
    rows: DEMO_ACCOUNTS.length,
  });
  await seedDemoClasses(db, services, content);
  return true;
}

/**
 * The demo teacher's two classes with pupils at every stage (passed, failed, late, not started) and
 * assignments, all through the services a teacher and pupils use. Its own seed row, so a demo
 * database made before the classes existed gets them on its next start.
 */
async function seedDemoClasses(db: Db, services: Services, content: ContentStore): Promise<boolean> {
  const [done] = await db.select().from(seedSource).where(eq(seedSource.name, DEMO_CLASSES_SEED)).limit(1);
  if (done) return false;
  const [teacherRow] = await db.select({ id: appUser.id }).from(appUser).where(eq(appUser.login, 'giaovien')).limit(1);
  if (!teacherRow) return false;
  const teacher = actorOf(teacherRow.id, true);
  const modules = content.catalog.modules.filter((m) => m.lessons.length > 0);
  const first = modules[0]!.lessons.map((l) => l.id);
  const last = modules.at(-1)!.lessons.map((l) => l.id);
  const now = Date.now();
  // Class 1: two lessons due in a week, then the next two due two days ago (passing those now is
  // late, leaving them is overdue). Class 2: two lessons of the last module, due in five days.
  const onTime = first.slice(0, Math.min(2, first.length - 1) || 1);
  const plans = [
    [
      { lessonIds: onTime, dueAt: now + 7 * DAY },
      {
        lessonIds: first.slice(onTime.length, onTime.length + 2).concat(first.length > onTime.length ? [] : onTime),
        dueAt: now - 2 * DAY,
      },
    ],
    [{ lessonIds: last.slice(0, 2), dueAt: now + 5 * DAY }],
  ];
  let rows = 0;
  for (const [c, spec] of DEMO_CLASSES.entries()) {
    const cls = await services.classes.create(teacher, { name: spec.name, school: spec.school });
    const order: string[] = [];
    for (const plan of plans[c] ?? plans[0]!) {
      const created = await services.classes.assign(teacher, cls.id, {
        lessonIds: plan.lessonIds,
        dueAt: new Date(plan.dueAt).toISOString(),
      });
      for (const id of created.lessonIds) if (!order.includes(id)) order.push(id);
    }
    for (const pupil of spec.pupils) {
      const session = await services.auth.signup(null, {
        login: pupil.login,
        password: DEMO_PASSWORD,
        displayName: pupil.displayName,
        birthYear: DEMO_PUPIL_BIRTH_YEAR,
        communeCode: DEMO_COMMUNE,
        publicServant: false,
        worker: false,
        studentLevel: 'lower_secondary',
        consentVersion: CONSENT_VERSION,
      });
      const learner = actorOf(session.userId);
      await services.classes.join(learner, cls.joinCode!);
      const passes = order.slice(0, pupil.passes);
      const fails = order.slice(pupil.passes, pupil.passes + pupil.fails);
      for (const lessonId of passes) await submit(services, content, learner, lessonId, true);
      for (const lessonId of fails) await submit(services, content, learner, lessonId, false);
      rows++;
    }
  }
  await db.insert(seedSource).values({
    name: DEMO_CLASSES_SEED,
    version: '1',
    details: {
      classes: DEMO_CLASSES.map((c) => c.name),
      pupils: DEMO_CLASSES.flatMap((c) => c.pupils.map((p) => p.login)),
    },
    rows,
  });
  return true;
}
