import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** JSON with object keys sorted at every level; undefined members dropped, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

const cache = new WeakMap<object, string>();

/** 16 lowercase hex chars of sha256 over the canonical JSON of a parsed quiz. */
export function versionOf(parsed: object): string {
  let v = cache.get(parsed);
  if (v === undefined) {
    v = bytesToHex(sha256(utf8ToBytes(canonicalJson(parsed)))).slice(0, 16);
    cache.set(parsed, v);
  }
  return v;
}
