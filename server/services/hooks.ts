// The in-transaction listeners that let the managed-investing modules (rebalancing, tax-loss
// harvesting, dividends, withdrawal liquidation) react to money and order events without the
// order engine and the transfers knowing about them. The composition root (server/wiring.ts)
// builds one Listeners value; whatever emits an event is handed it. Every listener runs inside
// the caller's transaction, with the account row already locked, and may write; an error rolls
// the whole change back. Listeners run in list order.
import type { Queryable } from '../db/db.ts';
import type { Decimal } from '../domain/money.ts';
import type { OrderRow } from './order-rows.ts';

/** Why settled cash arrived: an ACH deposit, a sale's T+1 settlement, a dividend payment. */
export type CashSource = 'deposit' | 'sale' | 'dividend';

export interface CashSettled {
  tenantId: string;
  accountId: string;
  source: CashSource;
  amount: Decimal;
  /** The deposit, the sold order, or the dividend payment that brought the cash. */
  refId: string;
}

export interface OrderFill {
  /** The order after the fill was applied. */
  order: OrderRow;
  quantity: Decimal;
  price: Decimal;
  /** The fill's dollars, to the cent. */
  value: Decimal;
  /** For a buy, the tax lot the fill opened; for a sell, the lots it consumed. */
  lotIds: string[];
  /** Set when the order fills as it is placed (see Placing). */
  placing?: Placing;
}

/**
 * An order's fill or finish that happens as the order is placed (placeOrder's immediate fill).
 * Until placement returns, no harvest, rebalancing run or withdrawal liquidation has recorded the
 * order, so listeners that look it up there can skip the lookup; and this is the order's account
 * as placement read it under the lock.
 */
export interface Placing {
  managed: boolean;
  account_type: 'cash' | 'investment';
}

/**
 * Each listener is handed the listeners too: one that places an order or settles cash (a
 * harvest's replacement buy, a rebalancing run's next step) emits through the same list.
 */
export type CashListener = (tx: Queryable, e: CashSettled, now: Date, on: Listeners) => Promise<void>;
export type FillListener = (tx: Queryable, f: OrderFill, now: Date, on: Listeners) => Promise<void>;
/** An order reached a terminal status: filled, canceled, expired or rejected. */
export type FinishListener = (tx: Queryable, order: OrderRow, now: Date, placing: Placing | undefined, on: Listeners) => Promise<void>;

/** Who hears money and order events, in the order they hear them. */
export interface Listeners {
  readonly cashSettled: readonly CashListener[];
  readonly orderFilled: readonly FillListener[];
  readonly orderFinished: readonly FinishListener[];
}

export async function cashSettled(on: Listeners, tx: Queryable, e: CashSettled, now: Date): Promise<void> {
  for (const f of on.cashSettled) await f(tx, e, now, on);
}
export async function orderFilled(on: Listeners, tx: Queryable, fill: OrderFill, now: Date): Promise<void> {
  for (const f of on.orderFilled) await f(tx, fill, now, on);
}
export async function orderFinished(on: Listeners, tx: Queryable, order: OrderRow, now: Date, placing?: Placing): Promise<void> {
  for (const f of on.orderFinished) await f(tx, order, now, placing, on);
}
