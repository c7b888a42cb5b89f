const nf = new Intl.NumberFormat('vi-VN');
const pf = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

export const num = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : nf.format(n));
export const pct = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : `${pf.format(n)}%`);
/** 2026-11-16 → 16/11 */
export const shortWeek = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}`;
