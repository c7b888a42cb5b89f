import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { CONSENT_VERSION } from '@hvs/contracts';
import { DEMO_ACCOUNTS, DEMO_COMMUNE, DEMO_PASSWORD } from '@hvs/seeds';
import { keyResponses } from '@hvs/quiz-engine';
import type { Services } from '../plugins/services.ts';
import type { ContentStore } from '../services/content-store.ts';
import type { Db } from './client.ts';
import { roleGrant, seedSource } from './schema/index.ts';

const DEMO = 'demo';

/**
 * Creates the demo accounts through the same services a person uses (sign-up, attempts), so the demo
 * is what the product really does. Runs once per database.
 */
export async function seedDemo(db: Db, services: Services, content: ContentStore): Promise<boolean> {
  const [done] = await db.select().from(seedSource).where(eq(seedSource.name, DEMO)).limit(1);
  if (done) return false;
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
    const actor = { kind: 'user' as const, learnerId: session.userId, userId: session.userId, roles: [] };
    for (const [i, lesson] of lessons.slice(0, (account.passes ?? 0) + (account.tries ?? 0)).entries()) {
      const quiz = content.currentQuiz(lesson.id)!;
      const id = randomUUID();
      const right = i < (account.passes ?? 0);
      // Right answers are the engine's own key; a "try" leaves every item blank.
      const answers = right ? keyResponses(quiz.quiz, id) : {};
      await services.attempts.submit(actor, { id, lessonId: lesson.id, quizVersion: quiz.version, answers, source: 'online' });
    }
  }
  await db.insert(seedSource).values({ name: DEMO, version: '1', details: { accounts: DEMO_ACCOUNTS.map((a) => a.login) }, rows: DEMO_ACCOUNTS.length });
  return true;
}
