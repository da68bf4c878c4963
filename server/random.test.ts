import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { poolBytes, randomBytesFromPool, uuidv7 } from './random.ts';

describe('the random pool', () => {
  it('never hands out the same bytes twice, across refills', () => {
    const seen = new Set<string>();
    // 4096-byte pool: 2,000 draws of 16 bytes refill it several times.
    for (let i = 0; i < 2000; i++) seen.add(poolBytes(16).toString('hex'));
    expect(seen.size).toBe(2000);
  });

  it('gives copies that a later draw does not change', () => {
    const kept = randomBytesFromPool(32);
    const before = kept.toString('hex');
    for (let i = 0; i < 300; i++) poolBytes(16);
    expect(kept.toString('hex')).toBe(before);
  });

  it('refuses draws larger than it serves', () => {
    expect(() => poolBytes(257)).toThrow(/at most 256/);
  });
});

describe('uuidv7', () => {
  it('draws valid, distinct version 7 ids that sort in the order they were drawn', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7());
    for (const id of ids.slice(0, 50)) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(new Set(ids).size).toBe(ids.length);
    // Many fall in the same millisecond: the counter keeps them in order.
    expect([...ids].sort()).toEqual(ids);
  });

  it('carries the wall-clock millisecond in its first 48 bits', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    // The counter may run the timestamp ahead by a millisecond when it wraps; never behind.
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after + 1);
  });
});
