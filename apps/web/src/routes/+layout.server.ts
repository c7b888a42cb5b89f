import { me } from '$lib/server/learner';

/**
 * Who is signed in, for the header's links on pages rendered without a framework (docs/adr/0007);
 * pages that hydrate keep it current themselves (lib/session.svelte.ts). Prerendered pages are the
 * same for everyone and get none.
 */
export const load = async ({ fetch, cookies }) => ({ me: await me(fetch, cookies) });
