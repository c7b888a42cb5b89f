/**
 * Seeded random generator for selection and shuffling.
 *
 * Everything an attempt shows is derived from its attempt id alone, so the server can reproduce
 * exactly what a learner saw (also for attempts made offline). The recipe, which must never change
 * without a converter for stored attempts:
 *
 *   bytes = sha256(utf8(attemptId))[0..16)
 *   a, b, c, d = the four big-endian 32-bit words of bytes
 *   generator = sfc32(a, b, c, d)          (Chris Doty-Humphrey's Small Fast Counter, 32-bit)
 *   next() = output / 2^32                 in [0, 1)
 *   int(n) = floor(next() * n)             in [0, n)
 *
 * No warm-up rounds: the seed is already a hash. Shuffles are Fisher–Yates from the last index down:
 * for i = n-1 … 1, j = int(i + 1), swap(i, j).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

export function seedFromAttemptId(attemptId: string): { hex: string; words: [number, number, number, number] } {
  const bytes = sha256(utf8ToBytes(attemptId)).subarray(0, 16);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  return {
    hex: bytesToHex(bytes),
    words: [view.getUint32(0), view.getUint32(4), view.getUint32(8), view.getUint32(12)],
  };
}

export function sfc32(seedA: number, seedB: number, seedC: number, seedD: number): Rng {
  let a = seedA >>> 0;
  let b = seedB >>> 0;
  let c = seedC >>> 0;
  let d = seedD >>> 0;
  const next32 = (): number => {
    const t0 = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const t = (t0 + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  const next = (): number => next32() / 4294967296;
  return { next, int: (n: number) => Math.floor(next() * n) };
}

export function rngForAttempt(attemptId: string): { seed: string; rng: Rng } {
  const { hex, words } = seedFromAttemptId(attemptId);
  return { seed: hex, rng: sfc32(...words) };
}

/** A shuffled copy (Fisher–Yates). */
export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

/** A shuffled copy that is never in the original order when there are two or more elements. */
export function derange<T>(items: readonly T[], rng: Rng): T[] {
  const out = shuffle(items, rng);
  if (out.length >= 2 && out.every((x, i) => x === items[i])) out.push(out.shift() as T);
  return out;
}
