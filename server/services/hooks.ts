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
}

type CashListener = (tx: Queryable, e: CashSettled, now: Date) => Promise<void>;
type FillListener = (tx: Queryable, f: OrderFill, now: Date) => Promise<void>;
/** An order reached a terminal status: filled, canceled, expired or rejected. */
type FinishListener = (tx: Queryable, order: OrderRow, now: Date) => Promise<void>;

const cash: CashListener[] = [];
const fills: FillListener[] = [];
const finishes: FinishListener[] = [];

const add = <T>(list: T[], f: T) => { if (!list.includes(f)) list.push(f); };

export const onCashSettled = (f: CashListener) => add(cash, f);
export const onOrderFill = (f: FillListener) => add(fills, f);
export const onOrderFinished = (f: FinishListener) => add(finishes, f);

/** What placement read of an order's account under its lock, for listeners that need it. */
export interface PlacingAccount {
  managed: boolean;
  account_type: 'cash' | 'investment';
}

/**
 * Orders being placed right now in this process (placeOrder's immediate fill), with their
 * account. Until placeOrder returns, an order's id is stored nowhere but in its own rows: harvests,
 * rebalancing runs and withdrawal liquidations record the orders they place only afterwards. So
 * a listener that looks an order up in those tables can skip the lookup while it is here, and one
 * that needs the account's kind can take it from here instead of reading it again.
 */
const placing = new Map<string, PlacingAccount>();

/** Runs placement's work on a new order with the order registered as being placed. */
export async function whilePlacing<T>(orderId: string, account: PlacingAccount, work: () => Promise<T>): Promise<T> {
  placing.set(orderId, account);
  try {
    return await work();
  } finally {
    placing.delete(orderId);
  }
}

/** The account of an order being placed right now, or undefined for any other order. */
export const placingAccount = (orderId: string): PlacingAccount | undefined => placing.get(orderId);

export async function cashSettled(tx: Queryable, e: CashSettled, now: Date): Promise<void> {
  for (const f of cash) await f(tx, e, now);
}
export async function orderFilled(tx: Queryable, fill: OrderFill, now: Date): Promise<void> {
  for (const f of fills) await f(tx, fill, now);
}
export async function orderFinished(tx: Queryable, order: OrderRow, now: Date): Promise<void> {
  for (const f of finishes) await f(tx, order, now);
}
