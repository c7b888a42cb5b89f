import { error } from '@sveltejs/kit';
import { ApiError, classesApi } from '$lib/api';

export const load = async ({ fetch, params, data }) => {
  try {
    const [detail, board] = await Promise.all([
      classesApi.detail(params.id, fetch),
      classesApi.board(params.id, fetch),
    ]);
    return { ...data, detail, board };
  } catch (e) {
    if (e instanceof ApiError) error(e.status, { message: 'class unavailable', code: e.code });
    error(503, { message: 'offline', code: 'network' });
  }
};
