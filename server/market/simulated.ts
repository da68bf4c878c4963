// The simulated market: seeded random walks that give the same bars for a symbol and date on
// every machine, whenever they are asked for. Daily closes walk both ways from each symbol's
// anchor price; each session's minute path runs from its open to its close through its high and low.
//
// Determinism: randomness comes from a 32-bit hash of (symbol, date) feeding mulberry32, and
// normals are Irwin–Hall sums of uniforms, so only +, ×, ÷ and √ touch floats (IEEE-exact on every
// platform; no Math.exp/log/sin whose last bit may differ). Prices are integer cents.
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

const TRADING_DAYS_PER_YEAR = 252;
const SQRT_TRADING_DAYS = Math.sqrt(TRADING_DAYS_PER_YEAR);
const MINUTE_MS = 60_000;
const MAX_CACHED_SESSIONS = 2_000;
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
  symbol: string;
  session: Session;
  bar: DailyBar;
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
  private readonly paths = new Map<string, SessionPath>();

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
    const k = this.axis.indexOf(date);
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
    const cents = (x: number) => Math.max(1, Math.round(x));
    const bar: DailyBar = { date, open_cents: cents(open), high_cents: cents(high), low_cents: cents(low), close_cents: cents(close), volume };
    if (w.bars.size > 20_000) w.bars.clear();
    w.bars.set(k, bar);
    return bar;
  }

  private rawDaily(symbol: string, date: IsoDate): DailyBar {
    return this.dailyBarAt(this.walk(symbol), date);
  }

  dailyBars(symbol: string, start: IsoDate, end: IsoDate, asOf: Date, shocks: ShockSchedule = ShockSchedule.none): DailyBar[] {
    const w = this.walk(symbol);
    const out: DailyBar[] = [];
    const today = nyDate(asOf);
    const last = previousTradingDayOnOrBefore(today < end ? today : end);
    // The calendar starts in FIRST_YEAR; a range reaching further back simply starts there.
    const first = nextTradingDayOnOrAfter(start < EARLIEST_DATE ? EARLIEST_DATE : start);
    if (first > last) return out;
    for (let k = this.axis.indexOf(first), stop = this.axis.indexOf(last); k <= stop; k++) {
      const s = session(this.axis.dateAt(k))!;
      if (s.close > asOf) break;
      out.push(this.shockedDaily(w, s, shocks));
    }
    return out;
  }

  private shockedDaily(w: Walk, s: Session, shocks: ShockSchedule): DailyBar {
    const raw = this.dailyBarAt(w, s.date);
    const sym = w.entry.symbol;
    if (!shocks.has(sym)) return raw;
    const lastMinute = s.close.getTime() - MINUTE_MS;
    if (!shocks.changesIn(sym, s.open, lastMinute)) {
      const t = s.open.getTime();
      return {
        ...raw,
        open_cents: shocks.apply(sym, raw.open_cents, t),
        high_cents: shocks.apply(sym, raw.high_cents, t),
        low_cents: shocks.apply(sym, raw.low_cents, t),
        close_cents: shocks.apply(sym, raw.close_cents, t),
      };
    }
    // A shock inside the session: the day's bar is the envelope of its shocked minutes.
    const minutes = this.minuteBars(sym, s.date, s.close, shocks);
    return {
      ...raw,
      open_cents: minutes[0]!.open_cents,
      close_cents: minutes[minutes.length - 1]!.close_cents,
      high_cents: Math.max(...minutes.map((m) => m.high_cents)),
      low_cents: Math.min(...minutes.map((m) => m.low_cents)),
    };
  }

  // ---- minutes ----

  private path(symbol: string, date: IsoDate): SessionPath {
    const entry = lookupSymbol(symbol);
    if (!entry) throw new UnknownSymbolError(symbol);
    const key = `${entry.symbol}|${date}`;
    const hit = this.paths.get(key);
    if (hit) {
      // refresh recency for the LRU
      this.paths.delete(key);
      this.paths.set(key, hit);
      return hit;
    }
    const s = session(date);
    if (!s) throw new RangeError(`${date} is not a trading day`);
    const p = buildPath(entry, s, this.rawDaily(entry.symbol, date));
    if (this.paths.size >= MAX_CACHED_SESSIONS) this.paths.delete(this.paths.keys().next().value!);
    this.paths.set(key, p);
    return p;
  }

  minuteBars(symbol: string, date: IsoDate, asOf: Date, shocks: ShockSchedule = ShockSchedule.none): MinuteBar[] {
    const s = session(date);
    if (!s || s.open >= asOf) {
      this.walk(symbol); // still reject unknown symbols
      return [];
    }
    const p = this.path(symbol, date);
    const sym = p.symbol;
    const n = p.points.length - 1;
    const done = Math.min(n, Math.floor((asOf.getTime() - s.open.getTime()) / MINUTE_MS));
    const out: MinuteBar[] = [];
    for (let i = 0; i < done; i++) {
      const start = s.open.getTime() + i * MINUTE_MS;
      const f = (c: number) => shocks.apply(sym, c, start);
      const open = f(p.points[i]!);
      const close = f(p.points[i + 1]!);
      out.push({
        date,
        start: new Date(start),
        minute: minuteLabel(i),
        open_cents: open,
        close_cents: close,
        high_cents: Math.max(open, close, f(p.high[i]!)),
        low_cents: Math.min(open, close, f(p.low[i]!)),
        volume: p.volume[i]!,
        trades: p.trades[i]!,
        iex_volume: p.iexVolume[i]!,
        iex_trades: p.iexTrades[i]!,
      });
    }
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
    const book = bookAround(entry, priceCents, `${entry.symbol}|${sessionDate}|${seedMinute}`);
    return {
      symbol: entry.symbol,
      at,
      price_time: priceTime,
      in_session: inSession,
      session_date: sessionDate,
      price_cents: priceCents,
      ...book,
      price: centsToDecimal(priceCents),
      bid: centsToDecimal(book.bid_cents),
      ask: centsToDecimal(book.ask_cents),
    };
  }
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
  return { symbol: e.symbol, session: s, bar, points, high, low, volume, trades, iexVolume, iexTrades };
}
