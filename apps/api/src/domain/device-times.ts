/** Before the platform existed: a device clock this far back is wrong, not a learner from the past. */
const EARLIEST = Date.UTC(2025, 0, 1);
/** Clocks run ahead by minutes, time zones by hours; a day ahead is a wrong clock. */
const AHEAD_MS = 24 * 3600 * 1000;

/**
 * The device's start and submit times as they can be kept: each within [2025, now + 1 day], and the
 * start not after the submit. A time outside is dropped (null), not refused: the learner's answers
 * matter more than a wrong phone clock, and the server's own receipt time is always kept.
 */
export function deviceTimes(
  startedAt: string | undefined,
  submittedAt: string | undefined,
  now = new Date(),
): { startedAt: Date | null; submittedAt: Date | null } {
  const plausible = (raw: string | undefined) => {
    if (!raw) return null;
    const t = Date.parse(raw);
    return Number.isFinite(t) && t >= EARLIEST && t <= now.getTime() + AHEAD_MS ? new Date(t) : null;
  };
  const started = plausible(startedAt);
  const submitted = plausible(submittedAt);
  if (started && submitted && started > submitted) return { startedAt: null, submittedAt: submitted };
  return { startedAt: started, submittedAt: submitted };
}
