import { ApiError, getProfile, indicatorsApi } from '$lib/api';

/** ?dv= a unit code (VN, a province or a commune); none = the widest unit the official covers. */
export const load = async ({ fetch, url }) => {
  const unit = url.searchParams.get('dv');
  try {
    const [report, profile] = await Promise.all([indicatorsApi.report(unit, fetch), getProfile(fetch)]);
    const scopes = profile.roles.filter((r) => r.role === 'official').map((r) => r.scopeUnitCode);
    const parent = report.unit.parentCode;
    const showUp = parent !== null && (scopes.includes(null) || scopes.includes(parent));
    return { report, showUp, problem: null };
  } catch (e) {
    return { report: null, showUp: false, problem: e instanceof ApiError ? e.code : 'network' };
  }
};
