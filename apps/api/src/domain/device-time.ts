/**
 * When an attempt counts, for the learner's progress (first passed, last attempt), the certificate's
 * date and so the indicators' periods (issue 16).
 *
 * An attempt answered offline reaches the server when the phone finds a network, which may be days
 * later. It is always accepted (docs/adr/0005: never refused for the policy, and never for being
 * late: the answers were the learner's work), and it counts at the time the device says it was
 * submitted, but only within sane bounds, since device clocks are wrong often enough (reset to 1970
 * after a battery change, set by hand):
 *
 * - only for attempts sent from the device's outbox (`offline_sync`); online ones count when received;
 * - not after the server received it (5 minutes of clock skew are forgiven, and cut to that time);
 * - not before the device says it was started;
 * - not more than OFFLINE_WINDOW_DAYS before it was received: beyond that window, the attempt is
 *   still recorded, counted when received, so a late sync never rewrites a period long reported.
 */
export const OFFLINE_WINDOW_DAYS = 30;
const SKEW_MS = 5 * 60_000;

export function countedAt(a: {
  source: 'online' | 'offline_sync' | 'assisted';
  startedAt: Date | null;
  submittedAt: Date | null;
  receivedAt: Date;
}): Date {
  const { submittedAt, startedAt, receivedAt } = a;
  if (a.source !== 'offline_sync' || !submittedAt || Number.isNaN(submittedAt.getTime())) return receivedAt;
  const at = submittedAt.getTime();
  if (at > receivedAt.getTime() + SKEW_MS) return receivedAt;
  if (startedAt && !Number.isNaN(startedAt.getTime()) && at < startedAt.getTime()) return receivedAt;
  if (at < receivedAt.getTime() - OFFLINE_WINDOW_DAYS * 86_400_000) return receivedAt;
  return new Date(Math.min(at, receivedAt.getTime()));
}
