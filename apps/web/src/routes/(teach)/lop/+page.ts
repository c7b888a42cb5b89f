import { ApiError, classesApi } from '$lib/api';

export const load = async ({ fetch }) => {
  try {
    return { classes: await classesApi.list(fetch), problem: null };
  } catch (e) {
    return { classes: [], problem: e instanceof ApiError ? e.code : 'network' };
  }
};
