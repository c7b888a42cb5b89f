import { randomBytes } from 'node:crypto';

// Crockford's base32 without I, L, O, U: easy to read aloud and to type from paper.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short, unguessable certificate code: HVS-XXXX-XXXX-XX (50 random bits). */
export function certificateCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return `HVS-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 10)}`;
}
