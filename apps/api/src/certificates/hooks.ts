import type { Tx } from '../db/client.ts';
import { certificateRevocation } from '../db/schema/index.ts';

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
};

/**
 * HOOK(issue 22, audit_event): the audit row of a revocation, written in the revoking transaction.
 * Today it goes to `certificate_revocation` (append-only, kept when the learner deletes their
 * account). When `audit_event` lands, add its insert here (action 'certificate.revoke', actor
 * `revokedBy`, subject the code, the reason), and keep or drop this table.
 */
export async function recordRevocation(tx: Tx, r: RevocationRecord): Promise<void> {
  await tx.insert(certificateRevocation).values({
    code: r.code,
    statusIndex: r.statusIndex,
    revokedBy: r.revokedBy,
    reason: r.reason,
    revokedAt: r.at,
  });
}
