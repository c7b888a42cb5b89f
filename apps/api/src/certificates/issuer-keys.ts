import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import { calculateJwkThumbprint, importJWK, SignJWT, type CryptoKey } from 'jose';
import type { Config, Ed25519PrivateJwk } from '../config.ts';
import type { Db } from '../db/client.ts';
import { issuerKey } from '../db/schema/index.ts';

/** Where a generated key is kept (mode 0600): back it up with the database. */
export const ISSUER_KEY_FILE = 'issuer-key.json';

export type PublicJwk = { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; alg: 'EdDSA'; use: 'sig' };

/**
 * The platform's Ed25519 signing key for certificates (VC-JOSE: compact JWS, alg EdDSA, `kid` = the
 * JWK thumbprint, RFC 7638). From CREDENTIAL_SIGNING_KEY, else generated once into the data folder.
 * Every key ever used is recorded in `issuer_key` and stays published, so rotating the key (a new
 * variable, or the file moved aside) never breaks a credential signed before.
 */
export class IssuerKeys {
  private constructor(
    readonly kid: string,
    readonly publicJwk: PublicJwk,
    private readonly key: CryptoKey,
  ) {}

  static async load(config: Config): Promise<IssuerKeys> {
    const jwk = config.credentialSigningKey ?? privateKeyFromDataDir(config);
    const pub = { kty: jwk.kty, crv: jwk.crv, x: jwk.x } as const;
    const kid = await calculateJwkThumbprint(pub);
    const key = (await importJWK({ ...jwk }, 'EdDSA')) as CryptoKey;
    return new IssuerKeys(kid, { ...pub, kid, alg: 'EdDSA', use: 'sig' }, key);
  }

  /** Publishes this key (once; a second process with the same key changes nothing). */
  async register(db: Db): Promise<void> {
    await db
      .insert(issuerKey)
      .values({ kid: this.kid, publicJwk: JSON.stringify(this.publicJwk) })
      .onConflictDoNothing();
  }

  /** Every public key ever used, oldest first. */
  static async published(db: Db): Promise<PublicJwk[]> {
    const rows = await db.select().from(issuerKey).orderBy(asc(issuerKey.firstUsedAt), asc(issuerKey.kid));
    return rows.map((r) => JSON.parse(r.publicJwk) as PublicJwk);
  }

  /**
   * A credential secured as `application/vc+jwt` (W3C VC-JOSE-COSE): the credential is the JWT's
   * payload, `iss` and `jti` repeat its issuer and id for JWT libraries.
   */
  async sign(
    credential: { id?: string; issuer: string | { id: string } },
    verificationMethod: string,
  ): Promise<string> {
    const issuer = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id;
    const jwt = new SignJWT({ ...credential })
      .setProtectedHeader({ alg: 'EdDSA', kid: `${verificationMethod}#${this.kid}`, typ: 'vc+jwt', cty: 'vc' })
      .setIssuer(issuer)
      .setIssuedAt();
    if (credential.id) jwt.setJti(credential.id);
    return jwt.sign(this.key);
  }
}

function privateKeyFromDataDir(config: Config): Ed25519PrivateJwk {
  const generate = (): Ed25519PrivateJwk => {
    const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    return { kty: 'OKP', crv: 'Ed25519', x: jwk.x!, d: jwk.d! };
  };
  // Tests get a fresh key per app unless they set one.
  if (config.env === 'test') return generate();
  const file = join(config.dataDir, ISSUER_KEY_FILE);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Ed25519PrivateJwk;
  mkdirSync(config.dataDir, { recursive: true });
  const jwk = generate();
  writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  return jwk;
}
