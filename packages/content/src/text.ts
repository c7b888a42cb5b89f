/**
 * Text measures the checker uses on lessons, quizzes and practice blocks: words for the reading-time
 * estimate, shingles for "is this practice a copy of a quiz item". Written here because each is a few
 * lines over plain strings; no library measures Vietnamese text the way these rules need.
 */

/** Every string inside a YAML value (objects, arrays), leaving out the values of `skip` keys. */
export function textsOf(value: unknown, skip: ReadonlySet<string> = new Set()): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => textsOf(v, skip));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (skip.has(k) ? [] : textsOf(v, skip)));
  }
  return [];
}

/**
 * Words a learner reads. Vietnamese is written one syllable (tiếng) per space-separated word, so this
 * counts syllables; tokens without a letter or digit (dashes, bullets) are not words.
 */
export function countTextWords(texts: string | readonly string[]): number {
  const all = typeof texts === 'string' ? [texts] : texts;
  return all.reduce((n, t) => n + t.split(/\s+/).filter((w) => /\p{L}|\p{N}/u.test(w)).length, 0);
}

/** Words of a lesson body: without the script, tags, code marks and link targets. */
export function countWords(body: string): number {
  const text = body
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/[#>*_`|[\]-]/g, ' ');
  return countTextWords(text);
}

/** Lower-case syllables without punctuation; diacritics kept (they tell Vietnamese words apart). */
function syllables(text: string): string[] {
  return text.normalize('NFC').toLocaleLowerCase('vi').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** The set of runs of `n` consecutive syllables in each text (a run never spans two texts). */
export function shingles(texts: readonly string[], n: number): Set<string> {
  const out = new Set<string>();
  for (const t of texts) {
    const s = syllables(t);
    for (let i = 0; i + n <= s.length; i++) out.add(s.slice(i, i + n).join(' '));
  }
  return out;
}

/**
 * How much two texts share: shared shingles ÷ shingles of the smaller text (the overlap, or
 * Szymkiewicz–Simpson, coefficient). Unlike Jaccard it stays high when a short quiz item is copied
 * whole into a longer practice block.
 */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): { shared: number; ratio: number } {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return { shared, ratio: small.size === 0 ? 0 : shared / small.size };
}
