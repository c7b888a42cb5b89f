import fp from 'fastify-plugin';
import { AttemptService } from '../services/attempt.service.ts';
import { ProgressService } from '../services/progress.service.ts';
import { QuizService } from '../services/quiz.service.ts';

export type Services = {
  attempts: AttemptService;
  quizzes: QuizService;
  progress: ProgressService;
};

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export default fp(
  async (app) => {
    app.decorate('services', {
      attempts: new AttemptService(app.db, app.content),
      quizzes: new QuizService(app.content),
      progress: new ProgressService(app.db),
    });
  },
  { name: 'services', dependencies: ['db', 'content'] },
);
