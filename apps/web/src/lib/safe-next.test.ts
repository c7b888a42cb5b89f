import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

describe('safeNext: where sign-in may lead', () => {
  it.each(['/ho-so', '/vao-lop?ma=ABC123', '/lop/1#bang'])('keeps a path on this site: %s', (path) => {
    expect(safeNext(path)).toBe(path);
  });
  it.each([
    'https://evil.example',
    '//evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    'ho-so',
    null,
  ])('refuses what would leave the site: %j', (next) => {
    expect(safeNext(next)).toBeNull();
  });
});
