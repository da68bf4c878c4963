import { describe, expect, it } from 'vitest';
import { session } from '../domain/calendar.ts';
import { ShockSchedule } from './provider.ts';
import { buildChart, buildQuote, buildStats, latestEpsDate, shortDate, type DailyBarJson, type MinuteBarJson } from './quotes.ts';
import { dividendsBetween, latestExDividendDate } from './dividends.ts';
import { SimulatedMarket } from './simulated.ts';
import { lookupSymbol } from './universe.ts';

const provider = new SimulatedMarket();
const v = { provider, shocks: ShockSchedule.none };
const FAR = new Date('2031-01-01T00:00:00Z');
const dollars = (c: number) => c / 100;
const bars = (symbol: string, from: string, to: string) => provider.dailyBars(symbol, from, to, FAR);

describe('quote during the session', () => {
  const now = new Date('2026-06-30T15:35:26Z'); // Tuesday 11:35:26 New York
  const q = buildQuote(v, 'aapl', now);
  const daily = bars('AAPL', '2025-06-01', '2026-06-29');
  const minutes = provider.minuteBars('AAPL', '2026-06-30', FAR);
  const aapl = lookupSymbol('AAPL')!;

  it('prices from the running minute and compares with the previous close', () => {
    const prev = daily.at(-1)!;
    expect(q.symbol).toBe('AAPL');
    expect(q.calculation_price).toBe('tops');
    expect(q.latest_source).toBe('IEX real time price');
    expect(q.latest_price).toBe(dollars(minutes[125]!.open_cents));
    expect(q.latest_time).toBe('11:35:00 AM');
    expect(q.latest_update).toBe(Date.parse('2026-06-30T15:35:00Z'));
    expect(q.previous_close).toBe(dollars(prev.close_cents));
    expect(q.close).toBe(q.previous_close);
    expect(q.close_time).toBe(session('2026-06-29')!.close.getTime());
    expect(q.change).toBeCloseTo(q.latest_price - q.previous_close, 10);
    expect(q.change_percent).toBeCloseTo(q.change / q.previous_close, 5);
    expect(q.open).toBe(dollars(minutes[0]!.open_cents));
    expect(q.open_time).toBe(session('2026-06-30')!.open.getTime());
  });

  it('delays high, low and delayed_price by 15 minutes', () => {
    const visible = minutes.slice(0, 110); // minutes ending by 11:20:26
    expect(q.high).toBe(dollars(Math.max(...visible.map((m) => m.high_cents))));
    expect(q.low).toBe(dollars(Math.min(...visible.map((m) => m.low_cents))));
    expect(q.delayed_price).toBe(dollars(minutes[110]!.open_cents));
    expect(q.delayed_price_time).toBe(Date.parse('2026-06-30T15:20:00Z'));
    expect(q.latest_volume).toBe(minutes.slice(0, 125).reduce((s, m) => s + m.volume, 0));
    expect(q.iex_volume).toBe(minutes.slice(0, 125).reduce((s, m) => s + m.iex_volume, 0));
  });

  it('derives valuation and range fields from the bars', () => {
    const year = daily.filter((b) => b.date > '2025-06-30');
    expect(q['52week_high']).toBe(dollars(Math.max(...year.map((b) => b.high_cents))));
    expect(q['52week_low']).toBe(dollars(Math.min(...year.map((b) => b.low_cents))));
    expect(q.market_cap).toBe(Math.round(q.latest_price * aapl.shares_outstanding));
    expect(q.pe_ratio).toBeCloseTo(q.latest_price / aapl.eps_ttm!, 2);
    const last30 = daily.slice(-30);
    expect(q.average_total_volume).toBe(Math.round(last30.reduce((s, b) => s + b.volume, 0) / 30));
    const firstOfYear = daily.find((b) => b.date >= '2026-01-01')!;
    expect(q.ytd_change).toBeCloseTo(q.previous_close / dollars(firstOfYear.close_cents) - 1, 6);
    expect(q.iex_bid_price! < q.latest_price && q.latest_price < q.iex_ask_price!).toBe(true);
  });
});

describe('quote outside the session', () => {
  it('after the close: the close against the day before', () => {
    const q = buildQuote(v, 'VTI', new Date('2026-06-30T21:30:00Z'));
    const [before, day] = bars('VTI', '2026-06-29', '2026-06-30');
    expect(q.calculation_price).toBe('close');
    expect(q.latest_source).toBe('Close');
    expect(q.latest_price).toBe(dollars(day!.close_cents));
    expect(q.previous_close).toBe(dollars(before!.close_cents));
    expect(q.latest_time).toBe('June 30, 2026');
    expect(q.market_cap).toBeNull(); // a fund
    expect(q.pe_ratio).toBeNull();
    expect(q.iex_bid_price).toBeNull();
    expect(q.extended_price).toBe(q.latest_price);
  });
  it('on a holiday the latest session speaks', () => {
    const q = buildQuote(v, 'VTI', new Date('2026-07-03T16:00:00Z')); // Independence Day observed
    expect(q.latest_time).toBe('July 2, 2026');
    expect(q.calculation_price).toBe('close');
  });
  it('before the open: previous_close, with today’s fields still empty', () => {
    const q = buildQuote(v, 'MSFT', new Date('2026-07-01T12:00:00Z'));
    expect(q.calculation_price).toBe('previous_close');
    expect(q.latest_source).toBe('Previous close');
    expect(q.open).toBeNull();
    expect(q.high).toBeNull();
    expect(q.latest_volume).toBeNull();
    expect(q.iex_last_updated).toBe(0);
  });
  it('a shock after the close shows in the extended price', () => {
    const evening = new Date('2026-06-30T22:00:00Z');
    const shocked = { provider, shocks: new ShockSchedule([{ symbol: 'VTI', effective_at: evening, change_percent: '-10' }]) };
    const q = buildQuote(shocked, 'VTI', evening);
    expect(q.extended_price).toBe(dollars(Math.round(q.latest_price * 100 * 0.9)));
    expect(q.extended_change).toBeCloseTo(q.extended_price! - q.latest_price, 10);
  });
});

describe('chart', () => {
  const now = new Date('2026-06-30T15:35:26Z');
  it('1m (the default range) is the completed sessions after the same day last month', () => {
    const c = buildChart(v, 'AAPL', '1m', now) as DailyBarJson[];
    const raw = bars('AAPL', '2026-05-29', '2026-06-29');
    expect(c.map((b) => b.date)).toEqual(raw.filter((b) => b.date > '2026-05-30').map((b) => b.date));
    const first = c[0]!;
    expect(first.change_over_time).toBe(0);
    expect(first.change).toBeCloseTo(first.close - dollars(raw[0]!.close_cents), 10);
    for (let i = 1; i < c.length; i++) {
      expect(c[i]!.change).toBeCloseTo(c[i]!.close - c[i - 1]!.close, 10);
      expect(c[i]!.change_percent).toBeCloseTo(((c[i]!.close - c[i - 1]!.close) / c[i - 1]!.close) * 100, 3);
      expect(c[i]!.change_over_time).toBeCloseTo(c[i]!.close / first.close - 1, 5);
    }
    expect(first.label).toBe('Jun 01, 26');
  });
  it('every daily range ends at the last completed session', () => {
    const counts = Object.fromEntries((['5y', '2y', '1y', 'ytd', '6m', '3m'] as const).map((r) => {
      const c = buildChart(v, 'AAPL', r, now) as DailyBarJson[];
      expect(c.at(-1)!.date).toBe('2026-06-29');
      return [r, c.length];
    }));
    expect(counts['ytd']).toBe(122);
    expect(counts['1y']).toBeGreaterThanOrEqual(249);
    expect(counts['5y']).toBeGreaterThan(1250);
    expect(counts['5y']).toBeLessThanOrEqual(1300);
  });
  it('1d is the running session’s completed minutes, market fields delayed 15 minutes', () => {
    const c = buildChart(v, 'AAPL', '1d', now) as MinuteBarJson[];
    expect(c).toHaveLength(125);
    expect(c[0]).toMatchObject({ date: '20260630', minute: '09:30', label: '09:30 AM', change_over_time: 0 });
    expect(c[109]!.market_close).not.toBeNull();
    expect(c[110]!.market_close).toBeNull();
    expect(c[124]!.close).not.toBeNull();
  });
  it('1d before the open is the last full session', () => {
    const c = buildChart(v, 'AAPL', '1d', new Date('2026-11-27T14:00:00Z')) as MinuteBarJson[];
    expect(c).toHaveLength(390);
    expect(c[0]!.date).toBe('20261125');
    const early = buildChart(v, 'AAPL', '1d', new Date('2026-11-28T14:00:00Z')) as MinuteBarJson[];
    expect(early).toHaveLength(210);
    expect(early.at(-1)!.minute).toBe('12:59');
    expect(early.at(-1)!.label).toBe('12:59 PM');
  });
});

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
