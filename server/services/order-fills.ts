// The order engine's money steps on an open order (the caller holds the account lock): work it
// against a quote, fill it (trade journal, tax lots, settlement of a sale's proceeds), finish it
// (canceled, expired, rejected), and settle a sale's proceeds T+1.
import { uuidv7 } from '../random.ts';
import type { Queryable } from '../db/db.ts';
import { nyDate, nyInstant, OPEN_HH_MM, settlementDate } from '../domain/calendar.ts';
import { accountBook, move, systemBook, USD, type JournalKind, type Posting } from '../domain/ledger.ts';
import { Decimal, priceString, quantityString } from '../domain/money.ts';
import { actionAt, consumeLotsFifo, isOpenStatus, planFill, type OrderStatus, type Quote, type WorkingOrder } from '../domain/orders.ts';
import { assetId } from '../market/universe.ts';
import { lockAccount } from './accounts.ts';
import { cashSettled, orderFilled, orderFinished, type Listeners, type Placing } from './hooks.ts';
import type { OrderRow } from './order-rows.ts';
import { emitOrder } from './order-views.ts';
import { bookBalance, postJournal, postJournalWith, refusal, UNLESS_REFUSED, type NewJournal } from './ledger.ts';

// Journal kinds of the order engine (the DB accepts any snake_case kind; domain/ledger.ts lists ACH's).
const RELEASE: JournalKind = 'order_release';
const TRADE: JournalKind = 'trade';

export const cashAt = (accountId: string, book: 'cash' | 'cash_held' | 'cash_pending') => accountBook(accountId, book);
const market = systemBook('market');

export const workingOf = (r: OrderRow): WorkingOrder => ({
  side: r.side,
  type: r.type,
  limit_price: r.limit_price === null ? null : new Decimal(r.limit_price),
  stop_price: r.stop_price === null ? null : new Decimal(r.stop_price),
  triggered: r.triggered_at !== null,
});

/**
 * Works an open order against a quote (the caller holds the account lock): triggers its stop,
 * fills what the quote allows, and records that the engine looked at it at `now`.
 */
/** `placing` when the order is being placed (placeOrder): the hooks it fires say so. */
export async function workOrder(tx: Queryable, on: Listeners, r: OrderRow, q: Quote, now: Date, placing?: Placing): Promise<OrderRow> {
  if (!isOpenStatus(r.status)) return r;
  const a = actionAt(workingOf(r), q);
  // An order already worked at `now` (one just placed) has nothing to record unless it triggers.
  const row = a.triggers || r.worked_at.getTime() !== now.getTime() ? await markWorked(tx, r, a.triggers, now) : r;
  return a.price ? fillOrder(tx, on, row, q, a.price, now, placing) : row;
}

/** Records that the engine looked at the order at `now` (and that its stop triggered then). */
async function markWorked(tx: Queryable, r: OrderRow, triggers: boolean, now: Date): Promise<OrderRow> {
  const { rows } = await tx.query<OrderRow>(
    `UPDATE orders SET worked_at = $3, triggered_at = CASE WHEN $4::boolean THEN $3 ELSE triggered_at END,
       updated_at = CASE WHEN $4::boolean THEN $3 ELSE updated_at END WHERE tenant_id = $1 AND id = $2
     RETURNING *`,
    [r.tenant_id, r.id, now, triggers]);
  return rows[0]!;
}

/** What the quote lets an open order fill at `price` now, or null when nothing. */
export function fillPlanOf(r: OrderRow, q: Quote, price: Decimal) {
  const filledQty = new Decimal(r.filled_quantity);
  const remaining = r.quantity === null ? null : new Decimal(r.quantity).minus(filledQty);
  const notionalLeft = r.notional === null ? null : new Decimal(r.notional).minus(r.filled_value);
  const size = r.side === 'buy' ? q.ask_size : q.bid_size;
  return planFill(r.side, remaining, notionalLeft, price, size);
}
export type FillPlan = NonNullable<ReturnType<typeof fillPlanOf>>;

/** A fill's trade journal and what it leaves the order; a buy's new tax lot id is drawn after the journal's id. */
export function tradeOf(r: OrderRow, plan: FillPlan, now: Date): { journal: NewJournal; fill: FillRecord } {
  const done = plan.complete;
  const reserved = new Decimal(r.reserved);
  const postings: Posting[] = [];
  let reservedAfter: Decimal;
  if (r.side === 'buy') {
    const fromHeld = Decimal.min(plan.value, reserved);
    if (fromHeld.gt(0)) postings.push(...move(cashAt(r.account_id, 'cash_held'), market, USD, fromHeld));
    if (plan.value.gt(fromHeld)) postings.push(...move(cashAt(r.account_id, 'cash'), market, USD, plan.value.minus(fromHeld)));
    postings.push(...move(market, accountBook(r.account_id, 'securities'), r.symbol, plan.quantity));
    reservedAfter = reserved.minus(fromHeld);
    if (done && reservedAfter.gt(0)) postings.push(...move(cashAt(r.account_id, 'cash_held'), cashAt(r.account_id, 'cash'), USD, reservedAfter));
    if (done) reservedAfter = new Decimal(0);
  } else {
    postings.push(...move(accountBook(r.account_id, 'securities_held'), market, r.symbol, plan.quantity));
    if (plan.value.gt(0)) postings.push(...move(market, cashAt(r.account_id, 'cash_pending'), USD, plan.value));
    reservedAfter = reserved.minus(plan.quantity);
  }
  const verb = r.side === 'buy' ? 'Bought' : 'Sold';
  const journal: NewJournal = {
    id: uuidv7(), tenantId: r.tenant_id, accountId: r.account_id, kind: TRADE, refType: 'order', refId: r.id, postings, now,
    entry: {
      type: 'trade', amount: r.side === 'buy' ? plan.value.neg() : plan.value,
      description: `${verb} ${quantityString(plan.quantity)} ${r.symbol} at ${priceString(plan.price)}`,
    },
  };
  // A buy opens one tax lot; a sell consumes lots (fillOrder's part).
  const newLot = r.side === 'buy' ? uuidv7() : null;
  const status: OrderStatus = done ? 'filled' : 'partially_filled';
  return { journal, fill: { quantity: plan.quantity, price: plan.price, value: plan.value, newLot, reservedAfter, status } };
}

/**
 * Fills as much of an open order as the quote allows (the caller holds the account lock), or
 * nothing when the order cannot fill at this quote. Returns the order as it is afterwards.
 */
async function fillOrder(tx: Queryable, on: Listeners, r: OrderRow, q: Quote, price: Decimal, now: Date, placing?: Placing): Promise<OrderRow> {
  const plan = fillPlanOf(r, q, price);
  if (!plan) return r;
  const reserved = new Decimal(r.reserved);
  if (r.side === 'buy' && plan.value.gt(reserved)) {
    // The price moved past the reservation (a market remainder or a triggered stop days later):
    // the difference comes from cash, and an order the account cannot pay for is rejected.
    const cash = await bookBalance(tx, r.tenant_id, r.account_id, 'cash');
    if (plan.value.minus(reserved).gt(cash)) return (await finishOrder(tx, on, r, 'rejected', now, placing))!;
  }
  const { journal, fill } = tradeOf(r, plan, now);
  // A sell consumes lots, and its proceeds settle T+1.
  const lotIds = fill.newLot ? [fill.newLot] : await sellLots(tx, r, plan.quantity, plan.value, now);
  if (r.side === 'sell' && plan.value.gt(0)) await scheduleSettlement(tx, r, plan.value, now);
  const after = await recordFill(tx, r, journal, fill, now);
  if (fill.status !== r.status || plan.complete) await emitOrder(tx, after, r.status, now);
  await orderFilled(on, tx, { order: after, quantity: plan.quantity, price: plan.price, value: plan.value, lotIds, ...(placing ? { placing } : {}) }, now);
  if (plan.complete) await orderFinished(on, tx, after, now, placing);
  return after;
}

export interface FillRecord {
  quantity: Decimal;
  price: Decimal;
  value: Decimal;
  /** The id of the tax lot a buy's fill opens; null for a sell. */
  newLot: string | null;
  reservedAfter: Decimal;
  status: OrderStatus;
}

/**
 * Writes a fill in one statement: its trade journal, its trade_fills row, a buy's new tax lot,
 * and the order's totals; answers the order after it. A journal the books refuse is a 402
 * naming `amount`, as postJournal's.
 */
async function recordFill(tx: Queryable, r: OrderRow, journal: NewJournal, f: FillRecord, now: Date): Promise<OrderRow> {
  const written = await postJournalWith<OrderRow>(tx, journal, {
    ctes: `fill AS (
       -- The fill behind the trade journal (the transactions list shows its symbol, quantity and price).
       INSERT INTO trade_fills (tenant_id, journal_id, order_id, symbol, side, quantity, price, value, created_at)
       SELECT $1::uuid, $3::uuid, $2::uuid, $4::text, $5::text, $6::numeric, $7::numeric, $8::numeric, $9::timestamptz
        WHERE ${UNLESS_REFUSED}
     ), lot AS (
       -- A buy's fill opens a tax lot: its shares at the fill's price, its cost the fill's value.
       INSERT INTO tax_lots (tenant_id, id, account_id, symbol, asset_id, order_id, quantity, original_quantity, price, cost_basis, acquired_at)
       SELECT $1::uuid, $10::uuid, $11::uuid, $4::text, $12::uuid, $2::uuid, $6::numeric, $6::numeric, $7::numeric, $8::numeric, $9::timestamptz
        WHERE $10::uuid IS NOT NULL AND ${UNLESS_REFUSED}
     ), filled AS (
       UPDATE orders SET filled_quantity = filled_quantity + $6::numeric, filled_value = filled_value + $8::numeric,
              filled_gross = filled_gross + $6::numeric * $7::numeric,
              reserved = $13::numeric, status = $14::text, filled_at = $15::timestamptz, updated_at = $9::timestamptz
        WHERE tenant_id = $1::uuid AND id = $2::uuid AND ${UNLESS_REFUSED}
       RETURNING *
     )`,
    answer: 'filled',
    params: [r.tenant_id, r.id, journal.id, r.symbol, r.side, f.quantity.toFixed(), f.price.toFixed(), f.value.toFixed(2), now,
      f.newLot, r.account_id, assetId(r.symbol), f.reservedAfter.toFixed(), f.status, f.status === 'filled' ? now : null],
  });
  if ('overdrawn' in written) throw refusal(written.overdrawn);
  return written.row;
}

/**
 * The order's preferred lots first (in its lot_ids order), then FIFO: the oldest lots go first.
 * Each lot sale records its realized gain. Returns the lots consumed.
 */
async function sellLots(tx: Queryable, r: OrderRow, quantity: Decimal, proceeds: Decimal, now: Date): Promise<string[]> {
  const { rows } = await tx.query<{ id: string; quantity: string; cost_basis: string }>(
    `SELECT id, quantity, cost_basis FROM tax_lots WHERE tenant_id = $1 AND account_id = $2 AND symbol = $3 AND quantity > 0
      ORDER BY array_position($4::uuid[], id) NULLS LAST, acquired_at, id`, [r.tenant_id, r.account_id, r.symbol, r.lot_ids ?? []]);
  const sales = consumeLotsFifo(rows.map((l) => ({ id: l.id, quantity: new Decimal(l.quantity), cost_basis: new Decimal(l.cost_basis) })), quantity, proceeds);
  for (const s of sales) {
    await tx.query(
      'UPDATE tax_lots SET quantity = quantity - $3::numeric, cost_basis = cost_basis - $4::numeric WHERE tenant_id = $1 AND id = $2',
      [r.tenant_id, s.lot_id, s.quantity.toFixed(), s.cost_basis.toFixed(2)]);
    await tx.query(
      `INSERT INTO lot_sales (tenant_id, id, lot_id, order_id, quantity, proceeds, cost_basis, realized_gain, sold_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [r.tenant_id, uuidv7(), s.lot_id, r.id, s.quantity.toFixed(), s.proceeds.toFixed(2), s.cost_basis.toFixed(2), s.realized_gain.toFixed(2), now]);
  }
  return sales.map((s) => s.lot_id);
}

/** Sale proceeds settle T+1 at the open, like a deposit (cash_pending → cash). */
async function scheduleSettlement(tx: Queryable, r: OrderRow, amount: Decimal, now: Date) {
  const settleAt = nyInstant(settlementDate(nyDate(now), 'equity'), OPEN_HH_MM);
  await tx.query(
    `INSERT INTO trade_settlements (tenant_id, id, account_id, order_id, amount, status, settle_at, created_at)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7)`,
    [r.tenant_id, uuidv7(), r.account_id, r.id, amount.toFixed(2), settleAt, now]);
}

export async function settleTrade(tx: Queryable, on: Listeners, tenantId: string, id: string, now: Date): Promise<boolean> {
  const { rows } = await tx.query<{ account_id: string; order_id: string; amount: string; status: string }>(
    'SELECT account_id, order_id, amount, status FROM trade_settlements WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  const s = rows[0];
  if (!s || s.status !== 'pending') return false;
  await lockAccount(tx, tenantId, s.account_id);
  const claimed = await tx.query(`UPDATE trade_settlements SET status = 'complete' WHERE tenant_id = $1 AND id = $2 AND status = 'pending'`, [tenantId, id]);
  if (claimed.rowCount === 0) return false;
  await postJournal(tx, {
    tenantId, accountId: s.account_id, kind: 'trade_settle', refType: 'order', refId: s.order_id,
    postings: move(cashAt(s.account_id, 'cash_pending'), cashAt(s.account_id, 'cash'), USD, new Decimal(s.amount)), now,
  });
  await cashSettled(on, tx, { tenantId, accountId: s.account_id, source: 'sale', amount: new Decimal(s.amount), refId: s.order_id }, now);
  return true;
}

/** Ends an open order (canceled, expired, or rejected when a fill cannot be paid for), giving back what it still reserves. False when it was already finished. */
export async function finishOrder(
  tx: Queryable, on: Listeners, r: OrderRow, status: 'canceled' | 'expired' | 'rejected', now: Date, placing?: Placing,
): Promise<OrderRow | null> {
  if (!isOpenStatus(r.status)) return null;
  const reserved = new Decimal(r.reserved);
  if (reserved.gt(0)) {
    const postings = r.side === 'buy'
      ? move(cashAt(r.account_id, 'cash_held'), cashAt(r.account_id, 'cash'), USD, reserved)
      : move(accountBook(r.account_id, 'securities_held'), accountBook(r.account_id, 'securities'), r.symbol, reserved);
    await postJournal(tx, { tenantId: r.tenant_id, accountId: r.account_id, kind: RELEASE, refType: 'order', refId: r.id, postings, now });
  }
  const at = ({ canceled: 'canceled_at', expired: 'expired_at', rejected: 'failed_at' } as const)[status];
  const { rows } = await tx.query<OrderRow>(
    `UPDATE orders SET status = $3, reserved = 0, ${at} = $4, updated_at = $4 WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    [r.tenant_id, r.id, status, now]);
  const after = rows[0]!;
  await emitOrder(tx, after, r.status, now);
  await orderFinished(on, tx, after, now, placing);
  return after;
}

