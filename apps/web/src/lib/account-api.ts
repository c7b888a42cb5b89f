import type { AuditEvent, PopulationChange } from '@hvs/contracts';
import { ApiError } from '$lib/api';

/**
 * The account-trust calls (issue 22): password change and recovery, resets for others, population
 * approval and the audit log. Kept apart from api.ts while that file moves to @hvs/contracts.
 */
async function send<T>(url: string, init?: RequestInit, retried = false): Promise<T> {
  const res = await fetch(url, init).catch(() => {
    throw new ApiError(0, 'network');
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string; problems?: unknown };
    if (res.status === 401 && body.code === 'token_expired' && !retried) {
      const renewed = await fetch('/api/v1/auth/refresh', { method: 'POST' }).then(
        (r) => r.ok,
        () => false,
      );
      if (renewed) return send(url, init, true);
    }
    throw Object.assign(new ApiError(res.status, body.code ?? 'internal_error'), { detail: body.message ?? '' });
  }
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
}
const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const changePassword = (currentPassword: string, newPassword: string) =>
  send<unknown>('/api/v1/me/password', post({ currentPassword, newPassword }));
export const recover = (login: string, recoveryCode: string, newPassword: string) =>
  send<{ recoveryCode: string }>('/api/v1/auth/recover', post({ login, recoveryCode, newPassword }));
export const renewRecoveryCode = (password: string) =>
  send<{ recoveryCode: string }>('/api/v1/me/recovery-code', post({ password }));

export type PasswordReset = {
  userId: string;
  login: string;
  displayName: string;
  password: string;
  sameName: { userId: string; login: string }[];
};
export const resetPassword = (target: { userId: string } | { login: string }) =>
  send<PasswordReset>('/api/v1/password-resets', post(target));

export const populationChanges = (status: string) =>
  send<PopulationChange[]>(`/api/v1/population/changes${status ? `?status=${encodeURIComponent(status)}` : ''}`);
export const decidePopulationChange = (id: string, decision: 'approve' | 'reject') =>
  send<unknown>(`/api/v1/population/changes/${id}/${decision}`, { method: 'POST' });

export const auditQuery = (unit: string) => (unit ? `?unit=${encodeURIComponent(unit)}` : '');
export const auditEvents = (unit: string) => send<AuditEvent[]>(`/api/v1/audit-events${auditQuery(unit)}`);
