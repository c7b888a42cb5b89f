/**
 * Text that PostgreSQL can store and people can read. PostgreSQL refuses `\u0000` in text and jsonb
 * and a lone surrogate in jsonb; other control characters are invisible and only ever come from
 * scripts or broken copy-paste. One rule for every input of every contract (the API applies it to
 * each request's body, query and parameters before validation; the web may apply it to form data):
 * control characters other than tab and line breaks are removed, a lone surrogate becomes U+FFFD.
 * Cleaning instead of refusing keeps a learner's answers: a quiz is never lost for a stray byte.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanString(s: string): string {
  return s.replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** The same value with every string in it cleaned (keys too); other values as they are. */
export function cleanText<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return cleanString(value) as T;
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cleanText(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[cleanString(k)] = cleanText(v, depth + 1);
  return out as T;
}
