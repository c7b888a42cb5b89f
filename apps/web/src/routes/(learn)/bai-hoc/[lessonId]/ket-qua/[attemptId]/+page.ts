import { error } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { ApiError, getAttempt } from '$lib/api';
import { recentResult } from '$lib/results';

export const load = async ({ data, params, fetch }) => {
  const cached = browser ? recentResult(params.attemptId) : undefined;
  try {
    const result = cached ?? (await getAttempt(params.attemptId, fetch));
    return { ...data, result };
  } catch (e) {
    if (e instanceof ApiError) error(e.status, { message: 'attempt unavailable', code: e.code });
    error(503, { message: 'offline', code: 'network' });
  }
};
