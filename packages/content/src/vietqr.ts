import { QRPay } from 'vietnam-qr-pay';
import type { VietQrPractice } from './practice.ts';

/**
 * The VietQR payload of a practice block, built and read back with `vietnam-qr-pay`. The lesson page
 * (VietQrPractice.svelte) and the content checker both use these, so what the checker approves is
 * exactly what the page shows.
 */

export type VietQrCode = VietQrPractice['code'];
export type DecodedVietQr = { valid: boolean; bin?: string; account?: string; amount?: string; purpose?: string };

/**
 * EMVCo's merchant-presented QR (the base of VietQR) allows at most 13 characters in the amount
 * (tag 54). The library writes longer amounts without complaint and reads them back, but a banking
 * app would refuse the code.
 */
const MAX_AMOUNT_CHARS = 13;

export function buildVietQrPayload(code: VietQrCode): string {
  return QRPay.initVietQR({
    bankBin: code.bin,
    bankNumber: code.account,
    amount: code.amount === undefined ? undefined : String(code.amount),
    purpose: code.purpose,
  }).build();
}

/** What a banking app reads from the payload. */
export function decodeVietQr(payload: string): DecodedVietQr {
  const qr = new QRPay(payload);
  return {
    valid: qr.isValid,
    bin: qr.consumer?.bankBin,
    account: qr.consumer?.bankNumber,
    amount: qr.amount,
    purpose: qr.additionalData?.purpose,
  };
}

/** Why the code would not reach the learner as written: `field` is relative to `code`. Empty when it round-trips. */
export function vietQrProblems(code: VietQrCode): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const amount = code.amount === undefined ? undefined : String(code.amount);
  if (amount !== undefined && amount.length > MAX_AMOUNT_CHARS) {
    problems.push({ field: 'amount', message: `số tiền ${amount} dài ${amount.length} ký tự; mã VietQR chỉ chứa tối đa ${MAX_AMOUNT_CHARS} ký tự, ứng dụng ngân hàng sẽ không đọc được` });
  }
  let payload: string;
  try {
    payload = buildVietQrPayload(code);
  } catch (e) {
    problems.push({ field: 'file', message: `không tạo được mã VietQR từ phần code: ${(e as Error).message}` });
    return problems;
  }
  const decoded = decodeVietQr(payload);
  if (!decoded.valid) {
    problems.push({ field: 'file', message: `mã VietQR tạo từ phần code không đọc lại được (trang sẽ hiện "Mã này không đọc được"): ${payload}` });
    return problems;
  }
  const expect: [string, string | undefined, string | undefined][] = [
    ['bin', code.bin, decoded.bin],
    ['account', code.account, decoded.account],
    ['amount', amount, decoded.amount],
    ['purpose', code.purpose, decoded.purpose],
  ];
  for (const [field, written, read] of expect) {
    if ((written ?? '') !== (read ?? '')) {
      problems.push({ field, message: `tệp ghi "${written ?? ''}" nhưng mã VietQR đọc lại được "${read ?? ''}"` });
    }
  }
  return problems;
}
