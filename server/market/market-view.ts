// The market as one tenant sees it at an instant (a provider and the tenant's shocks), and the
// arithmetic over completed daily bars that quotes, charts and stats share.
import { addCalendarDays, type IsoDate, nyDate } from '../domain/calendar.ts';
import { centsToNumber, type ShockSchedule, UnknownSymbolError, type DailyBar, type MarketDataProvider } from './provider.ts';
import type { UniverseEntry } from './universe.ts';

/** How late the consolidated (whole-market) figures are shown; IEX's own are real time. */
export const DELAY_MS = 15 * 60_000;
export const MINUTE_MS = 60_000;

export interface MarketView {
  provider: MarketDataProvider;
  shocks: ShockSchedule;
}

export function entryOf(p: MarketDataProvider, symbol: string): UniverseEntry {
  const e = p.asset(symbol);
  if (!e) throw new UnknownSymbolError(symbol.toUpperCase());
  return e;
}

/** Completed daily bars from `start` through the last session closed at `now`. */
export const barsSince = (v: MarketView, e: UniverseEntry, start: IsoDate, now: Date): DailyBar[] =>
  v.provider.dailyBars(e.symbol, start, nyDate(now), now, v.shocks);

/** `days` calendar days before `date`, memoized (quotes ask for the same few offsets of today). */
const daysBefore = new Map<string, IsoDate>();
export function dayBefore(date: IsoDate, days: number): IsoDate {
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
export function countOnOrBefore(bars: readonly DailyBar[], date: IsoDate): number {
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
export function closeOnOrBefore(bars: readonly DailyBar[], date: IsoDate): DailyBar | undefined {
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
