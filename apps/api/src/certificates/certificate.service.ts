import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { normalizeCertificateCode, type CertificateVerification, type MyCertificate } from '@hvs/contracts';
import type { Db } from '../db/client.ts';
import { adminUnit, appUser, certification, roleGrant } from '../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { UserActor } from '../domain/actor.ts';
import type { ContentStore } from '../services/content-store.ts';
import { withRollupOfChange } from '../services/indicator-rollup.ts';
import {
  encodeStatusList,
  initialsOf,
  issuerProfile,
  issuerUrls,
  openBadgeCredential,
  statusListCredential,
  VC_CONTEXT,
  type CertificateFacts,
} from './domain.ts';
import { recordRevocation, supervisedOf } from './hooks.ts';
import { IssuerKeys, type PublicJwk } from './issuer-keys.ts';

type Row = typeof certification.$inferSelect & { name: string; birthYear: number };

const notFound = () => new AppError(404, 'certificate_not_found', 'Không tìm thấy chứng nhận với mã này');

/** How long a signed status list is served from memory (a revocation here clears it at once). */
const STATUS_LIST_TTL_MS = 30_000;

/**
 * Certificates: the learner's own (page, PDF, credential), the public verification by code, the
 * issuer's published keys and status list, and revocation.
 */
export class CertificateService {
  private statusCache: { origin: string; at: number; jwt: string } | null = null;

  constructor(
    private readonly db: Db,
    private readonly content: ContentStore,
    private readonly keys: IssuerKeys,
  ) {}

  /** The caller's certificate under the current curriculum, else their latest; 404 when none. */
  async mine(actor: UserActor, origin: string): Promise<{ view: MyCertificate; facts: CertificateFacts }> {
    const rows = await this.db
      .select({ c: certification, name: appUser.displayName, birthYear: appUser.birthYear })
      .from(certification)
      .innerJoin(appUser, eq(appUser.id, certification.userId))
      .where(eq(certification.userId, actor.userId))
      .orderBy(sql`${certification.earnedAt} desc`);
    const current = this.content.curriculum?.version;
    const hit = rows.find((r) => r.c.curriculumVersion === current) ?? rows[0];
    if (!hit) throw notFound();
    const row: Row = { ...hit.c, name: hit.name, birthYear: hit.birthYear };
    const facts = this.facts(row);
    return {
      facts,
      view: {
        code: row.code,
        name: row.name,
        birthYear: row.birthYear,
        earnedAt: row.earnedAt.toISOString(),
        curriculum: { version: row.curriculumVersion, group: row.curriculumGroup, groupTitle: facts.groupTitle },
        supervised: facts.supervised,
        revoked: row.revokedAt !== null,
        revokedAt: row.revokedAt?.toISOString() ?? null,
        verifyUrl: issuerUrls(origin).verify(row.code),
      },
    };
  }

  /**
   * What anyone may know by a code. A malformed code, an unknown one and one whose account was
   * deleted (its row went with the account) get the same 404; the status list says "revoked" for
   * the deleted one's credential.
   */
  async verify(input: string): Promise<CertificateVerification> {
    const code = normalizeCertificateCode(input);
    if (!code) throw notFound();
    const [hit] = await this.db
      .select({ c: certification, name: appUser.displayName, birthYear: appUser.birthYear })
      .from(certification)
      .innerJoin(appUser, eq(appUser.id, certification.userId))
      .where(eq(certification.code, code))
      .limit(1);
    if (!hit) throw notFound();
    const row: Row = { ...hit.c, name: hit.name, birthYear: hit.birthYear };
    const facts = this.facts(row);
    const curriculum = { version: row.curriculumVersion, group: row.curriculumGroup, groupTitle: facts.groupTitle };
    if (row.revokedAt) {
      return {
        code,
        status: 'revoked',
        initials: '',
        birthYear: null,
        earnedAt: row.earnedAt.toISOString(),
        curriculum,
        supervised: null,
        revokedAt: row.revokedAt.toISOString(),
      };
    }
    return {
      code,
      status: 'valid',
      initials: initialsOf(row.name),
      birthYear: row.birthYear,
      earnedAt: row.earnedAt.toISOString(),
      curriculum,
      supervised: facts.supervised,
      revokedAt: null,
    };
  }

  /** The learner's OpenBadgeCredential, signed, in the VC Data Model's enveloped JSON form. */
  async credential(actor: UserActor, origin: string) {
    const { facts, view } = await this.mine(actor, origin);
    if (view.revoked) throw new AppError(409, 'certificate_revoked', 'This certificate was revoked');
    const urls = issuerUrls(origin);
    const jwt = await this.keys.sign(openBadgeCredential(facts, urls), urls.issuer);
    return {
      '@context': [VC_CONTEXT],
      id: `data:application/vc+jwt,${jwt}`,
      type: 'EnvelopedVerifiableCredential',
    };
  }

  /** The issuer profile (OB 3.0 Profile) with every key it ever signed with (a controller document). */
  async issuer(origin: string) {
    const urls = issuerUrls(origin);
    const keys = await this.publicKeys(origin);
    return {
      '@context': [VC_CONTEXT, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      ...issuerProfile(urls),
      description:
        'Nền tảng học kỹ năng số cơ bản; cấp chứng nhận "đạt phổ cập tri thức số" có thể kiểm tra công khai.',
      verificationMethod: keys.map((k) => ({
        id: k.kid,
        type: 'JsonWebKey',
        controller: urls.issuer,
        publicKeyJwk: k,
      })),
      assertionMethod: keys.map((k) => k.kid),
      publicKeys: urls.jwks,
      statusList: urls.statusList,
    };
  }

  /** Every public key ever used, `kid` as it stands in the JWS headers: `<issuer>#<JWK thumbprint>`. */
  async publicKeys(origin: string): Promise<PublicJwk[]> {
    const issuer = issuerUrls(origin).issuer;
    return (await IssuerKeys.published(this.db)).map((k) => ({ ...k, kid: `${issuer}#${k.kid}` }));
  }

  /** The Bitstring Status List credential (revocation), signed; positions without a live certificate are revoked. */
  async statusList(origin: string): Promise<string> {
    const cached = this.statusCache;
    if (cached && cached.origin === origin && Date.now() - cached.at < STATUS_LIST_TTL_MS) return cached.jwt;
    const [seq] = (
      (await this.db.execute(sql`select last_value, is_called from certification_status_index_seq`)) as unknown as {
        rows: { last_value: string | number; is_called: boolean }[];
      }
    ).rows;
    const allocated = seq ? Number(seq.last_value) + (seq.is_called ? 1 : 0) : 0;
    const live = await this.db
      .select({ i: certification.statusIndex })
      .from(certification)
      .where(isNull(certification.revokedAt));
    const active = new Set(live.map((r) => r.i));
    const revoked: number[] = [];
    for (let i = 0; i < allocated; i++) if (!active.has(i)) revoked.push(i);
    const urls = issuerUrls(origin);
    const now = new Date();
    const jwt = await this.keys.sign(
      statusListCredential(encodeStatusList(revoked, allocated), urls, now),
      urls.issuer,
    );
    this.statusCache = { origin, at: Date.now(), jwt };
    return jwt;
  }

  /**
   * Revokes a certificate: an administrator, or an official of the learner's province (or of the
   * whole country). Written with its reason and an audit row; the indicators drop it in the same
   * transaction; the verification page and the status list say "revoked" from then on.
   */
  async revoke(
    actor: UserActor,
    input: string,
    reason: string,
    ip: string | null = null,
  ): Promise<CertificateVerification> {
    const code = normalizeCertificateCode(input);
    if (!code) throw notFound();
    const grants = await this.db
      .select({ role: roleGrant.role, scope: roleGrant.scopeUnitCode })
      .from(roleGrant)
      .where(and(eq(roleGrant.userId, actor.userId), or(eq(roleGrant.role, 'admin'), eq(roleGrant.role, 'official'))));
    if (grants.length === 0)
      throw new AppError(403, 'forbidden', 'Only an administrator or a province official may revoke');
    await this.db.transaction(async (tx) => {
      const [target] = await tx
        .select({ userId: certification.userId, province: adminUnit.parentCode, commune: appUser.communeCode })
        .from(certification)
        .innerJoin(appUser, eq(appUser.id, certification.userId))
        .innerJoin(adminUnit, eq(adminUnit.code, appUser.communeCode))
        .where(eq(certification.code, code))
        .limit(1);
      if (!target) throw notFound();
      const allowed = grants.some(
        (g) => g.role === 'admin' || (g.role === 'official' && (g.scope === null || g.scope === target.province)),
      );
      if (!allowed) throw new AppError(403, 'forbidden', "Only an official of the learner's province may revoke");
      // The same lock order as the attempt path and account deletion: the user's row first.
      await tx.execute(sql`select id from ${appUser} where ${appUser.id} = ${target.userId} for update`);
      const at = new Date();
      await withRollupOfChange(tx, target.userId, async () => {
        const [revoked] = await tx
          .update(certification)
          .set({ revokedAt: at, revokedReason: reason })
          .where(and(eq(certification.code, code), isNull(certification.revokedAt)))
          .returning({ statusIndex: certification.statusIndex });
        if (!revoked) throw new AppError(409, 'certificate_revoked', 'This certificate is already revoked');
        await recordRevocation(tx, {
          code,
          statusIndex: revoked.statusIndex,
          userId: target.userId,
          revokedBy: actor.userId,
          reason,
          at,
          communeCode: target.commune,
          ip,
        });
      });
    });
    this.statusCache = null;
    return this.verify(code);
  }

  private facts(row: Row): CertificateFacts {
    const curriculum = this.content.curriculum;
    const group = curriculum?.groups[row.curriculumGroup];
    // Competences of the group's core lessons (the current curriculum's list: content keeps no older one).
    const competences = new Set<string>();
    for (const id of group?.core ?? []) for (const c of this.content.lesson(id)?.competences ?? []) competences.add(c);
    return {
      code: row.code,
      name: row.name,
      earnedAt: row.earnedAt,
      curriculumVersion: row.curriculumVersion,
      group: row.curriculumGroup,
      groupTitle: group?.title ?? row.curriculumGroup,
      criteria: curriculum?.passRule.text ?? '',
      competences: [...competences].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
      supervised: supervisedOf(row),
      statusIndex: row.statusIndex,
    };
  }
}
