// The parts of a quote that change slower than the quote itself, and their memos: what the
// completed daily bars say (the same all day until today's session closes) and running totals of
// a session's minutes (so a quote at any minute reads its volumes, high and low in O(log n)).
// Memos live per provider and are keyed by the serial of the symbol's shocks
// (ShockSchedule.serial), so a tenant's new shock asks under a new key; each memo is a bounded LRU.
import type { IsoDate, Session } from '../domain/calendar.ts';
import { Lru } from './lru.ts';
import { averageVolume, barsSince, dayBefore, yearRange, type MarketView } from './market-view.ts';
import type { DailyBar, MarketDataProvider, MinuteBar } from './provider.ts';
import type { UniverseEntry } from './universe.ts';

const MINUTE_MS = 60_000;

/** What a quote reads from the completed daily bars of the last 400 days. */
export interface DayFacts {
  /** The latest completed session's bar and the one before it. */
  last: DailyBar | undefined;
  before: DailyBar | undefined;
  /** The first bar of today's calendar year. */
  yearStart: DailyBar | undefined;
  range: { high: number; low: number };
  averageVolume: number;
}

export function dayFacts(bars: readonly DailyBar[], today: IsoDate): DayFacts {
  const newYear = `${today.slice(0, 4)}-01-01`;
  return {
    last: bars[bars.length - 1],
    before: bars[bars.length - 2],
    yearStart: bars.find((b) => b.date >= newYear),
    range: yearRange(bars, today),
    averageVolume: averageVolume(bars),
  };
}

/**
 * Running totals of a session's minutes (oldest first, start times increasing): entry j covers
 * minutes 0..j. Sums are added in minute order, so they equal a loop over the same minutes.
 */
export interface MinuteTotals {
  minutes: readonly MinuteBar[];
  starts: Float64Array;
  volume: Float64Array;
  iexVolume: Float64Array;
  high: Float64Array;
  low: Float64Array;
}

export function minuteTotals(minutes: readonly MinuteBar[]): MinuteTotals {
  const n = minutes.length;
  const t: MinuteTotals = {
    minutes,
    starts: new Float64Array(n),
    volume: new Float64Array(n),
    iexVolume: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
  };
  let volume = 0;
  let iexVolume = 0;
  let high = Number.NEGATIVE_INFINITY;
  let low = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const m = minutes[i]!;
    volume += m.volume;
    iexVolume += m.iex_volume;
    if (m.high_cents > high) high = m.high_cents;
    if (m.low_cents < low) low = m.low_cents;
    t.starts[i] = m.start.getTime();
    t.volume[i] = volume;
    t.iexVolume[i] = iexVolume;
    t.high[i] = high;
    t.low[i] = low;
  }
  return t;
}

/** How many of the minutes had ended by `ms` (start + 1 minute ≤ ms). */
export function minutesEndedBy(t: MinuteTotals, ms: number): number {
  let lo = 0;
  let hi = t.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t.starts[mid]! + MINUTE_MS <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Memos per provider, at most this many entries each (a session's totals are about 16 kB). */
const MAX_CACHED_DAYS = 4_096;
const MAX_CACHED_SESSIONS = 256;

export interface PartsMemo {
  /** `serial|symbol|today|whether today's session has closed` → the day's facts. */
  days: Lru<string, DayFacts>;
  /** `serial|symbol|session date` → the session's running totals. */
  sessions: Lru<string, MinuteTotals>;
}

const memos = new WeakMap<MarketDataProvider, PartsMemo>();

export function partsMemo(p: MarketDataProvider): PartsMemo {
  let m = memos.get(p);
  if (!m) {
    m = { days: new Lru(MAX_CACHED_DAYS), sessions: new Lru(MAX_CACHED_SESSIONS) };
    memos.set(p, m);
  }
  return m;
}

/** A provider's memo and the serial of the symbol's shocks it is consulted under; null computes afresh. */
export type Parts = { memo: PartsMemo; serial: number } | null;

/**
 * The day's facts at `now`: the bars are the sessions of the last 400 days closed by `now`, all of
 * them before today's, so they change within a day only when today's session closes.
 */
export function dayFactsAt(v: MarketView, e: UniverseEntry, today: IsoDate, todaySession: Session | null, now: Date, parts: Parts): DayFacts {
  if (!parts) return dayFacts(barsSince(v, e, dayBefore(today, 400), now), today);
  const closed = todaySession !== null && todaySession.close <= now;
  const key = `${parts.serial}|${e.symbol}|${today}|${closed ? 1 : 0}`;
  let f = parts.memo.days.get(key);
  if (f === undefined) {
    f = dayFacts(barsSince(v, e, dayBefore(today, 400), now), today);
    parts.memo.days.set(key, f);
  }
  return f;
}

/** The running totals of every minute of session `s` (minutes not yet ended at `now` are for the caller to skip). */
export function sessionTotals(v: MarketView, e: UniverseEntry, s: Session, parts: Parts): MinuteTotals {
  if (!parts) return minuteTotals(v.provider.minuteBars(e.symbol, s.date, s.close, v.shocks));
  const key = `${parts.serial}|${e.symbol}|${s.date}`;
  let t = parts.memo.sessions.get(key);
  if (t === undefined) {
    t = minuteTotals(v.provider.minuteBars(e.symbol, s.date, s.close, v.shocks));
    parts.memo.sessions.set(key, t);
  }
  return t;
}
