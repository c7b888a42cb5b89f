import { redirect } from '@sveltejs/kit';
import { normalizeCertificateCode } from '@hvs/contracts';

// Public: anyone checks a code they were shown; no framework on the page (docs/adr/0007).
export const prerender = false;
export const csr = false;

/** The form sends `?ma=`: go to the page of that code (cleaned up when it can be a code at all). */
export const load = ({ url }) => {
  const typed = url.searchParams.get('ma')?.trim().slice(0, 40);
  if (typed) redirect(303, `/xac-minh/${encodeURIComponent(normalizeCertificateCode(typed) ?? typed)}`);
  return {};
};
