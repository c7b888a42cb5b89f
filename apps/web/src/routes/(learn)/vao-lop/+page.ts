import { classesApi } from '$lib/api';

// The join page reads ?ma= from the QR code: rendered on request.
export const prerender = false;

export const load = async ({ fetch }) => ({
  // a guest (no account yet), or the list unreachable: the join form alone still works
  classes: await classesApi.myClasses(fetch).catch(() => []),
});
