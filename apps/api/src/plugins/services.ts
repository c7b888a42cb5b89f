import fp from 'fastify-plugin';
import { CONSENT_VERSION } from '@hvs/contracts';
import { AccountService } from '../services/account.service.ts';
import { AdminUnitService } from '../services/admin-unit.service.ts';
import { AttemptService } from '../services/attempt.service.ts';
import { AuditService } from '../services/audit.service.ts';
import { AuthService } from '../services/auth.service.ts';
import { CertificationService } from '../services/certification.service.ts';
import { ClassService } from '../services/class.service.ts';
import { IndicatorService } from '../services/indicator.service.ts';
import { LearnerMerge } from '../services/learner-merge.ts';
import { PasswordService } from '../services/password.service.ts';
import { PopulationChangeService } from '../services/population-change.service.ts';
import { ProgressService } from '../services/progress.service.ts';
import { QuizService } from '../services/quiz.service.ts';
import { RoleService } from '../services/role.service.ts';

export type Services = {
  attempts: AttemptService;
  quizzes: QuizService;
  progress: ProgressService;
  auth: AuthService;
  accounts: AccountService;
  adminUnits: AdminUnitService;
  roles: RoleService;
  classes: ClassService;
  indicators: IndicatorService;
  passwords: PasswordService;
  audit: AuditService;
  populationChanges: PopulationChangeService;
};

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export default fp(
  async (app) => {
    const certifications = new CertificationService(app.content);
    const merge = new LearnerMerge(app.db, certifications);
    const auth = new AuthService(app.db, merge, CONSENT_VERSION);
    app.decorate('services', {
      attempts: new AttemptService(app.db, app.content, certifications, app.log),
      quizzes: new QuizService(app.content),
      progress: new ProgressService(app.db),
      auth,
      accounts: new AccountService(app.db, app.content),
      adminUnits: new AdminUnitService(app.db),
      roles: new RoleService(app.db),
      classes: new ClassService(app.db, app.content),
      indicators: new IndicatorService(app.db),
      passwords: new PasswordService(app.db, auth),
      audit: new AuditService(app.db),
      populationChanges: new PopulationChangeService(app.db),
    });
  },
  { name: 'services', dependencies: ['db', 'content'] },
);
