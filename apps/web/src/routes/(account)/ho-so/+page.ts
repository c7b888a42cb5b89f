import { error } from '@sveltejs/kit';
import { ApiError, getRecord } from '$lib/api';

export const load = async ({ fetch }) => {
  try {
    return { record: await getRecord(fetch) };
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return { record: null };
    if (e instanceof ApiError) error(e.status, { message: 'record unavailable', code: e.code });
    error(503, { message: 'offline', code: 'network' });
  }
};
