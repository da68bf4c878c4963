// Memoized market data must be byte-identical to the unmemoized computation. The digests in
// quotes-golden.json were recorded (test/market/golden.ts) from the implementation before any
// result caches existed; here they are checked on a fresh market, again on the same market once
// every cache is warm (asked in the opposite order, shocked and unshocked interleaved), and on a
// market whose caches were churned by unrelated symbols and days.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ShockSchedule } from '../../server/market/provider.ts';
import { buildQuote, buildStats } from '../../server/market/quotes.ts';
import { SimulatedMarket } from '../../server/market/simulated.ts';
import { UNIVERSE } from '../../server/market/universe.ts';
import { goldenDigests } from './golden.ts';

const want = JSON.parse(readFileSync(new URL('./quotes-golden.json', import.meta.url), 'utf8')) as Record<string, string>;

const mismatches = (got: Record<string, string>) => Object.keys(want).filter((k) => got[k] !== want[k]);

describe('memoized market data equals the unmemoized computation', () => {
  it('has the golden file of over a thousand recorded cases to compare with', () => {
    expect(Object.keys(want).length).toBeGreaterThan(1_000);
  });

  it('on a fresh market, then on the same market warm and in reverse order', () => {
    const m = new SimulatedMarket();
    expect(mismatches(goldenDigests(m, 'forward'))).toEqual([]);
    expect(mismatches(goldenDigests(m, 'reverse'))).toEqual([]);
    expect(mismatches(goldenDigests(m, 'forward'))).toEqual([]);
  });

  it('after the caches were churned by other symbols and days', () => {
    const m = new SimulatedMarket();
    goldenDigests(m, 'reverse');
    const churn = new ShockSchedule(UNIVERSE.map((e) => ({ symbol: e.symbol, effective_at: new Date('2026-03-02T15:00:00Z'), change_percent: '-3' })));
    for (let d = 0; d < 40; d++) {
      const now = new Date(Date.parse('2026-02-02T16:00:00Z') + d * 86_400_000);
      for (const e of UNIVERSE.slice(0, 12)) {
        m.minuteBars(e.symbol, now.toISOString().slice(0, 10), now, churn);
        buildQuote({ provider: m, shocks: churn }, e.symbol, now);
      }
    }
    expect(mismatches(goldenDigests(m, 'forward'))).toEqual([]);
  });
});

describe('shock schedules are never confused', () => {
  const m = new SimulatedMarket();
  const now = new Date('2026-03-10T18:37:12Z');
  const shock = (pct: string) => new ShockSchedule([{ symbol: 'AAPL', effective_at: new Date('2026-03-10T14:00:00Z'), change_percent: pct }]);

  it('a shocked tenant never sees unshocked numbers, nor one schedule another’s', () => {
    const plain = buildQuote({ provider: m, shocks: ShockSchedule.none }, 'AAPL', now);
    const down = buildQuote({ provider: m, shocks: shock('-20') }, 'AAPL', now);
    const up = buildQuote({ provider: m, shocks: shock('20') }, 'AAPL', now);
    expect(down.latest_price).toBeLessThan(plain.latest_price);
    expect(up.latest_price).toBeGreaterThan(plain.latest_price);
    // ... and asked again, in another order, each gets its own numbers back
    expect(buildQuote({ provider: m, shocks: ShockSchedule.none }, 'AAPL', now)).toEqual(plain);
    expect(buildQuote({ provider: m, shocks: shock('20') }, 'AAPL', now)).toEqual(up);
    expect(buildQuote({ provider: m, shocks: shock('-20') }, 'AAPL', now)).toEqual(down);
    expect(buildStats({ provider: m, shocks: shock('-20') }, 'AAPL', now)).toEqual(buildStats({ provider: new SimulatedMarket(), shocks: shock('-20') }, 'AAPL', now));
  });

  it('equal schedules built separately give equal results, different ones different results', () => {
    const a = m.minuteBars('AAPL', '2026-03-10', now, shock('5'));
    const b = m.minuteBars('AAPL', '2026-03-10', now, shock('5'));
    expect(b).toEqual(a);
    expect(m.minuteBars('AAPL', '2026-03-10', now, shock('6'))).not.toEqual(a);
    expect(new SimulatedMarket().minuteBars('AAPL', '2026-03-10', now, shock('6'))).toEqual(m.minuteBars('AAPL', '2026-03-10', now, shock('6')));
  });
});
