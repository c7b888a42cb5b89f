import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { CertificateService } from './certificate.service.ts';
import { IssuerKeys } from './issuer-keys.ts';

declare module 'fastify' {
  interface FastifyInstance {
    certificates: CertificateService;
  }
}

/** Loads (or makes) the signing key, publishes its public half, and provides the certificate service. */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const keys = await IssuerKeys.load(config);
    await keys.register(app.db);
    app.decorate('certificates', new CertificateService(app.db, app.content, keys));
  },
  { name: 'certificates', dependencies: ['db', 'content'] },
);
