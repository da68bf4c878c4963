import { describe, expect, it } from 'vitest';
import { decide } from './rate-limit.ts';

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
