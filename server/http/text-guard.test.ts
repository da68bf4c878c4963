import { describe, expect, it } from 'vitest';
import { findUnstorable } from './text-guard.ts';

describe('findUnstorable', () => {
  it('names the first string or key PostgreSQL cannot store', () => {
    expect(findUnstorable({ a: 'fine', b: { c: ['ok', 'x\u0000y'] } })).toBe('b.c.1');
    expect(findUnstorable({ name: 'lone \ud800 high' })).toBe('name');
    expect(findUnstorable({ name: 'lone \udc00 low' })).toBe('name');
    expect(findUnstorable({ ['k\u0000']: 1 })).toBe('k\u0000');
    expect(findUnstorable('\u0000')).toBe('(value)');
  });

  it('accepts paired surrogates (emoji), other control characters and non-strings', () => {
    expect(findUnstorable({ a: '😀 e\u0301 \u202e \t\r\n', b: 1, c: null, d: [true, 2.5] })).toBeNull();
    expect(findUnstorable(undefined)).toBeNull();
  });
});
