// Quote, chart and stats payloads, computed from a provider's bars as of an instant (the tenant's
// now): nothing after `now` is ever read. Pure given the provider; JSON numbers because these
// are market data (see openapi/README.md), rounded to the precision the reference shows.
import type { components } from '../../generated/schema.d.ts';
import { nyDate, session, type Session } from '../domain/calendar.ts';
import { clockLabel, longDate, ratio, round } from './display.ts';
import { DELAY_MS, entryOf, MINUTE_MS, type MarketView } from './market-view.ts';
import { Lru } from './lru.ts';
import { centsToNumber, type MarketDataProvider } from './provider.ts';
import { dayFactsAt, minutesEndedBy, partsMemo, sessionTotals, type DayFacts, type MinuteTotals, type Parts } from './quote-parts.ts';
import type { UniverseEntry } from './universe.ts';

// Charts and stats live in their own modules; their payload builders are reached from here too.
export { buildChart, CHART_RANGES, type ChartRange, type DailyBarJson, type MinuteBarJson } from './chart.ts';
export { buildStats, latestEpsDate, shortDate, type StatsJson } from './stats.ts';
export { averageVolume, yearRange, type MarketView } from './market-view.ts';
export { round } from './display.ts';

export type QuoteJson = components['schemas']['Quote'];

const MAX_CACHED_QUOTES = 4_096; // per provider; a quote is about 1 kB
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
  if (serial < 0) return computeQuote(v, e.symbol, now, null);
  let quotes = quoteMemos.get(v.provider);
  if (!quotes) quoteMemos.set(v.provider, (quotes = new Lru(MAX_CACHED_QUOTES)));
  const key = `${serial}|${e.symbol}|${Math.floor(now.getTime() / MINUTE_MS)}`;
  let q = quotes.get(key);
  if (q === undefined) {
    q = Object.freeze(computeQuote(v, e.symbol, now, { memo: partsMemo(v.provider), serial }));
    quotes.set(key, q);
  }
  return q;
}

/** The quote of `symbol` at `now`, computed afresh, from memoized parts unless `parts` is null. */
export function computeQuote(v: MarketView, symbol: string, now: Date, parts: Parts = null): QuoteJson {
  const e = entryOf(v.provider, symbol);
  const today = nyDate(now);
  const todaySession = session(today);
  const day = dayFactsAt(v, e, today, todaySession, now, parts);
  const inSession = !!todaySession && todaySession.open <= now && now < todaySession.close;
  const fields = inSession ? liveFields(v, e, todaySession, day, sessionTotals(v, e, todaySession, parts), now) : closedFields(v, e, todaySession, day, parts, now);
  const price = fields.latest_price;
  const yearStart = day.yearStart;
  const change = round(price - fields.previous_close, 2);
  return {
    symbol: e.symbol,
    company_name: e.name,
    primary_exchange: e.primary_exchange,
    sector: e.sector,
    ...fields,
    change,
    change_percent: ratio(change, fields.previous_close, 5) ?? 0,
    average_total_volume: day.averageVolume,
    market_cap: e.type === 'stock' ? Math.round(price * e.shares_outstanding) : null,
    pe_ratio: e.eps_ttm !== null && e.eps_ttm > 0 ? round(price / e.eps_ttm, 2) : null,
    '52week_high': day.range.high,
    '52week_low': day.range.low,
    ytd_change: yearStart ? ratio(fields.previous_close - centsToNumber(yearStart.close_cents), centsToNumber(yearStart.close_cents), 6) : null,
  };
}

type SessionFields = Omit<QuoteJson, 'symbol' | 'company_name' | 'primary_exchange' | 'sector' | 'change' | 'change_percent' | 'average_total_volume' | 'market_cap' | 'pe_ratio' | '52week_high' | '52week_low' | 'ytd_change'>;

/** During the session: IEX real time, with today's high/low delayed 15 minutes. */
function liveFields(v: MarketView, e: UniverseEntry, s: Session, day: DayFacts, totals: MinuteTotals, now: Date): SessionFields {
  const q = v.provider.quoteAt(e.symbol, now, v.shocks);
  const previous = day.last!;
  const price = centsToNumber(q.price_cents);
  // The minutes completed by now, and of those the ones completed 15 minutes ago (a prefix).
  const done = minutesEndedBy(totals, now.getTime());
  const delayedCount = Math.min(done, minutesEndedBy(totals, now.getTime() - DELAY_MS));
  const volume = done > 0 ? totals.volume[done - 1]! : 0;
  const iexVolume = done > 0 ? totals.iexVolume[done - 1]! : 0;
  const delayedHigh = delayedCount > 0 ? totals.high[delayedCount - 1]! : 0;
  const delayedLow = delayedCount > 0 ? totals.low[delayedCount - 1]! : 0;
  const lastMinute = done > 0 ? totals.minutes[done - 1] : undefined;
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
function closedFields(v: MarketView, e: UniverseEntry, today: Session | null, day: DayFacts, parts: Parts, now: Date): SessionFields {
  const last = day.last!;
  const before = day.before!;
  const lastSession = session(last.date)!;
  const preOpen = !!today && now < today.open;
  const price = centsToNumber(last.close_cents);
  const q = v.provider.quoteAt(e.symbol, now, v.shocks);
  const extended = centsToNumber(q.price_cents);
  const extendedChange = round(extended - price, 2);
  // The last session has closed: every one of its minutes counts.
  const totals = preOpen ? null : sessionTotals(v, e, lastSession, parts);
  const iexVolume = totals && totals.iexVolume.length > 0 ? totals.iexVolume[totals.iexVolume.length - 1]! : 0;
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
