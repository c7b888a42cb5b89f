import { publicQuiz } from '@hvs/quiz-engine';
import type { PublicQuizDto } from '@hvs/contracts';
import { notFound } from '../errors.ts';
import type { ContentStore } from './content-store.ts';

export class QuizService {
  constructor(private readonly content: ContentStore) {}

  /** What a learner needs to answer the lesson's quiz in the attempt `attemptId`: no keys, no feedback. */
  publicView(lessonId: string, attemptId: string): PublicQuizDto {
    // Scope: quizzes are public content; only their keys are private, and they are not in this view.
    const loaded = this.content.currentQuiz(lessonId);
    if (!loaded) throw notFound('lesson_not_found', `No lesson ${lessonId}`);
    const view = publicQuiz(loaded.quiz, attemptId);
    return { lessonId, attemptId, ...view };
  }
}
