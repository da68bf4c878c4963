// Stats payloads: a symbol's key figures (valuation, fundamentals, moving averages, period
// changes) from the universe's figures and its completed daily closes as of the tenant's now.
import type { components } from '../../generated/schema.d.ts';
import { addCalendarDays, addMonths, type IsoDate, nyDate, session } from '../domain/calendar.ts';
import { round } from './display.ts';
import { latestExDividendDate } from './dividends.ts';
import { averageVolume, barsSince, closeOnOrBefore, entryOf, yearRange, type MarketView } from './market-view.ts';
import { Lru } from './lru.ts';
import { centsToNumber, type MarketDataProvider } from './provider.ts';
import type { UniverseEntry } from './universe.ts';

export type StatsJson = components['schemas']['Stats'];

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

type FundamentalFields = Pick<
  StatsJson,
  | 'EBITDA' | 'revenue' | 'gross_profit' | 'cash' | 'debt' | 'ttm_EPS' | 'revenue_per_share' | 'revenue_per_employee'
  | 'pe_ratio_high' | 'pe_ratio_low' | 'EPS_surprise_dollar' | 'EPS_surprise_percent' | 'return_on_assets'
  | 'return_on_capital' | 'profit_margin' | 'price_to_sales' | 'price_to_book'
>;

/** Trailing net income: the trailing EPS over every share (null without earnings). */
const netIncomeOf = (e: UniverseEntry): number | null => (e.eps_ttm !== null ? e.eps_ttm * e.shares_outstanding : null);

/** The company figures of the stats, in the order the payload lists them (funds have none). */
function fundamentalFields(e: UniverseEntry, price: number, marketCap: number, range: { high: number; low: number }): FundamentalFields {
  const eps = e.eps_ttm;
  const f = e.fundamentals;
  const netIncome = netIncomeOf(e);
  return {
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
  };
}

const MAX_CACHED_STATS = 4_096; // per provider; stats are about 2 kB
const statsMemos = new WeakMap<MarketDataProvider, Lru<string, StatsJson>>();

/**
 * The stats of `symbol` at `now`, memoized. Stats read `now` only through today's date and the
 * daily bars closed by now (every session before today's, and today's once it closed), and the
 * shocks of `symbol` alone: the key is (the serial of those shocks, symbol, today, whether
 * today's session has closed). Shocks that cannot be named by a serial (-1) are not memoized.
 * The payload is frozen and shared.
 */
export function buildStats(v: MarketView, symbol: string, now: Date): StatsJson {
  const e = entryOf(v.provider, symbol);
  const serial = v.shocks.serial(e.symbol);
  if (serial < 0) return computeStats(v, e.symbol, now);
  let memo = statsMemos.get(v.provider);
  if (!memo) statsMemos.set(v.provider, (memo = new Lru(MAX_CACHED_STATS)));
  const today = nyDate(now);
  const s = session(today);
  const key = `${serial}|${e.symbol}|${today}|${s !== null && s.close <= now ? 1 : 0}`;
  let stats = memo.get(key);
  if (stats === undefined) {
    stats = Object.freeze(computeStats(v, e.symbol, now));
    memo.set(key, stats);
  }
  return stats;
}

/** The stats of `symbol` at `now`, computed afresh (buildStats memoizes them). */
export function computeStats(v: MarketView, symbol: string, now: Date): StatsJson {
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
  const netIncome = netIncomeOf(e);
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
    ...fundamentalFields(e, price, marketCap, range),
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
