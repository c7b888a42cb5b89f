import { error } from '@sveltejs/kit';
import QRCode from 'qrcode';
import type { MyCertificate } from '@hvs/contracts';

// The learner's certificate, rendered on the server with its QR code: no framework, a few KB (docs/adr/0007).
export const prerender = false;
export const csr = false;

export const load = async ({ fetch }) => {
  const res = await fetch('/api/v1/me/certificate').catch(() => null);
  if (!res) error(503, { message: 'offline', code: 'network' });
  if (res.status === 401) return { state: 'signed-out' as const };
  if (res.status === 404) return { state: 'none' as const };
  if (!res.ok) error(res.status, { message: 'certificate unavailable', code: 'internal_error' });
  const certificate = (await res.json()) as MyCertificate;
  const qr = await QRCode.toString(certificate.verifyUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return { state: 'certified' as const, certificate, qr };
};
