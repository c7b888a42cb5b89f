import fp from 'fastify-plugin';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CURRICULUM_FILE, loadCatalog, loadCurriculum, type Catalog } from '@hvs/content';
import { loadQuizzes } from '@hvs/content/quizzes';
import { ContentStore } from '../services/content-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    content: ContentStore;
  }
}

/**
 * Loads the curriculum and its quizzes (with keys: they never leave the server) and records every
 * quiz version in the database, so attempts against an older version can still be graded exactly.
 */
export default fp<{ contentDir: string }>(
  async (app, { contentDir }) => {
    const catalog: Catalog = loadCatalog(contentDir);
    const quizzes = loadQuizzes(catalog, contentDir);
    const curriculum = existsSync(join(contentDir, CURRICULUM_FILE)) ? loadCurriculum(contentDir) : null;
    const store = new ContentStore(app.db, catalog, quizzes, curriculum);
    await store.recordVersions();
    app.decorate('content', store);
  },
  { name: 'content', dependencies: ['db'] },
);
