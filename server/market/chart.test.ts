import { describe, expect, it } from 'vitest';
import { buildChart, type DailyBarJson, type MinuteBarJson } from './chart.ts';
import { ShockSchedule } from './provider.ts';
import { SimulatedMarket } from './simulated.ts';

const provider = new SimulatedMarket();
const v = { provider, shocks: ShockSchedule.none };
const FAR = new Date('2031-01-01T00:00:00Z');
const dollars = (c: number) => c / 100;
const bars = (symbol: string, from: string, to: string) => provider.dailyBars(symbol, from, to, FAR);

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
