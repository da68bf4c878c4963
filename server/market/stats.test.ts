import { describe, expect, it } from 'vitest';
import { dividendsBetween, latestExDividendDate } from './dividends.ts';
import { ShockSchedule } from './provider.ts';
import { SimulatedMarket } from './simulated.ts';
import { buildStats, latestEpsDate, shortDate } from './stats.ts';
import { lookupSymbol } from './universe.ts';

const provider = new SimulatedMarket();
const v = { provider, shocks: ShockSchedule.none };
const FAR = new Date('2031-01-01T00:00:00Z');
const dollars = (c: number) => c / 100;
const bars = (symbol: string, from: string, to: string) => provider.dailyBars(symbol, from, to, FAR);

describe('stats', () => {
  const now = new Date('2026-06-30T15:35:26Z');
  const s = buildStats(v, 'AAPL', now);
  const daily = bars('AAPL', '2021-05-01', '2026-06-29');
  const last = daily.at(-1)!;
  const price = dollars(last.close_cents);
  const closeOnOrBefore = (d: string) => [...daily].reverse().find((b) => b.date <= d)!.close_cents;

  it('moving averages and period changes from completed closes', () => {
    const avg = (n: number) => daily.slice(-n).reduce((t, b) => t + b.close_cents, 0) / n / 100;
    expect(s['50day_moving_average']).toBeCloseTo(avg(50), 4);
    expect(s['200day_moving_average']).toBeCloseTo(avg(200), 4);
    expect(s['1month_change_percent']).toBeCloseTo(last.close_cents / closeOnOrBefore('2026-05-30') - 1, 5);
    expect(s['1year_change_percent']).toBeCloseTo(last.close_cents / closeOnOrBefore('2025-06-30') - 1, 5);
    expect(s['5year_change_percent']).toBeCloseTo(last.close_cents / closeOnOrBefore('2021-06-30') - 1, 5);
    expect(s.ytd_change_percent).toBeCloseTo(last.close_cents / closeOnOrBefore('2025-12-31') - 1, 5);
    expect(s['5day_change_percent']).toBeCloseTo(last.close_cents / daily.at(-6)!.close_cents - 1, 5);
    expect(s['52week_change']).toBeCloseTo((last.close_cents / closeOnOrBefore('2025-06-30') - 1) * 100, 3);
  });
  it('valuation from the universe figures', () => {
    const e = lookupSymbol('AAPL')!;
    expect(s.market_cap).toBe(Math.round(price * e.shares_outstanding));
    expect(s.dividend_rate).toBe(1.04);
    expect(s.dividend_yield).toBeCloseTo((1.04 / price) * 100, 5);
    expect(s.ttm_EPS).toBe(7.46);
    expect(s.price_to_sales).toBeCloseTo(s.market_cap / e.fundamentals!.revenue, 3);
    expect(s.short_ratio).toBeCloseTo(s.short_interest! / Math.round(daily.slice(-30).reduce((t, b) => t + b.volume, 0) / 30), 3);
    expect(s.ex_dividend_date).toBe('2026-05-11 00:00:00.0'); // AAPL pays Feb/May/Aug/Nov; ex on the first trading day from the 10th
    expect(s.consensus_EPS).toBeNull();
  });
  it('funds have no company fundamentals', () => {
    const f = buildStats(v, 'VTI', now);
    expect(f.ttm_EPS).toBeNull();
    expect(f.revenue).toBeNull();
    expect(f.pe_ratio_high).toBeNull();
    expect(f.dividend_rate).toBe(3.62);
    expect(f.market_cap).toBeGreaterThan(0);
  });
  it('date helpers', () => {
    expect(shortDate('2026-06-30')).toBe('2026-06-15');
    expect(shortDate('2026-06-15')).toBe('2026-05-31');
    expect(latestEpsDate('2026-06-30')).toBe('2026-03-31');
    expect(latestEpsDate('2026-05-10')).toBe('2025-12-31');
    expect(latestExDividendDate(lookupSymbol('AMZN')!, '2026-06-30')).toBeNull();
    expect(latestExDividendDate(lookupSymbol('VTI')!, '2026-06-09')).toBe('2026-03-10');
  });
  it('dividend schedule: quarterly, ex on the first trading day from the 10th, paid a week later', () => {
    const d = dividendsBetween(lookupSymbol('MSFT')!, '2026-01-01', '2026-12-31');
    expect(d.map((x) => [x.ex_date, x.pay_date, x.amount_per_share.toFixed(4)])).toEqual([
      ['2026-03-10', '2026-03-17', '0.9100'],
      ['2026-06-10', '2026-06-17', '0.9100'],
      ['2026-09-10', '2026-09-17', '0.9100'],
      ['2026-12-10', '2026-12-17', '0.9100'],
    ]);
    // 2026-10-10 is a Saturday: ex on Monday the 12th
    expect(dividendsBetween(lookupSymbol('JPM')!, '2026-10-01', '2026-10-31')[0]!.ex_date).toBe('2026-10-12');
    expect(dividendsBetween(lookupSymbol('AMZN')!, '2026-01-01', '2026-12-31')).toEqual([]);
  });
});
