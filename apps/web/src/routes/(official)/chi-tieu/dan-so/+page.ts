import { ApiError, indicatorsApi } from '$lib/api';

export const load = async ({ fetch, url }) => {
  const unit = url.searchParams.get('dv');
  try {
    return { unit, entries: (await indicatorsApi.population(unit, fetch)).entries, problem: null };
  } catch (e) {
    return { unit, entries: [], problem: e instanceof ApiError ? e.code : 'network' };
  }
};
