import { describe, expect, it } from 'vitest';
import { session } from '../domain/calendar.ts';
import { ShockSchedule } from './provider.ts';
import { buildQuote } from './quotes.ts';
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
