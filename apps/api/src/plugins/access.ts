import fp from 'fastify-plugin';

/**
 * Who may call a route. Every route declares it in `config.access`; registering a route without one
 * fails at start-up, so no route is ever open by accident.
 * - public: anyone, no identity needed
 * - learner: anyone who learns, guest (device id) or signed-in; the service checks ownership
 */
export type Access = 'public' | 'learner';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export default fp(
  async (app) => {
    app.addHook('onRoute', (route) => {
      if (!route.config?.access) {
        throw new Error(`Route ${route.method} ${route.url} declares no access rule (config.access)`);
      }
    });
  },
  { name: 'access' },
);
