// The market-data seam: what every consumer (quotes, charts, stats, the order engine, valuations)
// may ask of a price source, and the per-tenant sandbox shocks layered on top of any source.
// Prices are integer cents (`*_cents`); convert at the edge (Decimal for money, number for the wire).
import { Decimal } from '../domain/money.ts';
import type { IsoDate } from '../domain/calendar.ts';
import { Lru } from './lru.ts';
import type { UniverseEntry } from './universe.ts';

export interface DailyBar {
  date: IsoDate;
  open_cents: number;
  high_cents: number;
  low_cents: number;
  close_cents: number;
  /** Shares traded on all markets. */
  volume: number;
}

export interface MinuteBar {
  date: IsoDate;
  /** Start of the minute. */
  start: Date;
  /** `HH:MM`, New York time. */
  minute: string;
  open_cents: number;
  high_cents: number;
  low_cents: number;
  close_cents: number;
  volume: number;
  trades: number;
  /** The part of the minute traded on IEX (same prices; the simulation has one tape). */
  iex_volume: number;
  iex_trades: number;
}

/** What the order engine needs: the price in force at an instant, with a book around it. */
export interface MarketQuote {
  symbol: string;
  /** The instant asked about. */
  at: Date;
  /** When `price` was printed: the start of the running minute, or the last session's close. */
  price_time: Date;
  /** True when `at` is inside a regular session. */
  in_session: boolean;
  /** The session `price` belongs to. */
  session_date: IsoDate;
  price_cents: number;
  bid_cents: number;
  ask_cents: number;
  bid_size: number;
  ask_size: number;
  price: Decimal;
  bid: Decimal;
  ask: Decimal;
}

export interface MarketDataProvider {
  /** The universe entry, or undefined for a symbol the provider does not quote (case-insensitive). */
  asset(symbol: string): UniverseEntry | undefined;
  assets(): readonly UniverseEntry[];
  /** Daily bars of the sessions between `start` and `end` (inclusive) that had closed by `asOf`. */
  dailyBars(symbol: string, start: IsoDate, end: IsoDate, asOf: Date, shocks?: ShockSchedule): DailyBar[];
  /** The minute bars of one session that had ended by `asOf` (the whole session once it closed). */
  minuteBars(symbol: string, date: IsoDate, asOf: Date, shocks?: ShockSchedule): MinuteBar[];
  /** The price in force at `at` (never a later print) with bid/ask. Outside a session: the last close. */
  quoteAt(symbol: string, at: Date, shocks?: ShockSchedule): MarketQuote;
}

export class UnknownSymbolError extends Error {
  override name = 'UnknownSymbolError';
  constructor(readonly symbol: string) {
    super(`No such symbol: ${symbol}`);
  }
}

export interface Shock {
  symbol: string;
  /** Minute-aligned: the shock moves the whole minute that starts here and everything after. */
  effective_at: Date;
  /** Decimal string, e.g. "-20" marks the price down a fifth. */
  change_percent: string;
}

/**
 * A tenant's sandbox shocks. A price printed at t is multiplied by (1 + change_percent/100) of
 * every shock of its symbol effective at or before t, one shock at a time in effective order,
 * rounding to the cent (half-even) after each: so a shock's announced `price` is exactly what
 * quotes show afterwards.
 */
export class ShockSchedule {
  static readonly none = new ShockSchedule([]);
  private readonly bySymbol = new Map<string, ShockStep[]>();
  private readonly keys = new Map<string, string>();
  private readonly serials = new Map<string, number>();

  constructor(shocks: readonly Shock[]) {
    const sorted = [...shocks].sort((a, b) => a.effective_at.getTime() - b.effective_at.getTime());
    for (const s of sorted) {
      const list = this.bySymbol.get(s.symbol) ?? [];
      list.push(shockStep(s.effective_at.getTime(), new Decimal(1).plus(new Decimal(s.change_percent).div(100))));
      this.bySymbol.set(s.symbol, list);
    }
  }

  /** Cents as printed at `at` after the shocks in force then. */
  apply(symbol: string, cents: number, at: Date | number): number {
    const list = this.bySymbol.get(symbol);
    if (!list) return cents;
    const t = typeof at === 'number' ? at : at.getTime();
    let out = cents;
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      if (s.at > t) break;
      out = scaleCents(out, s);
    }
    return out;
  }

  /** Whether a shock of `symbol` takes effect in (from, to]. */
  changesIn(symbol: string, from: Date | number, to: Date | number): boolean {
    const a = typeof from === 'number' ? from : from.getTime();
    const b = typeof to === 'number' ? to : to.getTime();
    return (this.bySymbol.get(symbol) ?? []).some((s) => s.at > a && s.at <= b);
  }

  has(symbol: string): boolean {
    return this.bySymbol.has(symbol);
  }

  /**
   * A string naming exactly the shocks of `symbol` (effective instants and factors, in order):
   * two schedules with equal keys for a symbol move its prices alike, so results derived from
   * them may be shared. '' for a symbol without shocks.
   */
  key(symbol: string): string {
    let k = this.keys.get(symbol);
    if (k === undefined) {
      k = (this.bySymbol.get(symbol) ?? []).map((s) => `${s.at}*${s.factor.toString()}`).join(',');
      this.keys.set(symbol, k);
    }
    return k;
  }

  /**
   * A number standing for exactly the shocks of `symbol` (its `key`), the same for every
   * schedule holding equal shocks while the process remembers that key: 0 without shocks, and
   * -1 when a shock of the symbol takes effect off a minute boundary (insertShock never records
   * one), so results memoized per minute must not be shared. Numbers are never reused for
   * another key, so results memoized under one belong to these shocks only.
   */
  serial(symbol: string): number {
    let n = this.serials.get(symbol);
    if (n === undefined) {
      const list = this.bySymbol.get(symbol);
      if (!list) n = 0;
      else if (list.some((s) => s.at % MINUTE_MS !== 0)) n = -1;
      else {
        const key = this.key(symbol);
        n = keySerials.get(key)?.[0];
        if (n === undefined) {
          n = nextKeySerial++;
          keySerials.set(key, [n, key.length]);
        }
      }
      this.serials.set(symbol, n);
    }
    return n;
  }

  /** When the first shock of `symbol` takes effect (epoch ms); +Infinity when it has none. Before then `apply` is the identity. */
  firstEffectiveAt(symbol: string): number {
    return this.bySymbol.get(symbol)?.[0]?.at ?? Number.POSITIVE_INFINITY;
  }
}

const MINUTE_MS = 60_000;
/**
 * Shock keys → their serial numbers (ShockSchedule.serial) and the keys' lengths: the most
 * recently used remembered, at most 10,000 keys and 4 million characters of them.
 */
const keySerials = new Lru<string, readonly [serial: number, length: number]>(10_000, 4_000_000, (v) => v[1]);
let nextKeySerial = 1;

/**
 * One shock as applied: `factor` exactly, and where it allows, the same factor as the integer
 * ratio num / scale (scale = 10^dp), so that `scaleCents` can stay in exact integer arithmetic
 * instead of allocating Decimals on every price.
 */
interface ShockStep {
  at: number;
  factor: Decimal;
  /** factor × scale, a positive safe integer; NaN when the factor has no such form (then Decimal is used). */
  num: number;
  scale: number;
  /** The largest cents whose product with `num` stays below 2^52 (so every step of `scaleCents` is exact). */
  maxCents: number;
}

function shockStep(at: number, factor: Decimal): ShockStep {
  const dp = factor.decimalPlaces();
  if (dp <= 15 && factor.gt(0)) {
    const scale = 10 ** dp;
    const num = factor.times(scale);
    if (num.isInteger() && num.lte(Number.MAX_SAFE_INTEGER)) {
      const n = num.toNumber();
      return { at, factor, num: n, scale, maxCents: Math.floor(2 ** 52 / n) };
    }
  }
  return { at, factor, num: Number.NaN, scale: 1, maxCents: -1 };
}

/** max(1, cents × factor rounded half-even to a whole cent): exact, as Decimal computes it. */
function scaleCents(cents: number, s: ShockStep): number {
  if (Number.isInteger(cents) && cents >= 0 && cents <= s.maxCents) {
    // p = cents × num is an exact integer ≤ 2^52; q, r = p divided by scale, remainder (fixed up
    // should the float quotient have rounded across an integer).
    const p = cents * s.num;
    let q = Math.floor(p / s.scale);
    let r = p - q * s.scale;
    if (r < 0) {
      q -= 1;
      r += s.scale;
    } else if (r >= s.scale) {
      q += 1;
      r -= s.scale;
    }
    const twice = 2 * r;
    if (twice > s.scale || (twice === s.scale && q % 2 === 1)) q += 1;
    return Math.max(1, q);
  }
  return Math.max(1, new Decimal(cents).times(s.factor).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toNumber());
}

/** Cents to an exact Decimal in dollars. */
export const centsToDecimal = (cents: number): Decimal => new Decimal(cents).div(100);
/** Cents to a wire number in dollars (195.93). */
export const centsToNumber = (cents: number): number => Math.round(cents) / 100;
