// Quotes and 1d charts are memoized per (shocks of the symbol, symbol, clock minute), stats and
// daily charts per day: every memoized payload must equal the one computed afresh at its own
// instant, on another market, whatever was asked before it — instants late and early in the same
// minute, the session's edges, the delayed price's first minute, pre-market, after hours,
// weekends, holidays, an early close and shocks (before, inside and after the session, in the
// future, on other symbols, off a minute boundary).
import { describe, expect, it } from 'vitest';
import { addCalendarDays, nyDate, session } from '../../server/domain/calendar.ts';
import { centsToNumber, ShockSchedule, type Shock } from '../../server/market/provider.ts';
import { averageVolume, buildChart, buildQuote, buildStats, CHART_RANGES, computeQuote, round, yearRange, type QuoteJson } from '../../server/market/quotes.ts';
import { computeChart } from '../../server/market/chart.ts';
import { computeStats } from '../../server/market/stats.ts';
import { SimulatedMarket } from '../../server/market/simulated.ts';
import { UNIVERSE } from '../../server/market/universe.ts';

const SYMBOLS = [...new Set(['AAPL', 'BRK.B', 'SPY', 'TSLA', ...UNIVERSE.filter((_, i) => i % 40 === 7).map((e) => e.symbol)])];

const CHARTED = new Set(['AAPL', 'TSLA', SYMBOLS.at(-1)!]);

// New York is UTC-4 on these days (UTC-5 on 2026-03-06 and 2026-11-27).
const INSTANTS = [
  '2026-03-10T12:00:00Z', // 08:00, pre-market
  '2026-03-10T13:29:59.999Z', // the last instant before the open
  '2026-03-10T13:30:00Z', // the open
  '2026-03-10T13:30:30Z',
  '2026-03-10T13:44:59.999Z', // the delayed price not yet out
  '2026-03-10T13:45:00Z', // ... and out
  '2026-03-10T13:46:00.001Z', // the first delayed high and low
  '2026-03-10T16:00:00Z',
  '2026-03-10T16:00:10Z',
  '2026-03-10T16:00:50Z',
  '2026-03-10T16:00:59.999Z',
  '2026-03-10T19:59:59.999Z', // the last minute
  '2026-03-10T20:00:00Z', // the close
  '2026-03-10T22:00:10Z', // after hours
  '2026-03-10T22:00:50Z',
  '2026-03-11T03:59:59.999Z', // the last instant of the New York day
  '2026-03-11T04:00:00Z', // the next New York day, before its open
  '2026-03-06T21:00:00Z', // Friday evening
  '2026-03-07T16:00:00Z', // Saturday
  '2026-03-08T16:00:00Z', // Sunday, the day clocks go forward
  '2026-03-09T13:30:30Z', // Monday's first minute
  '2026-04-03T15:00:00Z', // Good Friday
  '2026-11-27T17:59:59.999Z', // the day after Thanksgiving, its last minute
  '2026-11-27T18:00:00Z', // ... its 13:00 close
  '2027-01-04T14:31:00Z', // the first session of a year
].map((iso) => new Date(iso));

const at = (iso: string) => new Date(iso);
const shocks = (list: [string, string, string][]): ShockSchedule =>
  new ShockSchedule(list.map(([symbol, iso, change_percent]): Shock => ({ symbol, effective_at: at(iso), change_percent })));

const SCHEDULES: [string, () => ShockSchedule][] = [
  ['none', () => ShockSchedule.none],
  ['other symbols only', () => shocks([['MSFT', '2026-03-10T15:00:00Z', '-5'], ['NVDA', '2026-02-02T15:00:00Z', '9']])],
  [
    'shocked',
    () =>
      shocks([
        ['AAPL', '2026-03-09T15:00:00Z', '-20'],
        ['AAPL', '2026-03-10T16:00:00Z', '7.5'], // the minute asked at 16:00:10 and 16:00:50
        ['AAPL', '2026-03-10T22:00:00Z', '3.333'], // after hours
        ['AAPL', '2026-03-12T15:00:00Z', '50'], // after every instant of that week
        ['SPY', '2026-03-10T13:40:00Z', '-0.01'],
        ['BRK.B', '2025-06-02T14:00:00Z', '12.5'],
        ['TSLA', '2026-11-27T16:00:00Z', '-55.55555'],
        ['TSLA', '2026-11-27T16:01:00Z', '150'],
      ]),
  ],
  [
    'off the minute',
    () =>
      shocks([
        ['AAPL', '2026-03-10T16:00:30Z', '10'],
        ['AAPL', '2026-03-10T22:00:30Z', '-10'],
        ['TSLA', '2026-03-10T13:30:00Z', '4'],
      ]),
  ],
  ['other shocks off the minute', () => shocks([['AAPL', '2026-03-09T16:00:30Z', '-10'], ['TSLA', '2026-03-10T13:30:00Z', '4']])],
];

/** The figures a quote sums over bars, by plain loops over what the provider hands out at `now`. */
function loopedFigures(m: SimulatedMarket, shocks: ShockSchedule, symbol: string, now: Date) {
  const today = nyDate(now);
  const bars = m.dailyBars(symbol, addCalendarDays(today, -400), today, now, shocks);
  const s = session(today);
  const live = !!s && s.open <= now && now < s.close;
  const yearStart = bars.find((b) => b.date >= `${today.slice(0, 4)}-01-01`);
  const previous = centsToNumber(bars.at(live ? -1 : -2)!.close_cents);
  const out: Partial<QuoteJson> = {
    previous_close: previous,
    average_total_volume: averageVolume(bars),
    '52week_high': yearRange(bars, today).high,
    '52week_low': yearRange(bars, today).low,
    ytd_change: yearStart ? round((previous - centsToNumber(yearStart.close_cents)) / centsToNumber(yearStart.close_cents), 6) : null,
  };
  if (live) {
    const minutes = m.minuteBars(symbol, today, now, shocks);
    const delayed = minutes.filter((b) => b.start.getTime() + 60_000 <= now.getTime() - 15 * 60_000);
    out.latest_volume = minutes.reduce((t, b) => t + b.volume, 0);
    out.iex_volume = minutes.reduce((t, b) => t + b.iex_volume, 0);
    out.high = delayed.length ? centsToNumber(Math.max(...delayed.map((b) => b.high_cents))) : null;
    out.low = delayed.length ? centsToNumber(Math.min(...delayed.map((b) => b.low_cents))) : null;
  } else if (s && now < s.open) {
    out.iex_volume = null;
  } else {
    out.iex_volume = m.minuteBars(symbol, bars.at(-1)!.date, now, shocks).reduce((t, b) => t + b.iex_volume, 0);
  }
  return out;
}

describe('memoized quotes and stats equal those computed afresh', () => {
  const memoized = new SimulatedMarket();
  const reference = new SimulatedMarket();

  for (const [name, schedule] of SCHEDULES) {
    it(`with ${name} shocks, asked forward then backward`, () => {
      const order = [...INSTANTS, ...INSTANTS.toReversed()];
      for (const symbol of SYMBOLS) {
        for (const now of order) {
          const got = buildQuote({ provider: memoized, shocks: schedule() }, symbol, now);
          const want = computeQuote({ provider: reference, shocks: schedule() }, symbol, now);
          expect({ symbol, now, quote: JSON.stringify(got) }).toEqual({ symbol, now, quote: JSON.stringify(want) });
          expect(got).toMatchObject(loopedFigures(reference, schedule(), symbol, now));
          const stats = buildStats({ provider: memoized, shocks: schedule() }, symbol, now);
          const wantStats = computeStats({ provider: reference, shocks: schedule() }, symbol, now);
          expect({ symbol, now, stats: JSON.stringify(stats) }).toEqual({ symbol, now, stats: JSON.stringify(wantStats) });
          if (!CHARTED.has(symbol)) continue;
          for (const range of CHART_RANGES) {
            const chart = buildChart({ provider: memoized, shocks: schedule() }, symbol, range, now);
            const wantChart = computeChart({ provider: reference, shocks: schedule() }, symbol, range, now);
            expect({ symbol, now, range, chart: JSON.stringify(chart) }).toEqual({ symbol, now, range, chart: JSON.stringify(wantChart) });
          }
        }
      }
    });
  }

  it('a shock added later shows at once, and the earlier quote comes back once it is gone', () => {
    const now = at('2026-03-10T18:37:12Z');
    const before = buildQuote({ provider: memoized, shocks: ShockSchedule.none }, 'AMZN', now);
    const shocked = shocks([['AMZN', '2026-03-10T18:37:00Z', '-30']]);
    const after = buildQuote({ provider: memoized, shocks: shocked }, 'AMZN', now);
    expect(after.latest_price).toBeLessThan(before.latest_price);
    expect(after).toEqual(computeQuote({ provider: reference, shocks: shocked }, 'AMZN', now));
    expect(buildQuote({ provider: memoized, shocks: ShockSchedule.none }, 'AMZN', now)).toEqual(before);
  });

  it('shares one payload within a minute and per equal shocks, frozen', () => {
    const m = new SimulatedMarket();
    const a = shocks([['AAPL', '2026-03-10T16:00:00Z', '5']]);
    const b = shocks([['AAPL', '2026-03-10T16:00:00Z', '5'], ['MSFT', '2026-03-10T16:00:00Z', '5']]);
    const first = buildQuote({ provider: m, shocks: a }, 'AAPL', at('2026-03-10T18:37:01Z'));
    expect(buildQuote({ provider: m, shocks: b }, 'aapl', at('2026-03-10T18:37:59Z'))).toBe(first);
    expect(buildQuote({ provider: m, shocks: b }, 'AAPL', at('2026-03-10T18:38:00Z'))).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});

describe('ShockSchedule.serial', () => {
  it('names the shocks of one symbol: equal for equal shocks, distinct otherwise, -1 off the minute', () => {
    const a = shocks([['AAPL', '2026-03-10T16:00:00Z', '5'], ['MSFT', '2026-03-10T16:00:00Z', '1']]);
    const b = shocks([['AAPL', '2026-03-10T16:00:00Z', '5.0']]);
    const c = shocks([['AAPL', '2026-03-10T16:00:00Z', '5'], ['AAPL', '2026-03-10T17:00:00Z', '1']]);
    expect(a.serial('AAPL')).toBe(b.serial('AAPL'));
    expect(a.serial('AAPL')).toBeGreaterThan(0);
    expect(c.serial('AAPL')).not.toBe(a.serial('AAPL'));
    expect(a.serial('MSFT')).not.toBe(a.serial('AAPL'));
    expect(b.serial('MSFT')).toBe(0);
    expect(ShockSchedule.none.serial('AAPL')).toBe(0);
    expect(shocks([['AAPL', '2026-03-10T16:00:00.001Z', '5']]).serial('AAPL')).toBe(-1);
  });
});
