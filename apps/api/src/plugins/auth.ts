import fp from 'fastify-plugin';
import jwt from '@fastify/jwt';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { ACCESS_TTL_SECONDS } from '../domain/session.ts';

/**
 * The secret that signs access tokens: JWT_SECRET, or for the zero-setup install a random one kept
 * in the data folder (so restarts do not sign everybody out). Tests get a fresh one each time.
 */
function secretFor(config: Config): string {
  if (config.jwtSecret) return config.jwtSecret;
  if (config.env === 'test') return randomBytes(48).toString('base64url');
  const file = join(config.dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export default fp<{ config: Config }>(
  async (app, { config }) => {
    await app.register(jwt, { secret: secretFor(config), sign: { expiresIn: ACCESS_TTL_SECONDS } });
  },
  { name: 'auth' },
);
