// Order rules, pure: what a new order reserves, when a resting order can act at a quote, how much
// of it fills and at what price, and the FIFO consumption of tax lots on a sale. No I/O.
import { Decimal, notionalQuantity, toCents, toCentsUp, toPrice, toShares, tradeCash } from './money.ts';

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop' | 'stop_limit';
export type OrderStatus = 'new' | 'accepted' | 'partially_filled' | 'filled' | 'canceled' | 'rejected' | 'expired';
export const OPEN_STATUSES: readonly OrderStatus[] = ['new', 'accepted', 'partially_filled'];
export const CLOSED_STATUSES: readonly OrderStatus[] = ['filled', 'canceled', 'rejected', 'expired'];
export const isOpenStatus = (s: OrderStatus) => OPEN_STATUSES.includes(s);

/**
 * A market or stop buy reserves the ask plus this share of it, so the price can move against it
 * between placement and a later fill; any excess goes back to cash when the order finishes.
 */
export const MARKET_BUY_BUFFER = new Decimal('0.05');

export interface Quote {
  bid: Decimal;
  ask: Decimal;
  price: Decimal;
  bid_size: number;
  ask_size: number;
}

export interface OrderTerms {
  side: OrderSide;
  type: OrderType;
  quantity: Decimal | null;
  notional: Decimal | null;
  limit_price: Decimal | null;
  stop_price: Decimal | null;
}

/** Dollars a buy reserves at placement (rounded up to the cent): the notional, or quantity × the worst price expected. */
export function buyReservation(o: OrderTerms, q: Quote): Decimal {
  if (o.notional) return o.notional;
  const qty = o.quantity!;
  if (o.type === 'limit' || o.type === 'stop_limit') return toCentsUp(qty.times(o.limit_price!));
  const worst = Decimal.max(q.ask, o.stop_price ?? 0).times(new Decimal(1).plus(MARKET_BUY_BUFFER));
  return toCentsUp(qty.times(worst));
}

/** Whether a stop has triggered at this quote: buys when the price reaches the stop from below, sells from above. */
export const stopTriggered = (side: OrderSide, stop: Decimal, q: Quote): boolean =>
  side === 'buy' ? q.price.gte(stop) : q.price.lte(stop);

export interface WorkingOrder {
  side: OrderSide;
  type: OrderType;
  limit_price: Decimal | null;
  stop_price: Decimal | null;
  triggered: boolean;
}

const isStop = (t: OrderType) => t === 'stop' || t === 'stop_limit';

/**
 * What a working order does at a quote: whether its stop triggers now, and the price it fills at
 * (null when it cannot fill). A triggered stop works as a market order, a stop-limit as a limit.
 */
export function actionAt(o: WorkingOrder, q: Quote): { triggers: boolean; price: Decimal | null } {
  const triggers = isStop(o.type) && !o.triggered && stopTriggered(o.side, o.stop_price!, q);
  const working = !isStop(o.type) || o.triggered || triggers;
  const limit = o.type === 'limit' || o.type === 'stop_limit' ? o.limit_price : null;
  return { triggers, price: working ? fillPrice(o.side, limit, q) : null };
}

export const acts = (o: WorkingOrder, q: Quote): boolean => {
  const a = actionAt(o, q);
  return a.triggers || a.price !== null;
};

/** The price a working order fills at against this quote, or null when it cannot fill now. */
export function fillPrice(side: OrderSide, limit: Decimal | null, q: Quote): Decimal | null {
  const px = side === 'buy' ? q.ask : q.bid;
  if (limit === null) return px;
  return side === 'buy' ? (px.lte(limit) ? px : null) : (px.gte(limit) ? px : null);
}

export interface FillPlan {
  quantity: Decimal;
  price: Decimal;
  /** The fill's cash: quantity × price to the cent, against the customer (money.ts tradeCash). */
  value: Decimal;
  /** Whether this fill completes the order (the displayed size did not cut it short). */
  complete: boolean;
}

/**
 * One fill against the displayed size: at most `size` shares of the `remaining` quantity, or for
 * a notional buy (remaining quantity null) the shares `notionalLeft` buys at the price.
 */
export function planFill(side: OrderSide, remaining: Decimal | null, notionalLeft: Decimal | null, price: Decimal, size: number): FillPlan | null {
  const fill = toPrice(price);
  const want = remaining ?? notionalQuantity(notionalLeft!, fill);
  const quantity = Decimal.min(want, new Decimal(size));
  if (quantity.lte(0)) return null;
  // Truncating the quantity keeps a notional buy's cash within its notional even rounded up (the
  // notional is whole cents); the cap only restates that.
  const value = notionalLeft ? Decimal.min(tradeCash(side, quantity, fill), notionalLeft) : tradeCash(side, quantity, fill);
  return { quantity, price: fill, value, complete: quantity.eq(want) };
}

export interface OpenLot {
  id: string;
  quantity: Decimal;
  cost_basis: Decimal;
}

export interface LotSale {
  lot_id: string;
  quantity: Decimal;
  /** Basis taken out of the lot (pro rata, to the cent; the last share takes what is left). */
  cost_basis: Decimal;
  proceeds: Decimal;
  realized_gain: Decimal;
}

/** Consumes lots oldest first for a sale of `quantity` worth `proceeds`; proceeds split pro rata by shares. */
export function consumeLotsFifo(lots: readonly OpenLot[], quantity: Decimal, proceeds: Decimal): LotSale[] {
  const out: LotSale[] = [];
  let left = quantity;
  let proceedsLeft = proceeds;
  for (const lot of lots) {
    if (left.lte(0)) break;
    const take = Decimal.min(lot.quantity, left);
    const basis = take.eq(lot.quantity) ? lot.cost_basis : toCents(lot.cost_basis.times(take).div(lot.quantity));
    left = left.minus(take);
    const part = left.lte(0) ? proceedsLeft : toCents(proceeds.times(take).div(quantity));
    proceedsLeft = proceedsLeft.minus(part);
    out.push({ lot_id: lot.id, quantity: take, cost_basis: basis, proceeds: part, realized_gain: part.minus(basis) });
  }
  if (left.gt(0)) throw new RangeError(`lots hold ${quantity.minus(left).toFixed()} shares, not ${quantity.toFixed()}`);
  return out;
}
