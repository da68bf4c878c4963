import { describe, expect, it } from 'vitest';
import { Lru } from './lru.ts';

describe('Lru', () => {
  it('Lru caps entries and weight, evicts the least recently used, and holds null', () => {
    const lru = new Lru<string, number[]>(3, 10, (v) => v.length);
    lru.set('a', [1]);
    lru.set('b', [1]);
    lru.set('c', [1]);
    expect(lru.get('a')).toEqual([1]); // a is used, so b is now the least recently used
    lru.set('d', [1]);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toEqual([1]);
    expect(lru.size).toBe(3);
    lru.set('e', new Array(9).fill(0)); // weight 9 + the others > 10: evicts down to the cap
    expect(lru.totalWeight).toBeLessThanOrEqual(10);
    expect(lru.get('e')).toHaveLength(9);
    const nulls = new Lru<string, null>(2);
    nulls.set('x', null);
    expect(nulls.get('x')).toBeNull();
    expect(nulls.get('y')).toBeUndefined();
  });
});
