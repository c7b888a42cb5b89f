import { describe, expect, it, vi } from 'vitest';
import { uuidv4 } from './uuid.ts';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv4', () => {
  it('makes version-4 UUIDs the API accepts, also where crypto.randomUUID is missing (plain http)', () => {
    expect(uuidv4()).toMatch(V4);
    const spy = vi.spyOn(crypto, 'randomUUID').mockImplementation(undefined as never);
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    const ids = new Set(Array.from({ length: 1000 }, () => uuidv4()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(V4);
    spy.mockRestore();
  });
});
