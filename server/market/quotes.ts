// Quote, chart and stats payloads, computed from a provider's bars as of an instant (the tenant's
// now): nothing after `now` is ever read. Pure given the provider; JSON numbers because these
// are market data (see openapi/README.md), rounded to the precision the reference shows.
import type { components } from '../../generated/schema.d.ts';
import {
  addCalendarDays,
  addMonths,
  type IsoDate,
  nyDate,
  session,
  type Session,
} from '../domain/calendar.ts';
import { centsToNumber, ShockSchedule, UnknownSymbolError, type DailyBar, type MarketDataProvider, type MinuteBar } from './provider.ts';
import type { UniverseEntry } from './universe.ts';
import { latestExDividendDate } from './dividends.ts';

type Schemas = components['schemas'];
export type QuoteJson = Schemas['Quote'];
export type StatsJson = Schemas['Stats'];
export type DailyBarJson = Schemas['DailyBar'];
export type MinuteBarJson = Schemas['MinuteBar'];

export const CHART_RANGES = ['5y', '2y', '1y', 'ytd', '6m', '3m', '1m', '1d'] as const;
export type ChartRange = (typeof CHART_RANGES)[number];

const DELAY_MS = 15 * 60_000;
const MINUTE_MS = 60_000;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);
/** Rounds to `dp` decimal places (market-data display precision, not money). */
export const round = (x: number, dp: number): number => {
  const f = POW10[dp] ?? 10 ** dp;
  return Math.round(x * f) / f;
};
const ratio = (a: number, b: number, dp: number): number | null => (b === 0 ? null : round(a / b, dp));

export interface MarketView {
  provider: MarketDataProvider;
  shocks: ShockSchedule;
}

function entryOf(p: MarketDataProvider, symbol: string): UniverseEntry {
  const e = p.asset(symbol);
  if (!e) throw new UnknownSymbolError(symbol.toUpperCase());
  return e;
}

/** Completed daily bars from `start` through the last session closed at `now`. */
const barsSince = (v: MarketView, e: UniverseEntry, start: IsoDate, now: Date): DailyBar[] =>
  v.provider.dailyBars(e.symbol, start, nyDate(now), now, v.shocks);

/** `days` calendar days before `date`, memoized (quotes ask for the same few offsets of today). */
const daysBefore = new Map<string, IsoDate>();
function dayBefore(date: IsoDate, days: number): IsoDate {
  const key = `${date}|${days}`;
  let d = daysBefore.get(key);
  if (d === undefined) {
    d = addCalendarDays(date, -days);
    if (daysBefore.size >= 10_000) daysBefore.clear();
    daysBefore.set(key, d);
  }
  return d;
}

/** The number of bars dated on or before `date` (bars are oldest first, one per date). */
function countOnOrBefore(bars: readonly DailyBar[], date: IsoDate): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bars[mid]!.date <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last bar dated on or before `date` (bars are oldest first). */
function closeOnOrBefore(bars: readonly DailyBar[], date: IsoDate): DailyBar | undefined {
  const n = countOnOrBefore(bars, date);
  return n > 0 ? bars[n - 1] : undefined;
}

/** The trailing 52 weeks' adjusted high and low, in dollars (bars are oldest first). */
export function yearRange(bars: readonly DailyBar[], today: IsoDate): { high: number; low: number } {
  const since = dayBefore(today, 365);
  let high = 0;
  let low = Number.POSITIVE_INFINITY;
  for (let i = countOnOrBefore(bars, since); i < bars.length; i++) {
    const b = bars[i]!;
    if (b.high_cents > high) high = b.high_cents;
    if (b.low_cents < low) low = b.low_cents;
  }
  return { high: centsToNumber(high), low: centsToNumber(low) };
}

/** Mean volume of the last 30 sessions. */
export function averageVolume(bars: readonly DailyBar[]): number {
  const last = bars.slice(-30);
  return last.length === 0 ? 0 : Math.round(last.reduce((s, b) => s + b.volume, 0) / last.length);
}

// Labels are pure functions of a minute of the day; a chart asks for hundreds per call.
const clockLabels: [string[], string[]] = [[], []];
const clockLabel = (minutesAfterMidnight: number, seconds = false): string => {
  const cache = clockLabels[seconds ? 1 : 0];
  return (cache[minutesAfterMidnight] ??= formatClock(minutesAfterMidnight, seconds));
};
const formatClock = (minutesAfterMidnight: number, seconds: boolean): string => {
  const h = Math.floor(minutesAfterMidnight / 60);
  const m = minutesAfterMidnight % 60;
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${seconds ? h12 : String(h12).padStart(2, '0')}:${String(m).padStart(2, '0')}${seconds ? ':00' : ''} ${h < 12 ? 'AM' : 'PM'}`;
};
const longDate = (d: IsoDate): string => `${MONTHS[+d.slice(5, 7) - 1]} ${+d.slice(8, 10)}, ${d.slice(0, 4)}`;
const chartLabels = new Map<IsoDate, string>();
const chartLabel = (d: IsoDate): string => {
  let label = chartLabels.get(d);
  if (label === undefined) {
    label = `${MONTHS[+d.slice(5, 7) - 1]!.slice(0, 3)} ${d.slice(8, 10)}, ${d.slice(2, 4)}`;
    if (chartLabels.size >= 20_000) chartLabels.clear();
    chartLabels.set(d, label);
  }
  return label;
};

// ---- quote ----

export function buildQuote(v: MarketView, symbol: string, now: Date): QuoteJson {
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

// ---- chart ----

/** The first date a daily range covers (exclusive bound for month/year ranges). */
function rangeStart(range: Exclude<ChartRange, '1d'>, today: IsoDate): { from: IsoDate; inclusive: boolean } {
  if (range === 'ytd') return { from: `${today.slice(0, 4)}-01-01`, inclusive: true };
  const months = { '5y': 60, '2y': 24, '1y': 12, '6m': 6, '3m': 3, '1m': 1 }[range];
  return { from: addMonths(today, -months), inclusive: false };
}

export function buildChart(v: MarketView, symbol: string, range: ChartRange, now: Date): DailyBarJson[] | MinuteBarJson[] {
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

// ---- stats ----

/** Short-interest settlement: the 15th and the last day of each month; the latest before today. */
export function shortDate(today: IsoDate): IsoDate {
  const mid = `${today.slice(0, 7)}-15`;
  if (mid < today) return mid;
  return addCalendarDays(`${today.slice(0, 7)}-01`, -1);
}

/** The end of the latest calendar quarter reported by `today` (45 days to report). */
export function latestEpsDate(today: IsoDate): IsoDate {
  let quarterEnd = addCalendarDays(`${today.slice(0, 4)}-${String(Math.floor((+today.slice(5, 7) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`, -1);
  while (addCalendarDays(quarterEnd, 45) > today) quarterEnd = addCalendarDays(addMonths(addCalendarDays(quarterEnd, 1), -3), -1);
  return quarterEnd;
}

/** The dates buildStats reasons about, a pure function of today (memoized: one entry a day). */
interface StatsDates {
  from: IsoDate;
  yearAgo: IsoDate;
  fiveYears: IsoDate;
  twoYears: IsoDate;
  ytd: IsoDate;
  sixMonths: IsoDate;
  threeMonths: IsoDate;
  oneMonth: IsoDate;
  short: IsoDate;
  eps: IsoDate;
}
const statsDatesByDay = new Map<IsoDate, StatsDates>();
function statsDates(today: IsoDate): StatsDates {
  let d = statsDatesByDay.get(today);
  if (!d) {
    d = {
      from: addMonths(today, -61),
      yearAgo: addMonths(today, -12),
      fiveYears: addMonths(today, -60),
      twoYears: addMonths(today, -24),
      ytd: addCalendarDays(`${today.slice(0, 4)}-01-01`, -1),
      sixMonths: addMonths(today, -6),
      threeMonths: addMonths(today, -3),
      oneMonth: addMonths(today, -1),
      short: shortDate(today),
      eps: latestEpsDate(today),
    };
    if (statsDatesByDay.size >= 1_000) statsDatesByDay.clear();
    statsDatesByDay.set(today, d);
  }
  return d;
}

/** entry → today → the latest ex-dividend date (a pure function of the entry and the day). */
const exDates = new WeakMap<UniverseEntry, Map<IsoDate, IsoDate | null>>();
function latestExDate(e: UniverseEntry, today: IsoDate): IsoDate | null {
  let byDay = exDates.get(e);
  if (!byDay) exDates.set(e, (byDay = new Map()));
  let d = byDay.get(today);
  if (d === undefined) {
    d = latestExDividendDate(e, today);
    if (byDay.size >= 1_000) byDay.clear();
    byDay.set(today, d);
  }
  return d;
}

export function buildStats(v: MarketView, symbol: string, now: Date): StatsJson {
  const e = entryOf(v.provider, symbol);
  const today = nyDate(now);
  const dates = statsDates(today);
  const bars = barsSince(v, e, dates.from, now);
  const last = bars[bars.length - 1]!;
  const price = centsToNumber(last.close_cents);
  const closes = bars.map((b) => b.close_cents);
  const movingAverage = (n: number) => round(closes.slice(-n).reduce((s, c) => s + c, 0) / Math.min(n, closes.length) / 100, 5);
  const changeSince = (from: IsoDate): number | null => {
    const base = closeOnOrBefore(bars, from);
    return base ? round(last.close_cents / base.close_cents - 1, 6) : null;
  };
  const range = yearRange(bars, today);
  const marketCap = Math.round(price * e.shares_outstanding);
  const float = Math.round(e.shares_outstanding * e.float_percent);
  const shortInterest = Math.round(float * e.short_percent_of_float);
  const avgVolume = averageVolume(bars);
  const eps = e.eps_ttm;
  const f = e.fundamentals;
  const netIncome = eps !== null ? eps * e.shares_outstanding : null;
  const yearAgo = changeSince(dates.yearAgo);
  const fiveDaysAgo = bars[bars.length - 6];
  const exDate = latestExDate(e, today);
  return {
    company_name: e.name,
    market_cap: marketCap,
    beta: e.beta,
    '52week_high': range.high,
    '52week_low': range.low,
    '52week_change': yearAgo === null ? null : round(yearAgo * 100, 4),
    short_interest: shortInterest,
    short_date: dates.short,
    dividend_rate: e.dividend_rate > 0 ? e.dividend_rate : null,
    dividend_yield: e.dividend_rate > 0 ? round((e.dividend_rate / price) * 100, 6) : null,
    ex_dividend_date: exDate ? `${exDate} 00:00:00.0` : null,
    latest_EPS: eps !== null ? round(eps / 4, 2) : null,
    latest_EPS_date: eps !== null ? dates.eps : null,
    outstanding_shares: e.shares_outstanding,
    float,
    return_on_equity: netIncome !== null && f?.equity ? round(netIncome / f.equity, 6) : null,
    consensus_EPS: null,
    number_of_estimates: null,
    symbol: e.symbol,
    EBITDA: f && f.ebitda_margin !== null ? Math.round(f.revenue * f.ebitda_margin) : null,
    revenue: f ? f.revenue : null,
    gross_profit: f && f.gross_margin !== null ? Math.round(f.revenue * f.gross_margin) : null,
    cash: f ? f.cash : null,
    debt: f ? f.debt : null,
    ttm_EPS: eps,
    revenue_per_share: f ? round(f.revenue / e.shares_outstanding, 4) : null,
    revenue_per_employee: f ? round(f.revenue / f.employees, 2) : null,
    pe_ratio_high: eps !== null && eps > 0 ? round(range.high / eps, 2) : null,
    pe_ratio_low: eps !== null && eps > 0 ? round(range.low / eps, 2) : null,
    EPS_surprise_dollar: null,
    EPS_surprise_percent: null,
    return_on_assets: netIncome !== null && f ? round((netIncome / f.assets) * 100, 4) : null,
    return_on_capital: null,
    profit_margin: netIncome !== null && f ? round((netIncome / f.revenue) * 100, 4) : null,
    price_to_sales: f ? round(marketCap / f.revenue, 4) : null,
    price_to_book: f?.equity ? round(price / (f.equity / e.shares_outstanding), 4) : null,
    '200day_moving_average': movingAverage(200),
    '50day_moving_average': movingAverage(50),
    institution_percent: null,
    insider_percent: null,
    short_ratio: avgVolume > 0 ? round(shortInterest / avgVolume, 4) : null,
    '5year_change_percent': changeSince(dates.fiveYears),
    '2year_change_percent': changeSince(dates.twoYears),
    '1year_change_percent': yearAgo,
    ytd_change_percent: changeSince(dates.ytd),
    '6month_change_percent': changeSince(dates.sixMonths),
    '3month_change_percent': changeSince(dates.threeMonths),
    '1month_change_percent': changeSince(dates.oneMonth),
    '5day_change_percent': fiveDaysAgo ? round(last.close_cents / fiveDaysAgo.close_cents - 1, 6) : null,
  };
}
