// Quote, chart and stats payloads, computed from a provider's bars as of an instant (the tenant's
// now): nothing after `now` is ever read. Pure given the provider; JSON numbers because these
// are market data (see openapi/README.md), rounded to the precision the reference shows.
import type { components } from '../../generated/schema.d.ts';
import { nyDate, session, type Session } from '../domain/calendar.ts';
import { clockLabel, longDate, ratio, round } from './display.ts';
import { Lru } from './lru.ts';
import { averageVolume, barsSince, dayBefore, DELAY_MS, entryOf, MINUTE_MS, yearRange, type MarketView } from './market-view.ts';
import { centsToNumber, type DailyBar, type MarketDataProvider } from './provider.ts';
import type { UniverseEntry } from './universe.ts';

// Charts and stats live in their own modules; their payload builders are reached from here too.
export { buildChart, CHART_RANGES, type ChartRange, type DailyBarJson, type MinuteBarJson } from './chart.ts';
export { buildStats, latestEpsDate, shortDate, type StatsJson } from './stats.ts';
export { averageVolume, yearRange, type MarketView } from './market-view.ts';
export { round } from './display.ts';

export type QuoteJson = components['schemas']['Quote'];

/** Memoized quotes per provider, at most this many each (a quote is about 1 kB). */
const MAX_CACHED_QUOTES = 4_096;
const quoteMemos = new WeakMap<MarketDataProvider, Lru<string, QuoteJson>>();

/**
 * The quote of `symbol` at `now`, memoized. A quote reads `now` only through minute-aligned
 * instants (session edges, minute starts, the 15-minute delay), so it is the same throughout a
 * clock minute; it reads the shocks of `symbol` alone. The key is therefore (the serial of those
 * shocks, symbol, minute): a new shock or another tenant clock asks under another key, and
 * shocks off a minute boundary (serial -1) are never memoized. The payload is frozen and shared.
 */
export function buildQuote(v: MarketView, symbol: string, now: Date): QuoteJson {
  const e = entryOf(v.provider, symbol);
  const serial = v.shocks.serial(e.symbol);
  if (serial < 0) return computeQuote(v, e.symbol, now);
  let memo = quoteMemos.get(v.provider);
  if (!memo) {
    memo = new Lru<string, QuoteJson>(MAX_CACHED_QUOTES);
    quoteMemos.set(v.provider, memo);
  }
  const key = `${serial}|${e.symbol}|${Math.floor(now.getTime() / MINUTE_MS)}`;
  let q = memo.get(key);
  if (q === undefined) {
    q = Object.freeze(computeQuote(v, e.symbol, now));
    memo.set(key, q);
  }
  return q;
}

/** The quote of `symbol` at `now`, computed afresh (buildQuote memoizes it). */
export function computeQuote(v: MarketView, symbol: string, now: Date): QuoteJson {
  const e = entryOf(v.provider, symbol);
  const today = nyDate(now);
  const bars = barsSince(v, e, dayBefore(today, 400), now);
  const todaySession = session(today);
  const inSession = !!todaySession && todaySession.open <= now && now < todaySession.close;
  const fields = inSession ? liveFields(v, e, todaySession, bars, now) : closedFields(v, e, todaySession, bars, now);
  const price = fields.latest_price;
  const newYear = `${today.slice(0, 4)}-01-01`;
  const yearStart = bars.find((b) => b.date >= newYear);
  const range = yearRange(bars, today);
  const change = round(price - fields.previous_close, 2);
  return {
    symbol: e.symbol,
    company_name: e.name,
    primary_exchange: e.primary_exchange,
    sector: e.sector,
    ...fields,
    change,
    change_percent: ratio(change, fields.previous_close, 5) ?? 0,
    average_total_volume: averageVolume(bars),
    market_cap: e.type === 'stock' ? Math.round(price * e.shares_outstanding) : null,
    pe_ratio: e.eps_ttm !== null && e.eps_ttm > 0 ? round(price / e.eps_ttm, 2) : null,
    '52week_high': range.high,
    '52week_low': range.low,
    ytd_change: yearStart ? ratio(fields.previous_close - centsToNumber(yearStart.close_cents), centsToNumber(yearStart.close_cents), 6) : null,
  };
}

type SessionFields = Omit<QuoteJson, 'symbol' | 'company_name' | 'primary_exchange' | 'sector' | 'change' | 'change_percent' | 'average_total_volume' | 'market_cap' | 'pe_ratio' | '52week_high' | '52week_low' | 'ytd_change'>;

/** During the session: IEX real time, with today's high/low delayed 15 minutes. */
function liveFields(v: MarketView, e: UniverseEntry, s: Session, bars: DailyBar[], now: Date): SessionFields {
  const q = v.provider.quoteAt(e.symbol, now, v.shocks);
  const minutes = v.provider.minuteBars(e.symbol, s.date, now, v.shocks);
  const previous = bars[bars.length - 1]!;
  const price = centsToNumber(q.price_cents);
  // One pass: the volumes of every completed minute, the high and low of the delayed ones.
  const delayedBy = now.getTime() - DELAY_MS;
  let volume = 0;
  let iexVolume = 0;
  let delayedCount = 0;
  let delayedHigh = Number.NEGATIVE_INFINITY;
  let delayedLow = Number.POSITIVE_INFINITY;
  for (let i = 0; i < minutes.length; i++) {
    const m = minutes[i]!;
    volume += m.volume;
    iexVolume += m.iex_volume;
    if (m.start.getTime() + MINUTE_MS <= delayedBy) {
      delayedCount++;
      if (m.high_cents > delayedHigh) delayedHigh = m.high_cents;
      if (m.low_cents < delayedLow) delayedLow = m.low_cents;
    }
  }
  const lastMinute = minutes[minutes.length - 1];
  const delayedAt = new Date(now.getTime() - DELAY_MS);
  const delayedQuote = delayedAt >= s.open ? v.provider.quoteAt(e.symbol, delayedAt, v.shocks) : null;
  const minuteIndex = Math.round((q.price_time.getTime() - s.open.getTime()) / MINUTE_MS);
  const updated = q.price_time.getTime();
  return {
    calculation_price: 'tops',
    open: centsToNumber(v.provider.quoteAt(e.symbol, s.open, v.shocks).price_cents),
    open_time: s.open.getTime(),
    close: centsToNumber(previous.close_cents),
    close_time: session(previous.date)!.close.getTime(),
    high: delayedCount ? centsToNumber(delayedHigh) : null,
    low: delayedCount ? centsToNumber(delayedLow) : null,
    latest_price: price,
    latest_source: 'IEX real time price',
    latest_time: clockLabel(9 * 60 + 30 + minuteIndex, true),
    latest_update: updated,
    latest_volume: volume,
    iex_realtime_price: price,
    iex_realtime_size: lastMinute && lastMinute.iex_trades > 0 ? Math.max(1, Math.round(lastMinute.iex_volume / lastMinute.iex_trades)) : 100,
    iex_last_updated: updated,
    delayed_price: delayedQuote ? centsToNumber(delayedQuote.price_cents) : null,
    delayed_price_time: delayedQuote ? delayedQuote.price_time.getTime() : null,
    extended_price: price,
    extended_change: 0,
    extended_change_percent: 0,
    extended_price_time: updated,
    previous_close: centsToNumber(previous.close_cents),
    iex_market_percent: volume > 0 ? round(iexVolume / volume, 6) : null,
    iex_volume: iexVolume,
    iex_bid_price: centsToNumber(q.bid_cents),
    iex_bid_size: q.bid_size,
    iex_ask_price: centsToNumber(q.ask_cents),
    iex_ask_size: q.ask_size,
  };
}

/**
 * Outside the session the latest completed session speaks: its close against the close before
 * it. Before today's open that is `previous_close` (today's open, high, low and volume are
 * still null); after the close, or on a day without a session, it is `close`. The extended
 * price is the price in force now, so a sandbox shock after the close shows there at once.
 */
function closedFields(v: MarketView, e: UniverseEntry, today: Session | null, bars: DailyBar[], now: Date): SessionFields {
  const last = bars[bars.length - 1]!;
  const before = bars[bars.length - 2]!;
  const lastSession = session(last.date)!;
  const preOpen = !!today && now < today.open;
  const price = centsToNumber(last.close_cents);
  const q = v.provider.quoteAt(e.symbol, now, v.shocks);
  const extended = centsToNumber(q.price_cents);
  const extendedChange = round(extended - price, 2);
  const minutes = preOpen ? [] : v.provider.minuteBars(e.symbol, last.date, now, v.shocks);
  let iexVolume = 0;
  for (let i = 0; i < minutes.length; i++) iexVolume += minutes[i]!.iex_volume;
  const closeMs = lastSession.close.getTime();
  return {
    calculation_price: preOpen ? 'previous_close' : 'close',
    open: preOpen ? null : centsToNumber(last.open_cents),
    open_time: preOpen ? null : lastSession.open.getTime(),
    close: price,
    close_time: closeMs,
    high: preOpen ? null : centsToNumber(last.high_cents),
    low: preOpen ? null : centsToNumber(last.low_cents),
    latest_price: price,
    latest_source: preOpen ? 'Previous close' : 'Close',
    latest_time: longDate(last.date),
    latest_update: closeMs,
    latest_volume: preOpen ? null : last.volume,
    iex_realtime_price: preOpen ? null : price,
    iex_realtime_size: preOpen ? null : 100,
    iex_last_updated: preOpen ? 0 : closeMs,
    delayed_price: null,
    delayed_price_time: null,
    extended_price: extended,
    extended_change: extendedChange,
    extended_change_percent: ratio(extendedChange, price, 5),
    extended_price_time: extended === price ? closeMs : Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS,
    previous_close: centsToNumber(before.close_cents),
    iex_market_percent: preOpen || last.volume === 0 ? null : round(iexVolume / last.volume, 6),
    iex_volume: preOpen ? null : iexVolume,
    iex_bid_price: null,
    iex_bid_size: null,
    iex_ask_price: null,
    iex_ask_size: null,
  };
}
