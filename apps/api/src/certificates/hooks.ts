import type { Tx } from '../db/client.ts';
import { certificateRevocation } from '../db/schema/index.ts';
import { audit } from '../services/audit.service.ts';

/**
 * Two small seams for work landing from other issues; each is the only place to change.
 *
 * HOOK(issue 13, final assessment): whether the final assessment was supervised. Reads the
 * certification row as selected whole: once the assessment branch adds its column
 * (`supervisedBy`, who supervised, or a boolean `supervised`) it is picked up here; until then the
 * certificate says nothing about supervision (null).
 */
export function supervisedOf(row: object): boolean | null {
  if ('supervisedBy' in row) return row.supervisedBy != null;
  if ('supervised' in row && typeof row.supervised === 'boolean') return row.supervised;
  return null;
}

export type RevocationRecord = {
  code: string;
  statusIndex: number;
  userId: string;
  revokedBy: string;
  reason: string;
  at: Date;
  /** the learner's commune: the audit row is visible to its province's officials */
  communeCode: string;
  ip: string | null;
};

/**
 * The record of a revocation, written in the revoking transaction: a row in `certificate_revocation`
 * (kept when the learner deletes their account, read by the status list) and one in the append-only
 * audit log (who, what, when, from where).
 */
export async function recordRevocation(tx: Tx, r: RevocationRecord): Promise<void> {
  await tx.insert(certificateRevocation).values({
    code: r.code,
    statusIndex: r.statusIndex,
    revokedBy: r.revokedBy,
    reason: r.reason,
    revokedAt: r.at,
  });
  await audit(
    tx,
    { actorId: r.revokedBy, ip: r.ip },
    {
      action: 'certificate.revoked',
      unitCode: r.communeCode,
      targetId: r.userId,
      detail: { code: r.code, reason: r.reason },
    },
  );
}
