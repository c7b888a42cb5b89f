/**
 * A login is a Vietnamese mobile number or a username. Phone numbers are stored in one form
 * (0xxxxxxxxx) whatever way they were typed ("+84 912 345 678", "0912.345.678"); usernames are
 * lowercased. Returns null for anything that is neither.
 */
export function normalizeLogin(raw: string): { kind: 'phone' | 'username'; value: string } | null {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/[\s.\-()]/g, '');
  if (/^(\+?84|0)\d{9}$/.test(digits)) {
    return { kind: 'phone', value: `0${digits.replace(/^(\+?84|0)/, '')}` };
  }
  const name = trimmed.toLowerCase();
  if (/^[a-z][a-z0-9._-]{2,31}$/.test(name)) return { kind: 'username', value: name };
  return null;
}

/** Household keys are shared by family members: compared without case or spaces. */
export function normalizeHouseholdKey(raw: string | undefined | null): string | null {
  const v = (raw ?? '').trim().toLowerCase().replace(/\s+/g, '');
  return v === '' ? null : v;
}
