// Chart payloads: a symbol's completed daily bars over a range, or the minutes of one session,
// as of the tenant's now (market figures other than IEX's delayed 15 minutes).
import type { components } from '../../generated/schema.d.ts';
import { addCalendarDays, addMonths, type IsoDate, nyDate, session, type Session } from '../domain/calendar.ts';
import { chartLabel, clockLabel, round } from './display.ts';
import { barsSince, DELAY_MS, entryOf, MINUTE_MS, type MarketView } from './market-view.ts';
import { Lru } from './lru.ts';
import { centsToNumber, type MarketDataProvider, type MinuteBar } from './provider.ts';
import type { UniverseEntry } from './universe.ts';

export type DailyBarJson = components['schemas']['DailyBar'];
export type MinuteBarJson = components['schemas']['MinuteBar'];

export const CHART_RANGES = ['5y', '2y', '1y', 'ytd', '6m', '3m', '1m', '1d'] as const;
export type ChartRange = (typeof CHART_RANGES)[number];

/** The first date a daily range covers (exclusive bound for month/year ranges). */
function rangeStart(range: Exclude<ChartRange, '1d'>, today: IsoDate): { from: IsoDate; inclusive: boolean } {
  if (range === 'ytd') return { from: `${today.slice(0, 4)}-01-01`, inclusive: true };
  const months = { '5y': 60, '2y': 24, '1y': 12, '6m': 6, '3m': 3, '1m': 1 }[range];
  return { from: addMonths(today, -months), inclusive: false };
}

/** Memoized charts per provider: at most this many, holding at most this many bars in all. */
const MAX_CACHED_CHARTS = 1_024;
const MAX_CACHED_CHART_BARS = 50_000; // about 300 bytes each
type ChartJson = DailyBarJson[] | MinuteBarJson[];
const chartMemos = new WeakMap<MarketDataProvider, Lru<string, ChartJson>>();

/**
 * The chart of `symbol` over `range` at `now`, memoized. A daily range reads `now` only through
 * today's date and the bars closed by now (every session before today's, and today's once it
 * closed); the 1d chart reads it only through minute-aligned instants, so it is the same
 * throughout a clock minute. Both read the shocks of `symbol` alone, named by their serial
 * (shocks that cannot be, serial -1, are not memoized). The array and its bars are frozen and shared.
 */
export function buildChart(v: MarketView, symbol: string, range: ChartRange, now: Date): ChartJson {
  const e = entryOf(v.provider, symbol);
  const serial = v.shocks.serial(e.symbol);
  if (serial < 0) return computeChart(v, e.symbol, range, now);
  let memo = chartMemos.get(v.provider);
  if (!memo) chartMemos.set(v.provider, (memo = new Lru(MAX_CACHED_CHARTS, MAX_CACHED_CHART_BARS, (bars) => bars.length)));
  let when: string | number;
  if (range === '1d') when = Math.floor(now.getTime() / MINUTE_MS);
  else {
    const today = nyDate(now);
    const s = session(today);
    when = `${today}|${s !== null && s.close <= now ? 1 : 0}`;
  }
  const key = `${serial}|${e.symbol}|${range}|${when}`;
  let chart = memo.get(key);
  if (chart === undefined) {
    const fresh = computeChart(v, e.symbol, range, now);
    for (const bar of fresh) Object.freeze(bar);
    chart = Object.freeze(fresh) as ChartJson;
    memo.set(key, chart);
  }
  return chart;
}

/** The chart computed afresh (buildChart memoizes it). */
export function computeChart(v: MarketView, symbol: string, range: ChartRange, now: Date): ChartJson {
  const e = entryOf(v.provider, symbol);
  if (range === '1d') return minuteChart(v, e, now);
  const today = nyDate(now);
  const { from, inclusive } = rangeStart(range, today);
  // One bar before the range gives the first bar its change.
  const all = barsSince(v, e, addCalendarDays(from, -10), now);
  const firstIndex = all.findIndex((b) => (inclusive ? b.date >= from : b.date > from));
  if (firstIndex < 0) return [];
  const firstClose = all[firstIndex]!.close_cents;
  const out: DailyBarJson[] = [];
  for (let i = firstIndex; i < all.length; i++) {
    const b = all[i]!;
    const prev = all[i - 1];
    const change = prev ? centsToNumber(b.close_cents - prev.close_cents) : 0;
    out.push({
      date: b.date,
      open: centsToNumber(b.open_cents),
      high: centsToNumber(b.high_cents),
      low: centsToNumber(b.low_cents),
      close: centsToNumber(b.close_cents),
      volume: b.volume,
      // No splits or dividends are simulated, so adjusted and unadjusted figures agree.
      unadjusted_close: centsToNumber(b.close_cents),
      unadjusted_volume: b.volume,
      change,
      change_percent: prev ? round((change * 100) / centsToNumber(prev.close_cents), 4) : 0,
      // The day's typical price (high + low + close) / 3 stands in for a volume-weighted average.
      vwap: round((b.high_cents + b.low_cents + b.close_cents) / 300, 4),
      label: chartLabel(b.date),
      change_over_time: round(b.close_cents / firstClose - 1, 6),
    });
  }
  return out;
}

/** The session a 1d chart shows: the running one, else the latest completed one. */
function chartSession(now: Date, v: MarketView, e: UniverseEntry): Session {
  const s = session(nyDate(now));
  if (s && s.open <= now) return s;
  const bars = barsSince(v, e, addCalendarDays(nyDate(now), -10), now);
  return session(bars[bars.length - 1]!.date)!;
}

function minuteChart(v: MarketView, e: UniverseEntry, now: Date): MinuteBarJson[] {
  const s = chartSession(now, v, e);
  const minutes = v.provider.minuteBars(e.symbol, s.date, now, v.shocks);
  const date = s.date.replace(/-/g, '');
  let firstAverage: number | null = null;
  let firstMarketAverage: number | null = null;
  return minutes.map((m) => {
    const json = minuteJson(m, date, now);
    firstAverage ??= json.average;
    firstMarketAverage ??= json.market_average;
    json.change_over_time = json.average !== null && firstAverage ? round(json.average / firstAverage - 1, 6) : null;
    json.market_change_over_time = json.market_average !== null && firstMarketAverage ? round(json.market_average / firstMarketAverage - 1, 6) : null;
    return json;
  });
}

/** Minutes after midnight of an `HH:MM` label. */
const minuteOfDay = (hhmm: string): number =>
  ((hhmm.charCodeAt(0) - 48) * 10 + hhmm.charCodeAt(1) - 48) * 60 + (hhmm.charCodeAt(3) - 48) * 10 + hhmm.charCodeAt(4) - 48;

function minuteJson(m: MinuteBar, date: string, now: Date): MinuteBarJson {
  const typical = (m.high_cents + m.low_cents + m.close_cents) / 300;
  const traded = m.iex_volume > 0;
  const delayedOut = m.start.getTime() + MINUTE_MS > now.getTime() - DELAY_MS;
  const iexNotional = round(m.iex_volume * typical, 4);
  const marketNotional = round(m.volume * typical, 4);
  return {
    date,
    minute: m.minute,
    label: clockLabel(minuteOfDay(m.minute)),
    high: traded ? centsToNumber(m.high_cents) : null,
    low: traded ? centsToNumber(m.low_cents) : null,
    average: traded ? round(iexNotional / m.iex_volume, 4) : null,
    volume: m.iex_volume,
    notional: iexNotional,
    number_of_trades: m.iex_trades,
    market_high: delayedOut ? null : centsToNumber(m.high_cents),
    market_low: delayedOut ? null : centsToNumber(m.low_cents),
    market_average: delayedOut || m.volume === 0 ? null : round(marketNotional / m.volume, 4),
    market_volume: delayedOut ? null : m.volume,
    market_notional: delayedOut ? null : marketNotional,
    market_number_of_trades: delayedOut ? null : m.trades,
    open: traded ? centsToNumber(m.open_cents) : null,
    close: traded ? centsToNumber(m.close_cents) : null,
    market_open: delayedOut ? null : centsToNumber(m.open_cents),
    market_close: delayedOut ? null : centsToNumber(m.close_cents),
    change_over_time: null,
    market_change_over_time: null,
  };
}
