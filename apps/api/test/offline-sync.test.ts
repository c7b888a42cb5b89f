import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { publicQuiz, quizVersion } from '@hvs/quiz-engine';
import { attempt } from '../src/db/schema/index.ts';
import { countedAt, OFFLINE_WINDOW_DAYS } from '../src/domain/device-time.ts';
import { answersFromAuthored, buildTestApp, fixtureQuizzes, openTestDatabase, type TestDatabase } from './helper.ts';

const KEY: Record<string, string> = { otp: 'khong', 'mat-khau': 'dai', link: 'xoa', 'cap-nhat': 'lua' };
const DAY = 86_400_000;

describe('countedAt (domain/device-time.ts)', () => {
  const receivedAt = new Date('2026-12-02T10:00:00Z');
  const at = (ms: number) => new Date(receivedAt.getTime() + ms);
  const offline = (submittedAt: Date | null, startedAt: Date | null = null) =>
    countedAt({ source: 'offline_sync', startedAt, submittedAt, receivedAt });

  it("counts an offline attempt at the device's submit time, within the window", () => {
    expect(offline(at(-3 * DAY), at(-3 * DAY - 600_000))).toEqual(at(-3 * DAY));
    expect(offline(at(-(OFFLINE_WINDOW_DAYS - 1) * DAY))).toEqual(at(-(OFFLINE_WINDOW_DAYS - 1) * DAY));
  });
  it('counts at the receiving time what is out of bounds: online, too old, in the future, before its start, missing', () => {
    expect(countedAt({ source: 'online', startedAt: null, submittedAt: at(-DAY), receivedAt })).toEqual(receivedAt);
    expect(offline(at(-(OFFLINE_WINDOW_DAYS + 1) * DAY))).toEqual(receivedAt);
    expect(offline(at(DAY))).toEqual(receivedAt);
    expect(offline(new Date('1970-01-01T00:00:00Z'))).toEqual(receivedAt);
    expect(offline(at(-DAY), at(-DAY + 60_000))).toEqual(receivedAt);
    expect(offline(null)).toEqual(receivedAt);
    // a device a little ahead of the server: cut to the receiving time
    expect(offline(at(60_000))).toEqual(receivedAt);
  });
});

describe('an attempt synced long after it was answered offline', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await openTestDatabase();
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const quiz = () => fixtureQuizzes.get('demo-bai-thu')!.quiz;
  async function sync(submittedAgo: number, source = 'offline_sync') {
    const id = randomUUID();
    const view = { lessonId: 'demo-bai-thu', ...publicQuiz(quiz(), id) } as never;
    const submittedAt = new Date(Date.now() - submittedAgo);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/attempts',
      payload: {
        id,
        lessonId: 'demo-bai-thu',
        quizVersion: quizVersion(quiz()),
        answers: answersFromAuthored(view, KEY),
        startedAt: new Date(submittedAt.getTime() - 5 * 60_000).toISOString(),
        submittedAt: submittedAt.toISOString(),
        source,
      },
    });
    const [row] = await app.db.select().from(attempt).where(eq(attempt.id, id));
    return { res, row: row!, submittedAt, progress: res.json().progress as { firstPassedAt: string } };
  }

  it('is accepted and counts at its device time, while its receiving time is the server’s', async () => {
    const { res, row, submittedAt, progress } = await sync(3 * DAY);
    expect(res.statusCode).toBe(201);
    expect(row.source).toBe('offline_sync');
    expect(row.deviceSubmittedAt).toEqual(submittedAt);
    expect(Date.now() - row.receivedAt.getTime()).toBeLessThan(60_000);
    expect(progress.firstPassedAt).toBe(submittedAt.toISOString());
  });

  it('beyond the window, or sent online, it is still accepted and counts when received', async () => {
    for (const [ago, source] of [
      [(OFFLINE_WINDOW_DAYS + 5) * DAY, 'offline_sync'],
      [3 * DAY, 'online'],
    ] as const) {
      const { res, progress } = await sync(ago, source);
      expect(res.statusCode).toBe(201);
      expect(Date.now() - new Date(progress.firstPassedAt).getTime()).toBeLessThan(60_000);
    }
  });
});
