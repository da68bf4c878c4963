// Each symbol's daily walk in the simulated market: seeded closes walking both ways from the
// anchor price (pulled gently toward the drift trend), and the unshocked daily bar of any day.
import { type IsoDate, session } from '../domain/calendar.ts';
import { dailyBar, wholeCents } from './bars.ts';
import { DayAxis } from './day-axis.ts';
import { UnknownSymbolError, type DailyBar } from './provider.ts';
import { hash32, normal12, rng } from './seeded-random.ts';
import { lookupSymbol, type MarketFactor, type UniverseEntry } from './universe.ts';

const TRADING_DAYS_PER_YEAR = 252;
const SQRT_TRADING_DAYS = Math.sqrt(TRADING_DAYS_PER_YEAR);
const REVERSION = 0.002;

export interface Walk {
  entry: UniverseEntry;
  /** Unrounded closes: fwd[k] for k ≥ 0, back[j] for day -(j + 1). */
  fwd: number[];
  back: number[];
  /** The drift trend the walk is pulled toward, indexed like fwd/back. */
  fwdTrend: number[];
  backTrend: number[];
  bars: Map<number, DailyBar>;
}

/** The walks of every symbol asked for, on one shared day axis. */
export class DailyWalks {
  readonly axis = new DayAxis();
  private readonly walks = new Map<string, Walk>();
  private readonly factorZ = new Map<string, number>();

  walk(symbol: string): Walk {
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

  dailyBarAt(w: Walk, date: IsoDate): DailyBar {
    return this.dailyBarAtK(w, this.axis.indexOf(date), date);
  }

  /** The unshocked bar of day k (whose date is `date`). */
  dailyBarAtK(w: Walk, k: number, date: IsoDate): DailyBar {
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
}
