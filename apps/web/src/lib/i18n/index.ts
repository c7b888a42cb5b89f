import { vi } from './vi.ts';

/** The messages of the interface language. Only Vietnamese for now. */
export const t = vi;

/** A message a person can act on, for an API error code. */
export function errorText(code: string | undefined): string {
  return (code && t.errors.byCode[code]) || t.errors.generic;
}
