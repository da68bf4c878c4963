// In-transaction listeners that let the managed-investing modules (rebalancing, tax-loss
// harvesting, dividends, withdrawal liquidation) react to money and order events without the
// order engine and the transfers knowing about them. Every listener runs inside the caller's
// transaction, with the account row already locked, and may write; an error rolls the whole
// change back. Listeners run in registration order; registering the same function twice is a no-op.
import type { Queryable } from '../db/db.ts';
import type { Decimal } from '../domain/money.ts';
import type { OrderRow } from './orders.ts';

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

type CashListener = (tx: Queryable, e: CashSettled, now: Date) => Promise<void>;
type FillListener = (tx: Queryable, f: OrderFill, now: Date) => Promise<void>;
/** An order reached a terminal status: filled, canceled, expired or rejected. */
type FinishListener = (tx: Queryable, order: OrderRow, now: Date, placing?: Placing) => Promise<void>;

const cash: CashListener[] = [];
const fills: FillListener[] = [];
const finishes: FinishListener[] = [];

const add = <T>(list: T[], f: T) => { if (!list.includes(f)) list.push(f); };

export const onCashSettled = (f: CashListener) => add(cash, f);
export const onOrderFill = (f: FillListener) => add(fills, f);
export const onOrderFinished = (f: FinishListener) => add(finishes, f);

export async function cashSettled(tx: Queryable, e: CashSettled, now: Date): Promise<void> {
  for (const f of cash) await f(tx, e, now);
}
export async function orderFilled(tx: Queryable, fill: OrderFill, now: Date): Promise<void> {
  for (const f of fills) await f(tx, fill, now);
}
export async function orderFinished(tx: Queryable, order: OrderRow, now: Date, placing?: Placing): Promise<void> {
  for (const f of finishes) await f(tx, order, now, placing);
}
