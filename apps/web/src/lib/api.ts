import type { BoardDto, IndicatorReport, LearningRecord, MyAssignments, MyClasses, Profile } from '@hvs/contracts';

/** An API answer that was not 2xx, with the stable code the UI translates. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

/** The request never got an answer: offline, timed out, or the connection dropped. */
class NetworkError extends Error {}

/**
 * One renewal at a time per fetch function: in the browser that is the page's one `fetch`; on the
 * server each request has its own (SvelteKit's), so two people's renders never share a renewal.
 */
const refreshing = new WeakMap<typeof fetch, Promise<boolean>>();

/** Renews the short-lived access token (and re-reads the roles) once for all callers waiting on it. */
function refreshSession(fetcher: typeof fetch): Promise<boolean> {
  let pending = refreshing.get(fetcher);
  if (!pending) {
    pending = fetcher('/api/v1/auth/refresh', { method: 'POST' })
      .then((r) => r.ok)
      .catch(() => false)
      .finally(() => setTimeout(() => refreshing.delete(fetcher), 0));
    refreshing.set(fetcher, pending);
  }
  return pending;
}

async function call<T>(fetcher: typeof fetch, url: string, init?: RequestInit, retried = false): Promise<T> {
  let res: Response;
  try {
    res = await fetcher(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(20_000) });
  } catch {
    throw new NetworkError(url);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { code?: string };
    // An expired access token is renewed once. So is one that lacks a role: roles travel in the
    // token, so a role granted a minute ago is only in the next one (the renewal reads them from
    // the database). Renewing on a 403 costs one request where the alternative, reading roles from
    // the database on every request, would cost one on every call.
    const renew =
      (res.status === 401 && body.code === 'token_expired') || (res.status === 403 && body.code === 'forbidden');
    if (renew && !retried && (await refreshSession(fetcher))) return call(fetcher, url, init, true);
    throw new ApiError(res.status, body.code ?? 'internal_error');
  }
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export type SessionDto = { user: { id: string; roles: string[] } };
export const signup = (body: Record<string, unknown>) =>
  call<SessionDto>(fetch, '/api/v1/auth/signup', json('POST', body));
export const login = (body: { login: string; password: string }) =>
  call<SessionDto>(fetch, '/api/v1/auth/login', json('POST', body));
export const logout = () => call<void>(fetch, '/api/v1/auth/logout', { method: 'POST' });
export const getProfile = (fetcher: typeof fetch = fetch) => call<Profile>(fetcher, '/api/v1/me');
export const getRecord = (fetcher: typeof fetch = fetch) => call<LearningRecord>(fetcher, '/api/v1/me/record');
export const deleteAccount = (password: string) => call<void>(fetch, '/api/v1/me', json('DELETE', { password }));

export type Commune = { code: string; name: string; provinceCode: string | null; provinceName: string | null };
export type Province = { code: string; name: string };
/** Up to 50 communes whose name contains what was typed, in one province or all of them. */
export const searchCommunes = (q: string, province: string, signal?: AbortSignal) =>
  call<Commune[]>(
    fetch,
    `/api/v1/communes?q=${encodeURIComponent(q)}&limit=50${province ? `&province=${encodeURIComponent(province)}` : ''}`,
    signal ? { signal } : undefined,
  );
export const getProvinces = () => call<Province[]>(fetch, '/api/v1/provinces');

export type ClassSummary = {
  id: string;
  name: string;
  school: string | null;
  joinCode: string | null;
  students: number;
  archivedAt: string | null;
};
export type ClassDetail = Omit<ClassSummary, 'students'> & {
  joinUrl: string | null;
  students: { userId: string; displayName: string; login: string }[];
  assignments: { id: string; title: string; moduleId: string | null; lessonIds: string[]; dueAt: string }[];
};
export type LoginCards = {
  className: string;
  accounts: { userId: string; displayName: string; login: string; password: string }[];
};

export const classesApi = {
  list: (fetcher: typeof fetch = fetch) => call<ClassSummary[]>(fetcher, '/api/v1/classes'),
  create: (body: { name: string; school?: string | null }) =>
    call<ClassSummary>(fetch, '/api/v1/classes', json('POST', body)),
  detail: (id: string, fetcher: typeof fetch = fetch) => call<ClassDetail>(fetcher, `/api/v1/classes/${id}`),
  board: (id: string, fetcher: typeof fetch = fetch) => call<BoardDto>(fetcher, `/api/v1/classes/${id}/board`),
  newCode: (id: string) => call<{ joinCode: string }>(fetch, `/api/v1/classes/${id}/join-code`, { method: 'POST' }),
  revokeCode: (id: string) => call<void>(fetch, `/api/v1/classes/${id}/join-code`, { method: 'DELETE' }),
  archive: (id: string) => call<void>(fetch, `/api/v1/classes/${id}/archive`, { method: 'POST' }),
  unarchive: (id: string) => call<void>(fetch, `/api/v1/classes/${id}/unarchive`, { method: 'POST' }),
  students: (id: string, body: { names: string[]; birthYear: number; studentLevel: string; consent: true }) =>
    call<LoginCards>(fetch, `/api/v1/classes/${id}/students`, json('POST', body)),
  remove: (id: string, userId: string) =>
    call<void>(fetch, `/api/v1/classes/${id}/students/${userId}`, { method: 'DELETE' }),
  assign: (id: string, body: { moduleId?: string; lessonIds?: string[]; title?: string; dueAt: string }) =>
    call<unknown>(fetch, `/api/v1/classes/${id}/assignments`, json('POST', body)),
  join: (code: string) =>
    call<{ classId: string; name: string }>(fetch, '/api/v1/classes/join', json('POST', { code })),
  mine: (fetcher: typeof fetch = fetch) => call<MyAssignments>(fetcher, '/api/v1/me/assignments'),
  myClasses: (fetcher: typeof fetch = fetch) => call<MyClasses>(fetcher, '/api/v1/me/classes'),
  leave: (id: string) => call<void>(fetch, `/api/v1/classes/${id}/leave`, { method: 'POST' }),
};

export type PopulationRow = { unitCode: string; unitName: string; year: number; group: string; count: number };
const unitQuery = (unit: string | null) => (unit ? `?unit=${encodeURIComponent(unit)}` : '');
export const indicatorsApi = {
  report: (unit: string | null, fetcher: typeof fetch = fetch) =>
    call<IndicatorReport>(fetcher, `/api/v1/indicators${unitQuery(unit)}`),
  publicReport: (unit: string | null, fetcher: typeof fetch = fetch) =>
    call<IndicatorReport>(fetcher, `/api/v1/public/indicators${unitQuery(unit)}`),
  population: (unit: string | null, fetcher: typeof fetch = fetch) =>
    call<{ unit: { code: string; name: string; level: string; parentCode: string | null }; entries: PopulationRow[] }>(
      fetcher,
      `/api/v1/population${unitQuery(unit)}`,
    ),
  populationCsv: (unit: string) => `/api/v1/population/export.csv${unitQuery(unit)}`,
  importPopulation: (csv: string) => call<{ saved: number }>(fetch, '/api/v1/population/import', json('POST', { csv })),
  saveTarget: (entry: { unitCode: string | null; year: number; indicator: string; percent: number; plan: string }) =>
    call<{ saved: number }>(fetch, '/api/v1/plan-targets', json('PUT', { entries: [entry] })),
};
