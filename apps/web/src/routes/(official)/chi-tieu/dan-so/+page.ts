import { ApiError, getProfile, indicatorsApi } from '$lib/api';

/**
 * ?dv= a unit code. Targets are set by the province (for itself and its communes) or the nation
 * (any unit, and the defaults): the page offers the form only to them; the API decides again.
 */
export const load = async ({ fetch, url }) => {
  try {
    const [list, profile] = await Promise.all([
      indicatorsApi.population(url.searchParams.get('dv'), fetch),
      getProfile(fetch),
    ]);
    const scopes = profile.roles.filter((r) => r.role === 'official').map((r) => r.scopeUnitCode);
    const { unit } = list;
    const national = scopes.includes(null);
    const maySetTarget =
      national ||
      (unit.level === 'province' && scopes.includes(unit.code)) ||
      (unit.level === 'commune' && unit.parentCode !== null && scopes.includes(unit.parentCode));
    return { unit, entries: list.entries, maySetTarget, national, problem: null };
  } catch (e) {
    return {
      unit: null,
      entries: [],
      maySetTarget: false,
      national: false,
      problem: e instanceof ApiError ? e.code : 'network',
    };
  }
};
