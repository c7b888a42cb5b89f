import { fileURLToPath } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/** The repository root: src/ and dist/ both sit two levels below it (apps/api/<dir>/). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fromRoot = (p: string) => (isAbsolute(p) ? p : resolve(repoRoot, p));

const Ed25519PrivateJwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().min(43),
  d: z.string().min(43),
});
export type Ed25519PrivateJwk = z.infer<typeof Ed25519PrivateJwkSchema>;

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .describe('PostgreSQL; when unset the embedded PGlite in DATA_DIR is used'),
  DATA_DIR: z.string().default('.data'),
  CONTENT_DIR: z.string().default('content'),
  WEB_BUILD_DIR: z.string().default('apps/web/build'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.stringbool().default(false),
  JWT_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe('signs access tokens; when unset, a random one is kept in DATA_DIR/jwt-secret'),
  AUTH_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .default(10)
    .describe('sign-in attempts per minute for one login from one client'),
  AUTH_IP_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .default(200)
    .describe(
      'sign-in and sign-up requests per minute from one client address (a school behind one NAT is one client)',
    ),
  AUTH_ACCOUNT_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .default(30)
    .describe('sign-in attempts per 15 minutes for one account from all addresses together'),
  SIGNUP_IP_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .default(30)
    .describe(
      'sign-ups per hour from one client address without a class join code (a class code lifts it to AUTH_IP_RATE_LIMIT a minute)',
    ),
  PUBLIC_ORIGIN: z
    .url({ protocol: /^https?$/ })
    .transform((u) => new URL(u).origin)
    .optional()
    .describe(
      'the address people use (https://hocvuso.example.vn): join links, QR codes and the Origin check use it instead of the Host header',
    ),
  CREDENTIAL_SIGNING_KEY: z
    .string()
    .transform((s, ctx) => {
      try {
        return Ed25519PrivateJwkSchema.parse(JSON.parse(s));
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a private Ed25519 JWK (JSON with kty OKP, crv Ed25519, x, d)',
        });
        return z.NEVER;
      }
    })
    .optional()
    .describe('signs certificates (Open Badges); when unset, one is generated into DATA_DIR/issuer-key.json'),
  VERIFY_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .default(30)
    .describe('public certificate look-ups per minute from one client address'),
  SEED_DEMO: z.stringbool().optional().describe('demo accounts and progress; default: on for the embedded database'),
});

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null };
  contentDir: string;
  webBuildDir: string | null;
  logLevel: string;
  trustProxy: boolean;
  dataDir: string;
  jwtSecret: string | null;
  seedDemo: boolean;
  authRateLimit: number;
  authIpRateLimit: number;
  authAccountRateLimit: number;
  signupIpRateLimit: number;
  /** scheme://host[:port] people reach the platform at, or null: then taken from each request's Host */
  publicOrigin: string | null;
  /** the certificate signing key from the environment, else null (generated into dataDir) */
  credentialSigningKey: Ed25519PrivateJwk | null;
  verifyRateLimit: number;
}>;

/** Parses the environment once. Nothing else in the API reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (DATABASE_URL= in a unit file or shell) means "not set".
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    database: e.DATABASE_URL
      ? { kind: 'postgres' as const, url: e.DATABASE_URL }
      : { kind: 'pglite' as const, dataDir: resolve(fromRoot(e.DATA_DIR), 'pglite') },
    contentDir: fromRoot(e.CONTENT_DIR),
    webBuildDir: fromRoot(e.WEB_BUILD_DIR),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    dataDir: fromRoot(e.DATA_DIR),
    jwtSecret: e.JWT_SECRET ?? null,
    authRateLimit: e.AUTH_RATE_LIMIT,
    authIpRateLimit: e.AUTH_IP_RATE_LIMIT,
    authAccountRateLimit: e.AUTH_ACCOUNT_RATE_LIMIT,
    signupIpRateLimit: e.SIGNUP_IP_RATE_LIMIT,
    publicOrigin: e.PUBLIC_ORIGIN ?? null,
    credentialSigningKey: e.CREDENTIAL_SIGNING_KEY ?? null,
    verifyRateLimit: e.VERIFY_RATE_LIMIT,
    // Demo accounts have published passwords: only on the zero-setup embedded database by default.
    seedDemo: e.SEED_DEMO ?? (!e.DATABASE_URL && e.NODE_ENV !== 'test'),
  });
}
