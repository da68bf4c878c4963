import { describe, expect, it } from 'vitest';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { decide, FLUSH_MS, LocalCounts, MemoryCounts } from './rate-limit.ts';

const W = 3_600_000;

describe('sliding-window decision', () => {
  it('allows up to the limit within one window', () => {
    expect(decide({ limit: 3, previous: 0, current: 3, elapsedMs: 10, windowMs: W })).toMatchObject({ allowed: true, remaining: 0 });
    const d = decide({ limit: 3, previous: 0, current: 4, elapsedMs: 10, windowMs: W });
    expect(d.allowed).toBe(false);
    // Three in this window: the next slot opens when this window has faded enough, in the next window.
    expect(d.retryAfterMs).toBeGreaterThan(W - 10);
  });

  it('weights the previous window by how much of it is still inside the last hour', () => {
    // Half-way through: 10 previous weigh 5.
    expect(decide({ limit: 10, previous: 10, current: 5, elapsedMs: W / 2, windowMs: W })).toMatchObject({ allowed: true, remaining: 0 });
    const refused = decide({ limit: 10, previous: 10, current: 6, elapsedMs: W / 2, windowMs: W });
    expect(refused.allowed).toBe(false);
    // 5 current allowed + previous x weight must be <= 9: weight 0.4, i.e. at 60% of the window.
    expect(refused.retryAfterMs).toBeCloseTo(0.1 * W, -2);
  });

  it('reports the reset as the end of the current window', () => {
    expect(decide({ limit: 10, previous: 0, current: 1, elapsedMs: 1000, windowMs: W }).resetMs).toBe(W - 1000);
  });
});

describe('local counting far from the limit (PostgreSQL instances)', () => {
  const limit = 10_000; // margin 100, batch 25

  it('asks the shared count first, then counts locally up to a batch, then hands the batch over', async () => {
    const store = new RateLimiterMemory({ points: 2 ** 31 - 1, duration: 0 });
    const counts = new LocalCounts(store, limit);
    expect(counts.tryLocally('k:1', limit, W / 2, W, 3600)).toBeUndefined();
    const first = await store.consume('k:1', 1);
    counts.learn('k:1', 1, first.consumedPoints, 0);
    const local = Array.from({ length: 30 }, () => counts.tryLocally('k:1', limit, W / 2, W, 3600));
    // 25 decided locally (remaining counts them), then the 26th must go to the shared count.
    expect(local.slice(0, 25).map((d) => d?.remaining)).toEqual(Array.from({ length: 25 }, (_, i) => limit - 2 - i));
    expect(local.slice(25)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(counts.take('k:1')).toBe(25);
    expect(counts.take('k:1')).toBe(0);
  });

  it('adds local counts to the shared count within FLUSH_MS', async () => {
    const store = new RateLimiterMemory({ points: 2 ** 31 - 1, duration: 0 });
    const counts = new LocalCounts(store, limit);
    counts.learn('k:1', 1, (await store.consume('k:1', 1)).consumedPoints, 0);
    for (let i = 0; i < 10; i++) expect(counts.tryLocally('k:1', limit, W / 2, W, 3600)?.allowed).toBe(true);
    expect((await store.get('k:1'))?.consumedPoints).toBe(1);
    await new Promise((r) => setTimeout(r, FLUSH_MS * 3));
    expect((await store.get('k:1'))?.consumedPoints).toBe(11);
    expect(counts.take('k:1')).toBe(0);
  });

  it('consults the shared count for every request within 1 % of the limit, or when the limit is small', async () => {
    const store = new RateLimiterMemory({ points: 2 ** 31 - 1, duration: 0 });
    const counts = new LocalCounts(store, limit);
    counts.learn('k:1', 1, limit - 120, 0);
    const allowed: number[] = [];
    for (let i = 0; i < 60; i++) {
      const d = counts.tryLocally('k:1', limit, W / 2, W, 3600);
      if (!d) break;
      allowed.push(d.remaining);
    }
    // Local decisions stop once 100 (1 %) or fewer would remain.
    expect(allowed).toHaveLength(19);
    expect(allowed.at(-1)).toBe(101);
    expect(counts.tryLocally('k:1', limit, W / 2, W, 3600)).toBeUndefined();
    const small = new LocalCounts(store, 399);
    small.learn('k:2', 1, 0, 0);
    expect(small.tryLocally('k:2', 399, 0, W, 3600)).toBeUndefined();
  });
});

describe('counting in memory (PGlite)', () => {
  it('counts per bucket and window, weighs the previous window and does not count refusals', () => {
    const counts = new MemoryCounts();
    const at = (bucket: string, w: number, elapsedMs: number) => counts.count(bucket, w, elapsedMs, 3, W);
    expect([1, 2, 3].map(() => at('key:a', 10, 1000).remaining)).toEqual([2, 1, 0]);
    const refused = at('key:a', 10, 1000);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(W - 1000);
    // Another bucket has its own allowance.
    expect(at('key:b', 10, 1000).remaining).toBe(2);
    // Two thirds into the next window the 3 earlier requests weigh 1: two more fit, not three.
    expect([1, 2].map(() => at('key:a', 11, (2 * W) / 3).remaining)).toEqual([1, 0]);
    expect(at('key:a', 11, (2 * W) / 3).allowed).toBe(false);
    // Two windows on, the old counts weigh nothing.
    expect(at('key:a', 13, 0).remaining).toBe(2);
  });
});
