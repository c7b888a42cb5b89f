import { ApiError, indicatorsApi } from '$lib/api';

/** The public page: any unit (?dv=), small counts hidden by the API. */
export const load = async ({ fetch, url }) => {
  try {
    return { report: await indicatorsApi.publicReport(url.searchParams.get('dv'), fetch), problem: null };
  } catch (e) {
    return { report: null, problem: e instanceof ApiError ? e.code : 'network' };
  }
};

// Anyone, on any phone: figures and charts rendered on the server, no framework (docs/adr/0007).
export const csr = false;
