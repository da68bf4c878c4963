// Wash-sale and tax-loss-harvesting rules, pure (IRS Publication 550, "Wash Sales").
//
// - Dates are New York trade dates (IsoDate). A loss sale on day D opens a window that ends on
//   D + 30 calendar days: buying the same symbol on any day D..D+30 is a wash sale; D+31 is not.
//   Buying on one of the 30 days *before* the sale counts too (the 61-day period of Pub 550).
// - "Substantially identical" is the same symbol. Different ETFs of one asset class (VTI and SCHB
//   track different indexes) are treated as not substantially identical, as robo-advisors do.
// - A wash sale disallows the loss on as many shares as were bought in the window (Pub 550: "only
//   the loss on the proportionate number of shares"); the disallowed loss is added to the basis of
//   the replacement shares.
// - Harvest threshold: a lot is harvested when, valued at the current bid, it is at least 5% below
//   its cost basis; an account's lots of one symbol are harvested together when those losses add
//   up to at least $25.00.
// - Selling the very shares that were bought is not a wash sale: only *other* shares of the symbol
//   acquired within 30 days before (or after) the loss sale, still held, are replacements. So a
//   harvest sells, together with the lots at a loss, every lot of the symbol still held that was
//   bought within the last 30 days (at a loss or not): none is left to replace the loss, and the
//   30-day block on buying the symbol back covers the days after.
//
// Rounding (money.ts): market values are quantity × price to the cent, half-even (as fills are);
// a disallowed loss is the sale's remaining loss × matched / remaining shares, to the cent,
// half-even, and the match that uses up the sale's last shares takes the exact remainder, so the
// parts always add up to the whole loss.
import { TZDate } from '@date-fns/tz';
import { addCalendarDays, MARKET_TIME_ZONE, session, type IsoDate } from './calendar.ts';
import { Decimal, toCents } from './money.ts';

export const WASH_SALE_WINDOW_DAYS = 30;
/** A lot qualifies when it is down at least this fraction of its basis. */
export const HARVEST_MIN_LOSS_FRACTION = new Decimal('0.05');
/** An account's qualifying lots of one symbol are sold when their losses add up to at least this. */
export const HARVEST_MIN_LOSS = new Decimal('25.00');
/** The daily scan runs this many minutes after each session's close (16:15, or 13:15 on early closes). */
export const SCAN_MINUTES_AFTER_CLOSE = 15;

/** The last day of the window a loss sale on `saleDate` opens; buying back is fine from the day after. */
export const washSaleWindowEnds = (saleDate: IsoDate): IsoDate => addCalendarDays(saleDate, WASH_SALE_WINDOW_DAYS);

/** Whether a purchase on `buyDate` falls within 30 days before or after a sale on `saleDate`. */
export function inWashSalePeriod(saleDate: IsoDate, buyDate: IsoDate): boolean {
  return buyDate >= addCalendarDays(saleDate, -WASH_SALE_WINDOW_DAYS) && buyDate <= washSaleWindowEnds(saleDate);
}

/** Whether a symbol sold at a loss on `lossSaleDate` may not be bought on `today`. */
export const buyBlocked = (lossSaleDate: IsoDate, today: IsoDate): boolean => today >= lossSaleDate && today <= washSaleWindowEnds(lossSaleDate);

/**
 * The first trade date whose purchases count as "bought within the last 30 days" on `today`
 * (a loss sale then would wash against those still held, so a harvest sells them too): today − 30.
 */
export const recentBuysSince = (today: IsoDate): IsoDate => addCalendarDays(today, -WASH_SALE_WINDOW_DAYS);

/** The instant of the daily harvesting scan on a trading day, or null when the market is closed that day. */
export function harvestScanAt(date: IsoDate): Date | null {
  const s = session(date);
  return s ? new Date(s.close.getTime() + SCAN_MINUTES_AFTER_CLOSE * 60_000) : null;
}

export interface HarvestLot {
  id: string;
  quantity: Decimal;
  cost_basis: Decimal;
  /** Bought within the last 30 days: sold with the harvest whatever its gain, so it replaces nothing. */
  recent?: boolean;
}

export interface HarvestPick {
  lots: HarvestLot[];
  quantity: Decimal;
  cost_basis: Decimal;
  /** The lots' value at the bid, each to the cent. */
  value: Decimal;
  /** value − cost_basis: negative. */
  loss: Decimal;
}

/** A lot's value at `bid` (to the cent, half-even) and its gain (negative: a loss). */
export function lotValue(lot: HarvestLot, bid: Decimal): { value: Decimal; gain: Decimal } {
  const value = toCents(lot.quantity.times(bid));
  return { value, gain: value.minus(lot.cost_basis) };
}

/** Whether a lot is down at least 5% of its basis at `bid`. */
export function lotQualifies(lot: HarvestLot, bid: Decimal): boolean {
  const { gain } = lotValue(lot, bid);
  return gain.lt(0) && gain.neg().gte(lot.cost_basis.times(HARVEST_MIN_LOSS_FRACTION));
}

/**
 * The lots a harvest sells at `bid`: those down at least 5%, plus every recent lot (bought within
 * the last 30 days) still held, so that no other shares bought in the window remain to replace the
 * loss. Null when no lot is down 5%, or when the sale's net loss (recent lots at a gain reduce it)
 * is less than $25.00.
 */
export function pickHarvestLots(lots: readonly HarvestLot[], bid: Decimal): HarvestPick | null {
  const held = lots.filter((l) => l.quantity.gt(0));
  if (!held.some((l) => lotQualifies(l, bid))) return null;
  const picked = held.filter((l) => l.recent === true || lotQualifies(l, bid));
  const sum = (f: (l: HarvestLot) => Decimal) => picked.reduce((a, l) => a.plus(f(l)), new Decimal(0));
  const value = sum((l) => lotValue(l, bid).value);
  const costBasis = sum((l) => l.cost_basis);
  const loss = value.minus(costBasis);
  if (loss.neg().lt(HARVEST_MIN_LOSS)) return null;
  return { lots: picked, quantity: sum((l) => l.quantity), cost_basis: costBasis, value, loss };
}

export interface ClassSymbols {
  primary: string;
  secondary: readonly string[];
}

/**
 * What a harvest of `sold` buys instead: for the primary, the first secondary not blocked; for a
 * secondary, the primary when it is not blocked (that is also a swap back), else the next
 * secondary not blocked. Null when every candidate is in a wash-sale window.
 */
export function replacementFor(cls: ClassSymbols, sold: string, blocked: ReadonlySet<string>): string | null {
  const order = sold === cls.primary ? cls.secondary : [cls.primary, ...cls.secondary];
  return order.find((s) => s !== sold && !blocked.has(s)) ?? null;
}

/**
 * The ticker a managed account buys for a class: the replacement it holds from a harvest whose
 * window is still open (so new money joins it), else the primary, else the first secondary not
 * blocked. When everything is blocked, the primary (the wash sale is then recorded).
 */
export function buySymbol(cls: ClassSymbols, blocked: ReadonlySet<string>, heldReplacement: string | null): string {
  if (heldReplacement && !blocked.has(heldReplacement)) return heldReplacement;
  if (!blocked.has(cls.primary)) return cls.primary;
  return cls.secondary.find((s) => !blocked.has(s)) ?? cls.primary;
}

/** A loss sale as far as it is still unmatched by replacement purchases. */
export interface OpenLoss {
  id: string;
  /** Shares sold at the loss. */
  quantity: Decimal;
  /** The loss, positive (−realized_gain). */
  loss: Decimal;
  /** Shares already matched with replacements, and the loss already disallowed. */
  matched_quantity: Decimal;
  disallowed: Decimal;
}

export interface Replacement {
  id: string;
  /** Shares of the lot not yet used as the replacement of another loss. */
  capacity: Decimal;
}

export interface WashMatch {
  loss_id: string;
  lot_id: string;
  quantity: Decimal;
  /** Added to the replacement lot's basis; positive. */
  disallowed: Decimal;
}

/**
 * Pairs loss sales with replacement lots, both in the order given (oldest first), share for
 * share, and computes the loss each pair disallows.
 */
export function matchWashSales(losses: readonly OpenLoss[], replacements: readonly Replacement[]): WashMatch[] {
  const out: WashMatch[] = [];
  const capacity = replacements.map((r) => r.capacity);
  for (const l of losses) {
    let leftQty = l.quantity.minus(l.matched_quantity);
    let leftLoss = l.loss.minus(l.disallowed);
    for (let i = 0; i < replacements.length && leftQty.gt(0); i++) {
      const take = Decimal.min(leftQty, capacity[i]!);
      if (take.lte(0)) continue;
      const disallowed = take.eq(leftQty) ? leftLoss : toCents(leftLoss.times(take).div(leftQty));
      out.push({ loss_id: l.id, lot_id: replacements[i]!.id, quantity: take, disallowed });
      capacity[i] = capacity[i]!.minus(take);
      leftQty = leftQty.minus(take);
      leftLoss = leftLoss.minus(disallowed);
    }
  }
  return out;
}

/** A lot's disallowed loss after part of it is sold: scaled to the shares left, to the cent. */
export const remainingDisallowed = (disallowed: Decimal, before: Decimal, after: Decimal): Decimal =>
  after.isZero() ? new Decimal(0) : toCents(disallowed.times(after).div(before));

/** The instant a New York calendar day starts (midnight, whatever the DST offset that day). */
export function nyDayStart(date: IsoDate): Date {
  return new Date(new TZDate(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), 0, 0, 0, MARKET_TIME_ZONE).getTime());
}
