import fp from 'fastify-plugin';
import { loadCatalog, type Catalog } from '@hvs/content';
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
    const store = new ContentStore(app.db, catalog, quizzes);
    await store.recordVersions();
    app.decorate('content', store);
  },
  { name: 'content', dependencies: ['db'] },
);
