import { getProfile } from '$lib/api';

type Role = 'teacher' | 'ambassador' | 'official' | 'admin';

/**
 * Who is signed in, for the header's links. Read from /me (roles as the database has them now, not
 * as the access token had them), on the first page with JavaScript and again after sign-in, sign-out
 * and deletion. Only for showing links: every page and API call checks access by itself.
 */
export const session = $state<{ known: boolean; signedIn: boolean; roles: Role[] }>({
  known: false,
  signedIn: false,
  roles: [],
});

export async function loadSession(): Promise<void> {
  try {
    const profile = await getProfile();
    session.signedIn = true;
    session.roles = profile.roles.map((r) => r.role).filter((r, i, all) => all.indexOf(r) === i);
  } catch {
    session.signedIn = false;
    session.roles = [];
  } finally {
    session.known = true;
  }
}

export function signedOut(): void {
  session.signedIn = false;
  session.roles = [];
}

/** Where sign-in leads when no page asked for it: the page of the account's main role. */
export function landingFor(roles: readonly string[]): string {
  if (roles.includes('teacher')) return '/lop';
  if (roles.includes('official')) return '/chi-tieu';
  return '/ho-so';
}
