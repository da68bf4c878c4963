// The simulated market: seeded random walks that give the same bars for a symbol and date on
// every machine, whenever they are asked for. This module assembles bars and quotes from the walks
// (daily-walk.ts) and minute paths (price-path.ts), applies a tenant's shocks, and memoizes it all.
//
// Determinism: randomness comes from a 32-bit hash of (symbol, date) feeding mulberry32, and
// normals are Irwin–Hall sums of uniforms, so only +, ×, ÷ and √ touch floats (IEEE-exact on every
// platform; no Math.exp/log/sin whose last bit may differ). Prices are integer cents.
import {
  type IsoDate,
  FIRST_YEAR,
  lastCompletedSession,
  nextTradingDayOnOrAfter,
  nyDate,
  previousTradingDayOnOrBefore,
  session,
  type Session,
} from '../domain/calendar.ts';
import { dailyBar, minuteBar } from './bars.ts';
import { bookAround, type Book } from './book.ts';
import { DailyWalks, type Walk } from './daily-walk.ts';
import { Lru } from './lru.ts';
import { buildPath, sessionMinuteBars, type SessionPath } from './price-path.ts';
import {
  centsToDecimal,
  ShockSchedule,
  UnknownSymbolError,
  type DailyBar,
  type MarketDataProvider,
  type MarketQuote,
  type MinuteBar,
} from './provider.ts';
import { UNIVERSE, lookupSymbol, type UniverseEntry } from './universe.ts';

const MINUTE_MS = 60_000;
const MAX_CACHED_SESSIONS = 2_000;
/** Memoized runs of unshocked daily bars (one per symbol and date range), capped by total bars held. */
const MAX_CACHED_RANGES = 1_024;
const MAX_CACHED_RANGE_BARS = 500_000;
/** Memoized unshocked minute bars, whole sessions (about 60 kB each). */
const MAX_CACHED_MINUTE_SESSIONS = 256;
/** Memoized books (spread, sizes and the Decimals of a quote) by (symbol, session, minute, price). */
const MAX_CACHED_BOOKS = 20_000;
const MAX_CACHED_SPANS = 10_000;
/** Memoized shocked bars, keyed by the exact shocks of their symbol (see shockSerial). */
const MAX_CACHED_SHOCK_KEYS = 10_000;
const MAX_CACHED_SHOCKED_DAYS = 50_000;
const MAX_CACHED_SHOCKED_SESSIONS = 64;
const EARLIEST_DATE = `${FIRST_YEAR}-01-01`;

export class SimulatedMarket implements MarketDataProvider {
  /** The daily walks, and the day axis they share. */
  private readonly daily = new DailyWalks();
  private readonly paths = new Lru<string, SessionPath>(MAX_CACHED_SESSIONS);
  /** `symbol|k0|k1` → the unshocked daily bars of days k0..k1 (never handed out: callers get copies). */
  private readonly ranges = new Lru<string, readonly DailyBar[]>(MAX_CACHED_RANGES, MAX_CACHED_RANGE_BARS, (bars) => bars.length);
  /** `symbol|date` → the unshocked minute bars of the whole session (frozen bars; callers get a fresh array). */
  private readonly sessionMinutes = new Lru<string, readonly MinuteBar[]>(MAX_CACHED_MINUTE_SESSIONS);
  private readonly books = new Lru<string, Book>(MAX_CACHED_BOOKS);
  /** `start|end` (end capped at today) → the trading-day indices a daily range covers. */
  private readonly spans = new Lru<string, readonly [number, number] | null>(MAX_CACHED_SPANS);
  /**
   * Shocked bars depend on the symbol's shocks too, so their keys start with a serial number
   * standing for exactly those shocks (ShockSchedule.key: every effective instant and factor).
   * Equal shocks share results whichever schedule object carries them (a tenant's schedule is
   * typically rebuilt per request); serials are never reused, so bars of different shocks can
   * never meet, and unshocked bars are never looked up here at all.
   */
  private readonly shockSerials = new Lru<string, number>(MAX_CACHED_SHOCK_KEYS);
  private nextShockSerial = 1;
  /** `shocks serial|symbol|date` → the shocked daily bar. */
  private readonly shockedDays = new Lru<string, DailyBar>(MAX_CACHED_SHOCKED_DAYS);
  /** `shocks serial|symbol|date` → the shocked minute bars of the whole session (frozen bars). */
  private readonly shockedSessions = new Lru<string, readonly MinuteBar[]>(MAX_CACHED_SHOCKED_SESSIONS);

  /** How many entries each memo holds (for tests: they stay bounded). */
  cacheSizes(): Record<'paths' | 'ranges' | 'rangeBars' | 'sessionMinutes' | 'books' | 'spans' | 'shockKeys' | 'shockedDays' | 'shockedSessions', number> {
    return {
      paths: this.paths.size,
      ranges: this.ranges.size,
      rangeBars: this.ranges.totalWeight,
      sessionMinutes: this.sessionMinutes.size,
      books: this.books.size,
      spans: this.spans.size,
      shockKeys: this.shockSerials.size,
      shockedDays: this.shockedDays.size,
      shockedSessions: this.shockedSessions.size,
    };
  }

  /** The serial number of the shocks `shocks` holds for `symbol`. */
  private shockSerial(shocks: ShockSchedule, symbol: string): number {
    const key = shocks.key(symbol);
    let serial = this.shockSerials.get(key);
    if (serial === undefined) {
      serial = this.nextShockSerial++;
      this.shockSerials.set(key, serial);
    }
    return serial;
  }

  asset(symbol: string): UniverseEntry | undefined {
    return lookupSymbol(symbol);
  }

  assets(): readonly UniverseEntry[] {
    return UNIVERSE;
  }

  private rawDaily(symbol: string, date: IsoDate): DailyBar {
    return this.daily.dailyBarAt(this.daily.walk(symbol), date);
  }

  /** The unshocked bars of days k0..k1 (k0 ≤ k1), memoized; the array is shared, never to be modified. */
  private baseRange(w: Walk, k0: number, k1: number): readonly DailyBar[] {
    const key = `${w.entry.symbol}|${k0}|${k1}`;
    let bars = this.ranges.get(key);
    if (!bars) {
      const out: DailyBar[] = new Array(k1 - k0 + 1);
      for (let k = k0; k <= k1; k++) out[k - k0] = this.daily.dailyBarAtK(w, k, this.daily.axis.dateAt(k));
      bars = out; // never handed out (callers get copies), so not frozen: slicing a frozen array is slow
      this.ranges.set(key, bars);
    }
    return bars;
  }

  /** The trading days [k0, k1] from `start` to `end` as seen on `today` (null when none); memoized. */
  private span(start: IsoDate, end: IsoDate, today: IsoDate): readonly [number, number] | null {
    const key = `${start}|${today < end ? today : end}`;
    let span = this.spans.get(key);
    if (span === undefined) {
      const last = previousTradingDayOnOrBefore(today < end ? today : end);
      // The calendar starts in FIRST_YEAR; a range reaching further back simply starts there.
      const first = nextTradingDayOnOrAfter(start < EARLIEST_DATE ? EARLIEST_DATE : start);
      span = first > last ? null : [this.daily.axis.indexOf(first), this.daily.axis.indexOf(last)];
      this.spans.set(key, span);
    }
    return span;
  }

  dailyBars(symbol: string, start: IsoDate, end: IsoDate, asOf: Date, shocks: ShockSchedule = ShockSchedule.none): DailyBar[] {
    const w = this.daily.walk(symbol);
    const span = this.span(start, end, nyDate(asOf));
    if (!span) return [];
    const k0 = span[0];
    let k1 = span[1];
    // Sessions close in date order, so only the latest ones can still be open at asOf.
    while (k1 >= k0 && session(this.daily.axis.dateAt(k1))!.close > asOf) k1--;
    if (k1 < k0) return [];
    const base = this.baseRange(w, k0, k1);
    const sym = w.entry.symbol;
    if (!shocks.has(sym)) return base.slice();
    // A session ending before the first shock of the symbol is untouched by every shock.
    const firstShockDate = nyDate(new Date(shocks.firstEffectiveAt(sym)));
    const out: DailyBar[] = new Array(base.length);
    for (let i = 0; i < base.length; i++) {
      const raw = base[i]!;
      if (raw.date < firstShockDate) {
        out[i] = raw;
        continue;
      }
      const key = `${this.shockSerial(shocks, sym)}|${sym}|${raw.date}`;
      let bar = this.shockedDays.get(key);
      if (!bar) {
        bar = this.shockedDaily(w, raw, session(raw.date)!, shocks);
        this.shockedDays.set(key, bar);
      }
      out[i] = bar;
    }
    return out;
  }

  private shockedDaily(w: Walk, raw: DailyBar, s: Session, shocks: ShockSchedule): DailyBar {
    const sym = w.entry.symbol;
    const lastMinute = s.close.getTime() - MINUTE_MS;
    if (!shocks.changesIn(sym, s.open, lastMinute)) {
      const t = s.open.getTime();
      if (shocks.firstEffectiveAt(sym) > t) return raw;
      return dailyBar(
        raw.date,
        shocks.apply(sym, raw.open_cents, t),
        shocks.apply(sym, raw.high_cents, t),
        shocks.apply(sym, raw.low_cents, t),
        shocks.apply(sym, raw.close_cents, t),
        raw.volume,
      );
    }
    // A shock inside the session: the day's bar is the envelope of its shocked minutes. A shock
    // scales every price of a minute alike and monotonically, so a minute's shocked high is the
    // shocked raw high (and so for the low).
    const minutes = this.wholeSession(sym, s.date);
    let high = 0;
    let low = Number.POSITIVE_INFINITY;
    for (let i = 0; i < minutes.length; i++) {
      const m = minutes[i]!;
      const t = m.start.getTime();
      const h = shocks.apply(sym, m.high_cents, t);
      const l = shocks.apply(sym, m.low_cents, t);
      if (h > high) high = h;
      if (l < low) low = l;
    }
    const firstMinute = minutes[0]!;
    const lastBar = minutes[minutes.length - 1]!;
    return dailyBar(
      raw.date,
      shocks.apply(sym, firstMinute.open_cents, firstMinute.start.getTime()),
      high,
      low,
      shocks.apply(sym, lastBar.close_cents, lastBar.start.getTime()),
      raw.volume,
    );
  }

  // ---- minutes ----

  private path(symbol: string, date: IsoDate): SessionPath {
    const entry = lookupSymbol(symbol);
    if (!entry) throw new UnknownSymbolError(symbol);
    const key = `${entry.symbol}|${date}`;
    const hit = this.paths.get(key);
    if (hit) return hit;
    const s = session(date);
    if (!s) throw new RangeError(`${date} is not a trading day`);
    const p = buildPath(entry, s, this.rawDaily(entry.symbol, date));
    this.paths.set(key, p);
    return p;
  }

  /** Every unshocked minute bar of a session (memoized; the bars are frozen and shared by all callers). */
  private wholeSession(symbol: string, date: IsoDate): readonly MinuteBar[] {
    const entry = lookupSymbol(symbol);
    if (!entry) throw new UnknownSymbolError(symbol);
    const key = `${entry.symbol}|${date}`;
    let bars = this.sessionMinutes.get(key);
    if (!bars) {
      bars = sessionMinuteBars(this.path(entry.symbol, date));
      this.sessionMinutes.set(key, bars);
    }
    return bars;
  }

  minuteBars(symbol: string, date: IsoDate, asOf: Date, shocks: ShockSchedule = ShockSchedule.none): MinuteBar[] {
    const s = session(date);
    if (!s || s.open >= asOf) {
      this.daily.walk(symbol); // still reject unknown symbols
      return [];
    }
    const sym = this.daily.walk(symbol).entry.symbol;
    const all = this.wholeSession(sym, date);
    const done = Math.min(all.length, Math.floor((asOf.getTime() - s.open.getTime()) / MINUTE_MS));
    if (done <= 0) return [];
    if (shocks.firstEffectiveAt(sym) > all[done - 1]!.start.getTime()) return all.slice(0, done);
    return this.shockedSession(sym, date, all, shocks).slice(0, done);
  }

  /** Every minute of a session under a schedule that shocks the symbol (memoized by its shocks). */
  private shockedSession(sym: string, date: IsoDate, all: readonly MinuteBar[], shocks: ShockSchedule): readonly MinuteBar[] {
    const key = `${this.shockSerial(shocks, sym)}|${sym}|${date}`;
    const hit = this.shockedSessions.get(key);
    if (hit) return hit;
    const firstShock = shocks.firstEffectiveAt(sym);
    const out: MinuteBar[] = new Array(all.length);
    for (let i = 0; i < all.length; i++) {
      const m = all[i]!;
      const t = m.start.getTime();
      if (t < firstShock) {
        out[i] = m;
        continue;
      }
      const open = shocks.apply(sym, m.open_cents, t);
      const close = shocks.apply(sym, m.close_cents, t);
      // Shocks scale monotonically, so the shocked raw high is the shocked high (the low alike).
      out[i] = minuteBar(
        m.date,
        m.start,
        m.minute,
        open,
        close,
        Math.max(open, close, shocks.apply(sym, m.high_cents, t)),
        Math.min(open, close, shocks.apply(sym, m.low_cents, t)),
        m.volume,
        m.trades,
        m.iex_volume,
        m.iex_trades,
      );
    }
    this.shockedSessions.set(key, out);
    return out;
  }

  quoteAt(symbol: string, at: Date, shocks: ShockSchedule = ShockSchedule.none): MarketQuote {
    const entry = lookupSymbol(symbol);
    if (!entry) throw new UnknownSymbolError(symbol);
    const today = session(nyDate(at));
    let priceCents: number;
    let priceTime: Date;
    let sessionDate: IsoDate;
    let inSession = false;
    let seedMinute: number;
    if (today && today.open <= at && at < today.close) {
      // The running minute's opening print: the latest price at `at`, never a later one.
      const p = this.path(entry.symbol, today.date);
      const i = Math.floor((at.getTime() - today.open.getTime()) / MINUTE_MS);
      priceTime = new Date(today.open.getTime() + i * MINUTE_MS);
      priceCents = shocks.apply(entry.symbol, p.points[i]!, priceTime);
      sessionDate = today.date;
      inSession = true;
      seedMinute = i;
    } else {
      const last = lastCompletedSession(at);
      const bar = this.rawDaily(entry.symbol, last.date);
      priceTime = last.close;
      // A shock after the close moves the price at once (news in the after-hours market).
      priceCents = shocks.apply(entry.symbol, bar.close_cents, at);
      sessionDate = last.date;
      seedMinute = -1;
    }
    const book = this.book(entry, priceCents, sessionDate, seedMinute);
    return {
      symbol: entry.symbol,
      at,
      price_time: priceTime,
      in_session: inSession,
      session_date: sessionDate,
      price_cents: priceCents,
      bid_cents: book.bid_cents,
      ask_cents: book.ask_cents,
      bid_size: book.bid_size,
      ask_size: book.ask_size,
      price: book.price,
      bid: book.bid,
      ask: book.ask,
    };
  }

  /** The book around a price (memoized: a pure function of its key; Decimals are immutable). */
  private book(e: UniverseEntry, priceCents: number, sessionDate: IsoDate, seedMinute: number): Book {
    const key = `${e.symbol}|${sessionDate}|${seedMinute}|${priceCents}`;
    let b = this.books.get(key);
    if (!b) {
      const around = bookAround(e, priceCents, `${e.symbol}|${sessionDate}|${seedMinute}`);
      b = Object.freeze({ ...around, price: centsToDecimal(priceCents), bid: centsToDecimal(around.bid_cents), ask: centsToDecimal(around.ask_cents) });
      this.books.set(key, b);
    }
    return b;
  }
}
