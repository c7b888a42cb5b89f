import type { AttemptResult, Progress, SubmitAttempt } from '@hvs/contracts';

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
export class NetworkError extends Error {}

async function call<T>(fetcher: typeof fetch, url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetcher(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(20_000) });
  } catch {
    throw new NetworkError(url);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { code?: string };
    throw new ApiError(res.status, body.code ?? 'internal_error');
  }
  return (await res.json()) as T;
}

export const submitAttempt = (body: SubmitAttempt, fetcher: typeof fetch = fetch) =>
  call<AttemptResult>(fetcher, '/api/v1/attempts', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

export const getAttempt = (id: string, fetcher: typeof fetch = fetch) =>
  call<AttemptResult>(fetcher, `/api/v1/attempts/${encodeURIComponent(id)}`);

export const getProgress = (fetcher: typeof fetch = fetch) => call<Progress>(fetcher, '/api/v1/progress');
