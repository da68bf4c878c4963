import { describe, expect, it } from 'vitest';
import { Decimal } from '../domain/money.ts';
import { rng } from './seeded-random.ts';
import { ShockSchedule } from './provider.ts';

/** The rule as documented: one Decimal multiplication and half-even rounding per shock. */
function reference(cents: number, percents: string[]): number {
  let out = cents;
  for (const p of percents) {
    const factor = new Decimal(1).plus(new Decimal(p).div(100));
    out = Math.max(1, new Decimal(out).times(factor).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toNumber());
  }
  return out;
}

describe('ShockSchedule.apply', () => {
  const at = new Date('2026-03-10T15:00:00Z');
  const schedule = (percents: string[]) =>
    new ShockSchedule(percents.map((p, i) => ({ symbol: 'X', effective_at: new Date(at.getTime() + i * 60_000), change_percent: p })));
  const later = new Date(at.getTime() + 3_600_000);

  it('equals the Decimal computation (integer fast path, ties to even, huge and odd factors)', () => {
    const u = rng(42);
    const percents = ['-20', '7.5', '3.333', '-0.01', '12.5', '-55.55555', '150', '0', '-99.99', '0.5', '1e2', '33.333333333333333333', '-100', '-150', '1000000', '0.000000000000001'];
    for (const p of percents) {
      for (let i = 0; i < 400; i++) {
        const cents = i < 200 ? 1 + Math.floor(u() * 100_000) : Math.floor(u() * 2 ** 40);
        expect(schedule([p]).apply('X', cents, later), `${cents} × ${p}`).toBe(reference(cents, [p]));
      }
    }
    // ties: 25 × 1.5 = 37.5 → 38, 15 × 1.5 = 22.5 → 22, 1 × 0.5 → 0 → floor of one cent
    expect(schedule(['50']).apply('X', 25, later)).toBe(38);
    expect(schedule(['50']).apply('X', 15, later)).toBe(22);
    expect(schedule(['-50']).apply('X', 1, later)).toBe(1);
    expect(schedule(['-50']).apply('X', 3, later)).toBe(2);
  });

  it('compounds in effective order, one rounding per shock, only the shocks in force', () => {
    const s = schedule(['-20', '10.5', '3']);
    expect(s.apply('X', 27_191, at)).toBe(reference(27_191, ['-20']));
    expect(s.apply('X', 27_191, later)).toBe(reference(27_191, ['-20', '10.5', '3']));
    expect(s.apply('X', 27_191, at.getTime() - 1)).toBe(27_191);
    expect(s.apply('Y', 27_191, later)).toBe(27_191);
    expect(s.firstEffectiveAt('X')).toBe(at.getTime());
    expect(s.firstEffectiveAt('Y')).toBe(Number.POSITIVE_INFINITY);
  });
});
