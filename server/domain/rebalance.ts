// Rebalancing rules, pure: how far a managed account has drifted from its model portfolio, whether
// that drift trips the rebalancing bands, the trades that bring it back, and the cooldown between
// drift-triggered runs. No I/O; services/rebalance-plan.ts feeds it balances and quotes.
//
// Everything is measured against the account's whole value
//   V = settled cash + pending cash + Σ holdings (shares × the quote's price, as positions value them)
// split into buckets: one per asset class of the portfolio, one for "unallocated" holdings (symbols
// in none of the portfolio's classes; their target is 0), and one for cash. With the cash target
// c = (min_cash_percent + max_cash_percent) / 2 (the middle of the band), the targets are
//   cash: c / 100        class i: (1 − c / 100) × weight_i / 100        unallocated: 0
// and the actual weights are each bucket's value / V.
//
// The bands (a rebalance is due when any one holds):
//   1. total drift = ½ · Σ |actual − target| over every bucket ≥ 3%  (0.03);
//   2. one asset class (or the unallocated bucket) is off its target by ≥ 5 percentage points;
//   3. one asset class is off by ≥ 25% of its own target (|actual − target| / target ≥ 0.25).
// Cash counts in the total (1) only; its own band is [min, max] and every run aims at the middle.
import { addBusinessDays, nyDate, type IsoDate } from './calendar.ts';
import { Decimal, toShares } from './money.ts';

export const TOTAL_DRIFT_BAND = new Decimal('0.03');
export const CLASS_ABSOLUTE_BAND = new Decimal('0.05');
export const CLASS_RELATIVE_BAND = new Decimal('0.25');
/** No order below this many dollars is placed (a sell of less, a buy of less, are left out). */
export const MIN_TRADE = new Decimal('1.00');
/** A drift-triggered run may start no sooner than this many trading days after the previous run started. */
export const COOLDOWN_TRADING_DAYS = 5;

export const UNALLOCATED = 'unallocated';
export const CASH = 'cash';

/** One asset class of the portfolio, with the tickers that count toward it. */
export interface ClassTarget {
  id: string;
  /** Percent of the invested part (the portfolio's weights sum to 100). */
  weight: Decimal;
  /** The primary, then the secondaries: a position in any of them counts toward the class. */
  symbols: string[];
  /**
   * The class's own ticker, sold last within the class and named on its planned buys. The service
   * passes the primary and then sends each buy to the ticker wash-sales.ts buySymbolFor picks.
   */
  buySymbol: string;
}

export interface Holding {
  symbol: string;
  /** Every share owned (free and committed to open sells). */
  quantity: Decimal;
  /** Shares that can be sold now (not committed to an open sell). */
  free: Decimal;
  /** The quote's price: holdings are valued at it. */
  price: Decimal;
  /** The bid: sale proceeds are estimated at it. */
  bid: Decimal;
  /** True when the wash-sale rules require keeping it (a harvest's replacement): never sold. */
  mustHold: boolean;
}

export interface AccountState {
  /** Settled cash (the `cash` book): what buys can spend now. */
  cash: Decimal;
  /** Cash on its way in (unsettled deposits and sale proceeds). */
  pending: Decimal;
  holdings: Holding[];
}

export interface CashBand {
  /** Percent of the account's value. */
  min: Decimal;
  max: Decimal;
}

export interface Bucket {
  /** A class id, `unallocated` or `cash`. */
  id: string;
  value: Decimal;
  /** Fractions of the account's value. */
  actual: Decimal;
  target: Decimal;
}

export interface Measure {
  value: Decimal;
  buckets: Bucket[];
  /** ½ · Σ |actual − target|, a fraction (unrounded). */
  drift: Decimal;
}

/** The cash a run aims for, in percent: the middle of the band. */
export const targetCashPercent = (band: CashBand): Decimal => band.min.plus(band.max).div(2);

/** Which class a symbol counts toward: the first class of the portfolio (in its order) that lists it. */
export function classOfSymbol(classes: readonly ClassTarget[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of classes) for (const s of c.symbols) if (!out.has(s)) out.set(s, c.id);
  return out;
}

const holdingValue = (h: Holding) => h.quantity.times(h.price);

/** The account's buckets and total drift. An account worth nothing has no drift. */
export function measure(state: AccountState, classes: readonly ClassTarget[], band: CashBand): Measure {
  const owner = classOfSymbol(classes);
  const byClass = new Map<string, Decimal>(classes.map((c) => [c.id, new Decimal(0)]));
  let unallocated = new Decimal(0);
  for (const h of state.holdings) {
    const cls = owner.get(h.symbol);
    if (cls) byClass.set(cls, byClass.get(cls)!.plus(holdingValue(h)));
    else unallocated = unallocated.plus(holdingValue(h));
  }
  const cash = state.cash.plus(state.pending);
  const value = cash.plus(unallocated).plus([...byClass.values()].reduce((a, b) => a.plus(b), new Decimal(0)));
  const c = targetCashPercent(band).div(100);
  const invested = new Decimal(1).minus(c);
  const frac = (v: Decimal) => (value.isZero() ? new Decimal(0) : v.div(value));
  const buckets: Bucket[] = classes.map((cl) => ({
    id: cl.id, value: byClass.get(cl.id)!, actual: frac(byClass.get(cl.id)!), target: invested.times(cl.weight).div(100),
  }));
  buckets.push({ id: UNALLOCATED, value: unallocated, actual: frac(unallocated), target: new Decimal(0) });
  buckets.push({ id: CASH, value: cash, actual: frac(cash), target: c });
  const drift = value.isZero()
    ? new Decimal(0)
    : buckets.reduce((s, b) => s.plus(b.actual.minus(b.target).abs()), new Decimal(0)).div(2);
  return { value, buckets, drift };
}

/** The wire form of a drift: a fraction to 4 decimals, half-even ("0.0412" is 4.12%). */
export const driftString = (d: Decimal): string => d.toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN).toFixed(4);

const pct = (d: Decimal) => `${d.times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2)}%`;

/**
 * Why the account is due for a rebalance, or null when it is within every band. The per-class
 * rules are reported first because they name the class. Note that actual and target weights both
 * sum to 1, so the total drift equals the sum of the overweights and is never below the largest
 * single deviation: a class 5 points off always means a total drift of at least 5% as well, and it
 * is the 25%-relative rule that can trip first (for small classes: 1 point off a 4% target).
 */
export function bandBreach(m: Measure): string | null {
  if (m.value.isZero()) return null;
  for (const b of m.buckets) {
    if (b.id === CASH) continue;
    const off = b.actual.minus(b.target).abs();
    if (off.gte(CLASS_ABSOLUTE_BAND)) return `${b.id} is ${pct(off)} off its target of ${pct(b.target)} (at least ${pct(CLASS_ABSOLUTE_BAND)} absolute)`;
  }
  for (const b of m.buckets) {
    if (b.id === CASH || b.id === UNALLOCATED || b.target.isZero()) continue;
    const off = b.actual.minus(b.target).abs();
    if (off.div(b.target).gte(CLASS_RELATIVE_BAND)) {
      return `${b.id} is ${pct(off)} off its target of ${pct(b.target)} (at least ${pct(CLASS_RELATIVE_BAND)} of it)`;
    }
  }
  if (m.drift.gte(TOTAL_DRIFT_BAND)) return `total drift ${pct(m.drift)} is at least ${pct(TOTAL_DRIFT_BAND)}`;
  return null;
}

export interface PlannedSell {
  symbol: string;
  /** Shares, at most 4 decimals, rounded down, never more than the free shares. */
  quantity: Decimal;
  /** Estimated proceeds: quantity × bid, to the cent, rounded down. */
  proceeds: Decimal;
}

export interface PlannedBuy {
  classId: string;
  symbol: string;
  /** Dollars, to the cent, rounded down. */
  notional: Decimal;
}

export interface Plan {
  measure: Measure;
  sells: PlannedSell[];
  buys: PlannedBuy[];
  /** Dollars of buys left for when the sells' proceeds settle (the run's second step re-plans them). */
  deferred: Decimal;
}

const centsDown = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_DOWN);
const zero = new Decimal(0);

/**
 * The trades that bring the account back to its targets (cash at the middle of its band).
 *
 * Sells (only when `sell`): every unallocated holding in full, and from each class worth more
 * than its target by at least MIN_TRADE, the excess — first from the class's other tickers, the
 * buy ticker last; a ticker is sold whole when the excess covers it, else excess ÷ price shares
 * rounded DOWN to 4 decimals (never more than is held). Tickers the wash-sale rules keep are not
 * sold, and no sell under MIN_TRADE (at the bid) is made.
 *
 * Buys: each class below its target gets its shortfall; when the cash to spend (settled + pending
 * + the sells' estimated proceeds − the cash target) is less than the total shortfall, every
 * shortfall is scaled down by the same factor. Only settled cash can be spent now: when the buys
 * need more, each is scaled to fit and the rest (`deferred`) waits for the proceeds. Notionals are
 * rounded DOWN to the cent, so buys never spend more than the cash there is; buys under MIN_TRADE
 * are dropped.
 */
export function planRebalance(state: AccountState, classes: readonly ClassTarget[], band: CashBand, opts: { sell: boolean }): Plan {
  const m = measure(state, classes, band);
  const sells: PlannedSell[] = [];
  const owner = classOfSymbol(classes);
  const addSell = (h: Holding, quantity: Decimal) => {
    const q = Decimal.min(toShares(quantity), h.free);
    const proceeds = centsDown(q.times(h.bid));
    if (q.gt(0) && proceeds.gte(MIN_TRADE)) sells.push({ symbol: h.symbol, quantity: q, proceeds });
    return q.gt(0) && proceeds.gte(MIN_TRADE) ? q : zero;
  };
  const targetOf = new Map(m.buckets.map((b) => [b.id, b.target.times(m.value)]));
  const valueOf = new Map(m.buckets.map((b) => [b.id, b.value]));
  if (opts.sell && m.value.gt(0)) {
    for (const h of state.holdings) if (!owner.has(h.symbol) && !h.mustHold) addSell(h, h.free);
    for (const c of classes) {
      let excess = valueOf.get(c.id)!.minus(targetOf.get(c.id)!);
      if (excess.lt(MIN_TRADE)) continue;
      const held = state.holdings.filter((h) => owner.get(h.symbol) === c.id && !h.mustHold && h.free.gt(0));
      // Other tickers first (in the class's order), the ticker the class buys last.
      held.sort((a, b) => Number(a.symbol === c.buySymbol) - Number(b.symbol === c.buySymbol) || c.symbols.indexOf(a.symbol) - c.symbols.indexOf(b.symbol));
      for (const h of held) {
        if (excess.lt(MIN_TRADE)) break;
        const freeValue = h.free.times(h.price);
        const sold = addSell(h, excess.gte(freeValue) ? h.free : excess.div(h.price));
        excess = excess.minus(sold.times(h.price));
      }
    }
  }
  const proceeds = sells.reduce((s, x) => s.plus(x.proceeds), zero);
  const cashTarget = targetOf.get(CASH)!;
  const spendable = Decimal.max(zero, state.cash.plus(state.pending).plus(proceeds).minus(cashTarget));
  const shortfalls = classes
    .map((c) => ({ c, need: targetOf.get(c.id)!.minus(valueOf.get(c.id)!) }))
    .filter((x) => x.need.gt(0));
  const totalNeed = shortfalls.reduce((s, x) => s.plus(x.need), zero);
  const budget = Decimal.min(spendable, totalNeed);
  // Spend now only settled cash; the rest of the budget waits for the sells' proceeds.
  const now = Decimal.min(budget, state.cash);
  const buys: PlannedBuy[] = [];
  if (totalNeed.gt(0) && now.gt(0)) {
    for (const x of shortfalls) {
      const notional = centsDown(x.need.times(now).div(totalNeed));
      if (notional.gte(MIN_TRADE)) buys.push({ classId: x.c.id, symbol: x.c.buySymbol, notional });
    }
  }
  const spent = buys.reduce((s, b) => s.plus(b.notional), zero);
  const deferred = sells.length > 0 ? centsDown(Decimal.max(zero, budget.minus(spent))) : zero;
  return { measure: m, sells, buys, deferred };
}

/**
 * Whether a drift-triggered run may start on `now`'s trading day: only when the previous run (one
 * that placed orders) started at least COOLDOWN_TRADING_DAYS trading days before. Runs triggered by
 * cash or settings are never held back by it.
 */
export function cooldownOver(lastStartedAt: Date | null, now: Date): boolean {
  if (!lastStartedAt) return true;
  const earliest: IsoDate = addBusinessDays(nyDate(lastStartedAt), COOLDOWN_TRADING_DAYS);
  return nyDate(now) >= earliest;
}
