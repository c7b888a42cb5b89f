import { fail } from '@sveltejs/kit';
import type { CertificateVerification } from '@hvs/contracts';

// Public, reached from the QR code on the paper: rendered on the server, no framework (docs/adr/0007).
export const prerender = false;
export const csr = false;

type Lookup = { state: 'found'; result: CertificateVerification } | { state: 'not-found' } | { state: 'limited' };

async function lookup(fetch: typeof globalThis.fetch, code: string): Promise<Lookup> {
  const res = await fetch(`/api/v1/verifications/${encodeURIComponent(code)}`);
  if (res.status === 429) return { state: 'limited' };
  if (!res.ok) return { state: 'not-found' };
  return { state: 'found', result: (await res.json()) as CertificateVerification };
}

export const load = async ({ params, fetch, parent, setHeaders }) => {
  setHeaders({ 'cache-control': 'no-store' });
  const { me } = await parent();
  // Only an administrator or an official sees the revocation form (the API decides whose certificate).
  const mayRevoke = Boolean(me?.roles.some((r) => r.role === 'admin' || r.role === 'official'));
  return { code: params.code.slice(0, 40), lookup: await lookup(fetch, params.code), mayRevoke };
};

export const actions = {
  revoke: async ({ params, request, fetch }) => {
    const reason = String((await request.formData()).get('reason') ?? '').trim();
    const res = await fetch(`/api/v1/certificates/${encodeURIComponent(params.code)}/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason }),
    });
    if (res.ok) return { revoked: true };
    const body = (await res.json().catch(() => ({}))) as { code?: string };
    return fail(res.status, { reason, problem: body.code ?? 'internal_error' });
  },
};
