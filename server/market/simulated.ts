// The simulated market: seeded random walks that give the same bars for a symbol and date on
// every machine, whenever they are asked for. Daily closes walk both ways from each symbol's
// anchor price; each session's minute path runs from its open to its close through its high and low.
//
// Determinism: randomness comes from a 32-bit hash of (symbol, date) feeding mulberry32, and
// normals are Irwin–Hall sums of uniforms, so only +, ×, ÷ and √ touch floats (IEEE-exact on every
// platform; no Math.exp/log/sin whose last bit may differ). Prices are integer cents.
import { LRUCache } from 'lru-cache';
import {
  type IsoDate,
  addCalendarDays,
  FIRST_YEAR,
  isTradingDay,
  lastCompletedSession,
  nextTradingDayOnOrAfter,
  nyDate,
  previousTradingDayOnOrBefore,
  session,
  type Session,
} from '../domain/calendar.ts';
import { ANCHOR_DATE, UNIVERSE, lookupSymbol, type MarketFactor, type UniverseEntry } from './universe.ts';
import {
  centsToDecimal,
  ShockSchedule,
  UnknownSymbolError,
  type DailyBar,
  type MarketDataProvider,
  type MarketQuote,
  type MinuteBar,
} from './provider.ts';
import type { Decimal } from '../domain/money.ts';

const TRADING_DAYS_PER_YEAR = 252;
const SQRT_TRADING_DAYS = Math.sqrt(TRADING_DAYS_PER_YEAR);
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
const REVERSION = 0.002;
const EARLIEST_DATE = `${FIRST_YEAR}-01-01`;

// ---- seeded randomness ----

/** FNV-1a, 32 bits. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: uniform numbers in [0, 1) from a 32-bit seed. */
export function rng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An approximately standard normal number: the Irwin–Hall sum of 12 uniforms, less 6 (within ±6). */
function normal12(u: () => number): number {
  let s = -6;
  for (let i = 0; i < 12; i++) s += u();
  return s;
}

/** A cheaper unit-variance bump for minute steps: four uniforms, centred and scaled by √3. */
const SQRT3 = Math.sqrt(3);
function normal4(u: () => number): number {
  return (u() + u() + u() + u() - 2) * SQRT3;
}

// ---- bounded memo ----

/**
 * A bounded memo on lru-cache: at most `maxEntries` entries and, with `weigh`, at most
 * `maxWeight` in total; the least recently used go first. Values may be null (boxed, since
 * lru-cache stores no nullish values).
 */
export class Lru<K extends {}, V> {
  private readonly cache: LRUCache<K, { value: V }>;

  constructor(maxEntries: number, maxWeight?: number, weigh?: (value: V) => number) {
    this.cache = new LRUCache<K, { value: V }>({
      max: maxEntries,
      ...(maxWeight !== undefined && weigh ? { maxSize: maxWeight, sizeCalculation: (box: { value: V }) => Math.max(1, weigh(box.value)) } : {}),
    });
  }

  get size(): number {
    return this.cache.size;
  }

  get totalWeight(): number {
    return this.cache.calculatedSize;
  }

  get(key: K): V | undefined {
    return this.cache.get(key)?.value;
  }

  set(key: K, value: V): void {
    this.cache.set(key, { value });
  }

}

// ---- the day axis: trading days counted from the anchor ----

class DayAxis {
  private readonly fwd: IsoDate[] = [ANCHOR_DATE]; // fwd[k] is day k ≥ 0
  private readonly back: IsoDate[] = []; // back[j] is day -(j + 1)
  private readonly index = new Map<IsoDate, number>([[ANCHOR_DATE, 0]]);

  private extendForward(): void {
    let d = addCalendarDays(this.fwd[this.fwd.length - 1]!, 1);
    while (!isTradingDay(d)) d = addCalendarDays(d, 1);
    this.index.set(d, this.fwd.length);
    this.fwd.push(d);
  }

  private extendBackward(): void {
    let d = addCalendarDays(this.back[this.back.length - 1] ?? ANCHOR_DATE, -1);
    while (!isTradingDay(d)) d = addCalendarDays(d, -1);
    this.back.push(d);
    this.index.set(d, -this.back.length);
  }

  /** The signed index of a trading day (0 = ANCHOR_DATE). */
  indexOf(date: IsoDate): number {
    const known = this.index.get(date);
    if (known !== undefined) return known;
    if (!isTradingDay(date)) throw new RangeError(`${date} is not a trading day`);
    if (date > ANCHOR_DATE) while (this.fwd[this.fwd.length - 1]! < date) this.extendForward();
    else while ((this.back[this.back.length - 1] ?? ANCHOR_DATE) > date) this.extendBackward();
    return this.index.get(date)!;
  }

  /** The trading day with signed index k. */
  dateAt(k: number): IsoDate {
    if (k >= 0) {
      while (this.fwd.length <= k) this.extendForward();
      return this.fwd[k]!;
    }
    while (this.back.length < -k) this.extendBackward();
    return this.back[-k - 1]!;
  }
}

// ---- per-symbol daily walk ----

interface Walk {
  entry: UniverseEntry;
  /** Unrounded closes: fwd[k] for k ≥ 0, back[j] for day -(j + 1). */
  fwd: number[];
  back: number[];
  /** The drift trend the walk is pulled toward, indexed like fwd/back. */
  fwdTrend: number[];
  backTrend: number[];
  bars: Map<number, DailyBar>;
}

interface SessionPath {
  session: Session;
  /** points[i] is the price at minute i's start; points[n] is the close. */
  points: Int32Array;
  high: Int32Array;
  low: Int32Array;
  volume: Float64Array;
  trades: Float64Array;
  iexVolume: Float64Array;
  iexTrades: Float64Array;
}

export class SimulatedMarket implements MarketDataProvider {
  private readonly axis = new DayAxis();
  private readonly walks = new Map<string, Walk>();
  private readonly factorZ = new Map<string, number>();
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

  // ---- daily ----

  private walk(symbol: string): Walk {
    const entry = lookupSymbol(symbol);
    if (!entry) throw new UnknownSymbolError(symbol);
    let w = this.walks.get(entry.symbol);
    if (!w) {
      w = { entry, fwd: [entry.base_price * 100], back: [], fwdTrend: [entry.base_price * 100], backTrend: [], bars: new Map() };
      this.walks.set(entry.symbol, w);
    }
    return w;
  }

  /** The shared shock of a market factor on a date. */
  private factorShock(factor: MarketFactor, date: IsoDate): number {
    const key = `${factor}|${date}`;
    let z = this.factorZ.get(key);
    if (z === undefined) {
      z = normal12(rng(hash32(`F|${key}`)));
      if (this.factorZ.size > 200_000) this.factorZ.clear();
      this.factorZ.set(key, z);
    }
    return z;
  }

  /** The gross close-to-close return of day k (close_k = close_{k-1} × r_k). */
  private grossReturn(e: UniverseEntry, k: number): number {
    const date = this.axis.dateAt(k);
    const own = normal12(rng(hash32(`R|${e.symbol}|${date}`)));
    const z = e.rho * this.factorShock(e.factor, date) + Math.sqrt(1 - e.rho * e.rho) * own;
    return 1 + e.mu / TRADING_DAYS_PER_YEAR + (e.sigma / SQRT_TRADING_DAYS) * z;
  }

  /**
   * The unrounded close of day k, in cents. A gentle pull toward the drift trend (REVERSION per
   * day, a half-life of about a year) keeps long histories near plausible levels; walking back
   * from the anchor the pull works the other way round, so both directions head for the trend.
   */
  private closeAt(w: Walk, k: number): number {
    const growth = 1 + w.entry.mu / TRADING_DAYS_PER_YEAR;
    while (k >= 0 && w.fwd.length <= k) {
      const j = w.fwd.length;
      const x = w.fwd[j - 1]! / w.fwdTrend[j - 1]!;
      w.fwd.push(w.fwd[j - 1]! * (this.grossReturn(w.entry, j) - REVERSION * (x - 1)));
      w.fwdTrend.push(w.fwdTrend[j - 1]! * growth);
    }
    while (k < 0 && w.back.length < -k) {
      const j = w.back.length; // computing day -(j + 1) from day -j
      const later = j === 0 ? w.fwd[0]! : w.back[j - 1]!;
      const laterTrend = j === 0 ? w.fwdTrend[0]! : w.backTrend[j - 1]!;
      w.back.push(later / (this.grossReturn(w.entry, -j) + REVERSION * (later / laterTrend - 1)));
      w.backTrend.push(laterTrend / growth);
    }
    return k >= 0 ? w.fwd[k]! : w.back[-k - 1]!;
  }

  private dailyBarAt(w: Walk, date: IsoDate): DailyBar {
    return this.dailyBarAtK(w, this.axis.indexOf(date), date);
  }

  /** The unshocked bar of day k (whose date is `date`). */
  private dailyBarAtK(w: Walk, k: number, date: IsoDate): DailyBar {
    const cached = w.bars.get(k);
    if (cached) return cached;
    const e = w.entry;
    const prev = this.closeAt(w, k - 1);
    const close = this.closeAt(w, k);
    const u = rng(hash32(`D|${e.symbol}|${date}`));
    const dailySigma = e.sigma / SQRT_TRADING_DAYS;
    const open = prev * (1 + dailySigma * 0.3 * normal12(u));
    const high = Math.max(open, close) * (1 + dailySigma * (0.1 + 0.5 * u()));
    const low = Math.min(open, close) * (1 - dailySigma * (0.1 + 0.5 * u()));
    const early = session(date)!.early_close;
    const volume = Math.round(e.average_volume * (0.6 + 0.8 * u()) * (early ? 0.55 : 1));
    const bar = dailyBar(date, wholeCents(open), wholeCents(high), wholeCents(low), wholeCents(close), volume);
    if (w.bars.size > 20_000) w.bars.clear();
    w.bars.set(k, bar);
    return bar;
  }

  private rawDaily(symbol: string, date: IsoDate): DailyBar {
    return this.dailyBarAt(this.walk(symbol), date);
  }

  /** The unshocked bars of days k0..k1 (k0 ≤ k1), memoized; the array is shared, never to be modified. */
  private baseRange(w: Walk, k0: number, k1: number): readonly DailyBar[] {
    const key = `${w.entry.symbol}|${k0}|${k1}`;
    let bars = this.ranges.get(key);
    if (!bars) {
      const out: DailyBar[] = new Array(k1 - k0 + 1);
      for (let k = k0; k <= k1; k++) out[k - k0] = this.dailyBarAtK(w, k, this.axis.dateAt(k));
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
      span = first > last ? null : [this.axis.indexOf(first), this.axis.indexOf(last)];
      this.spans.set(key, span);
    }
    return span;
  }

  dailyBars(symbol: string, start: IsoDate, end: IsoDate, asOf: Date, shocks: ShockSchedule = ShockSchedule.none): DailyBar[] {
    const w = this.walk(symbol);
    const span = this.span(start, end, nyDate(asOf));
    if (!span) return [];
    const k0 = span[0];
    let k1 = span[1];
    // Sessions close in date order, so only the latest ones can still be open at asOf.
    while (k1 >= k0 && session(this.axis.dateAt(k1))!.close > asOf) k1--;
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
      this.walk(symbol); // still reject unknown symbols
      return [];
    }
    const sym = this.walk(symbol).entry.symbol;
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

/** The memoized part of a quote: its book at one price. */
type Book = Pick<MarketQuote, 'bid_cents' | 'ask_cents' | 'bid_size' | 'ask_size' | 'price' | 'bid' | 'ask'>;

// Every bar handed out is built by these two (one hidden class each, so the code reading bars
// stays monomorphic) and frozen: bars are memoized and shared, so no caller may change one.
function dailyBar(date: IsoDate, open_cents: number, high_cents: number, low_cents: number, close_cents: number, volume: number): DailyBar {
  return Object.freeze({ date, open_cents, high_cents, low_cents, close_cents, volume });
}

function minuteBar(
  date: IsoDate,
  start: Date,
  minute: string,
  open_cents: number,
  close_cents: number,
  high_cents: number,
  low_cents: number,
  volume: number,
  trades: number,
  iex_volume: number,
  iex_trades: number,
): MinuteBar {
  return Object.freeze({ date, start, minute, open_cents, close_cents, high_cents, low_cents, volume, trades, iex_volume, iex_trades });
}

/** Whole cents, at least one. */
const wholeCents = (x: number): number => Math.max(1, Math.round(x));

/** The unshocked minute bars of a whole session, each frozen (they are shared by every caller). */
function sessionMinuteBars(p: SessionPath): readonly MinuteBar[] {
  const n = p.points.length - 1;
  const date = p.session.date;
  const open = p.session.open.getTime();
  const out: MinuteBar[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const o = p.points[i]!;
    const c = p.points[i + 1]!;
    out[i] = minuteBar(date, new Date(open + i * MINUTE_MS), minuteLabel(i), o, c, Math.max(o, c, p.high[i]!), Math.min(o, c, p.low[i]!), p.volume[i]!, p.trades[i]!, p.iexVolume[i]!, p.iexTrades[i]!);
  }
  return out; // handed out only as copies; not frozen (slicing a frozen array is slow)
}

const minuteLabels: string[] = [];
/** `HH:MM` of minute i after 09:30. */
export function minuteLabel(i: number): string {
  let label = minuteLabels[i];
  if (label === undefined) {
    const m = 9 * 60 + 30 + i;
    label = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    minuteLabels[i] = label;
  }
  return label;
}

/** Spread from liquidity: 1 bp for the most traded names up to 8 bp for thin ones, at least a cent. */
export function spreadBps(e: UniverseEntry): number {
  return e.average_volume >= 20e6 ? 1 : e.average_volume >= 5e6 ? 2 : e.average_volume >= 1e6 ? 4 : 8;
}

function bookAround(e: UniverseEntry, priceCents: number, seed: string) {
  const half = Math.max(1, Math.round((priceCents * spreadBps(e)) / 20_000));
  const u = rng(hash32(`Q|${seed}`));
  return {
    bid_cents: Math.max(1, priceCents - half),
    ask_cents: priceCents + half,
    bid_size: 100 * (1 + Math.floor(u() * 9)),
    ask_size: 100 * (1 + Math.floor(u() * 9)),
  };
}

/**
 * One session's minute path: a Brownian bridge through four anchors (open at the start, the
 * high and the low at seeded minutes, the close at the end), clamped to [low, high].
 */
function buildPath(e: UniverseEntry, s: Session, bar: DailyBar): SessionPath {
  const n = Math.round((s.close.getTime() - s.open.getTime()) / MINUTE_MS);
  const u = rng(hash32(`M|${e.symbol}|${s.date}`));
  const { open_cents: open, high_cents: hi, low_cents: lo, close_cents: close } = bar;
  const points = new Int32Array(n + 1);

  let tHigh = 1 + Math.floor(u() * (n - 1));
  let tLow = 1 + Math.floor(u() * (n - 2));
  if (tLow >= tHigh) tLow++;
  const anchors = [
    [0, open],
    [tHigh, hi],
    [tLow, lo],
    [n, close],
  ].sort((a, b) => a[0]! - b[0]!) as [number, number][];
  const step = Math.max(1, (hi - lo) / Math.sqrt(n)) * 0.6;
  for (let a = 0; a < anchors.length - 1; a++) {
    const [t0, v0] = anchors[a]!;
    const [t1, v1] = anchors[a + 1]!;
    const len = t1 - t0;
    const walk = new Float64Array(len + 1);
    for (let j = 1; j <= len; j++) walk[j] = walk[j - 1]! + step * normal4(u);
    for (let j = 0; j <= len; j++) {
      const x = v0 + ((v1 - v0) * j) / len + walk[j]! - (walk[len]! * j) / len;
      points[t0 + j] = Math.min(hi, Math.max(lo, Math.round(x)));
    }
    points[t0] = v0;
    points[t1] = v1;
  }

  const high = new Int32Array(n);
  const low = new Int32Array(n);
  const wiggle = Math.max(1, Math.round((open * spreadBps(e)) / 5_000));
  for (let i = 0; i < n; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    high[i] = Math.min(hi, Math.max(a, b) + Math.floor(u() * wiggle));
    low[i] = Math.max(lo, Math.min(a, b) - Math.floor(u() * wiggle));
  }

  // Volume: a U-shaped intraday profile with noise, summing exactly to the day's volume.
  const weights = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = (i - n / 2) / (n / 2);
    weights[i] = (1 + 1.5 * x * x) * (0.5 + u());
    total += weights[i]!;
  }
  const volume = new Float64Array(n);
  const trades = new Float64Array(n);
  const iexVolume = new Float64Array(n);
  const iexTrades = new Float64Array(n);
  const iexShare = 0.015 + 0.03 * u();
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    volume[i] = i === n - 1 ? bar.volume - assigned : Math.floor((bar.volume * weights[i]!) / total);
    assigned += volume[i]!;
    trades[i] = volume[i]! > 0 ? Math.max(1, Math.round(volume[i]! / 150)) : 0;
    iexVolume[i] = Math.round(volume[i]! * iexShare);
    iexTrades[i] = iexVolume[i]! > 0 ? Math.max(1, Math.round(iexVolume[i]! / 100)) : 0;
  }
  return { session: s, points, high, low, volume, trades, iexVolume, iexTrades };
}
