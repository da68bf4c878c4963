// Orders: place (checks, reservation, event, an immediate fill for market orders), fill against a
// quote (journal, tax lots, event), cancel, expire at the close, retrieve and list. Every step
// that moves money locks the account row first, so one account's orders serialize.
import type { Scope } from '../context.ts';
import type { components } from '../../generated/schema.d.ts';
import { v7 as uuidv7 } from 'uuid';
import type { Queryable } from '../db/db.ts';
import { currentSession, nyDate, nyInstant, OPEN_HH_MM, settlementDate } from '../domain/calendar.ts';
import { accountBook, move, systemBook, USD, type JournalKind, type Posting } from '../domain/ledger.ts';
import { averageFillPrice, Decimal, moneyString, notionalQuantity, parseMoney, parseQuantity, priceString, quantityString } from '../domain/money.ts';
import {
  actionAt, buyReservation, consumeLotsFifo, isOpenStatus, OPEN_STATUSES, planFill, type OrderSide, type OrderStatus,
  type OrderType, type Quote, type WorkingOrder,
} from '../domain/orders.ts';
import { badRequest, conflict, notFound, requestFailed } from '../errors.ts';
import type { ListSpec } from '../db/paging.ts';
import { marketData, tenantShocks } from '../market/index.ts';
import { assetId } from '../market/universe.ts';
import { loadAccountRow } from './accounts.ts';
import { marketClosed } from './market-closed.ts';
import { emitEvent } from './events.ts';
import { cashSettled, orderFilled, orderFinished, type Listeners, type Placing } from './hooks.ts';
import type { OrderRow } from './order-rows.ts';
import { bookBalance, postJournal, postJournalWith, refusal, UNLESS_REFUSED, type NewJournal } from './ledger.ts';

type Order = components['schemas']['Order'];
type OrderCreateRequest = components['schemas']['OrderCreateRequest'];

export type { OrderRow };


/** Internal placement options, not part of the public API. */
export interface PlaceOptions {
  /** A sell's preferred lots (specific identification), consumed in this order before FIFO. */
  lotIds?: string[];
}

// Journal kinds of the order engine (the DB accepts any snake_case kind; domain/ledger.ts lists ACH's).
const RESERVE: JournalKind = 'order_reserve';
const RELEASE: JournalKind = 'order_release';
const TRADE: JournalKind = 'trade';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const money = (s: string | null) => (s === null ? null : moneyString(new Decimal(s)));


export function orderJson(r: OrderRow): Order {
  const asset = marketData.asset(r.symbol)!;
  const filled = new Decimal(r.filled_quantity);
  return {
    id: r.id,
    client_order_id: r.client_order_id,
    account_id: r.account_id,
    submitted_at: iso(r.submitted_at),
    filled_at: iso(r.filled_at),
    expired_at: iso(r.expired_at),
    canceled_at: iso(r.canceled_at),
    failed_at: iso(r.failed_at),
    asset_id: assetId(r.symbol),
    symbol: r.symbol,
    exchange: asset.exchange,
    asset_class: 'us_equity',
    quantity: r.quantity === null ? null : quantityString(new Decimal(r.quantity)),
    notional: money(r.notional),
    filled_quantity: quantityString(filled),
    type: r.type,
    side: r.side,
    time_in_force: r.time_in_force,
    limit_price: money(r.limit_price),
    stop_price: money(r.stop_price),
    // From the fills' prices, not from their rounded cash: one fill shows exactly its price.
    filled_average_price: filled.isZero() ? null : priceString(averageFillPrice(new Decimal(r.filled_gross), filled)),
    status: r.status,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

export async function loadOrderRow(tx: Queryable, tenantId: string, id: string, forUpdate = false): Promise<OrderRow> {
  const { rows } = await tx.query<OrderRow>(
    `SELECT * FROM orders WHERE tenant_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [tenantId, id]);
  if (!rows[0]) throw notFound('order', id);
  return rows[0];
}

async function emitOrder(tx: Queryable, r: OrderRow, previous: OrderStatus | null, now: Date) {
  await emitEvent(tx, {
    tenantId: r.tenant_id, type: `ordertransition.${r.status}`,
    object: orderJson(r) as unknown as Record<string, unknown>, previousStatus: previous, now,
  });
}

const quoteOf = async (tx: Queryable, c: Scope, symbol: string, now: Date): Promise<Quote> =>
  marketData.quoteAt(symbol, now, await tenantShocks(tx, c.tenantId, c.env));

const cashAt = (accountId: string, book: 'cash' | 'cash_held' | 'cash_pending') => accountBook(accountId, book);
const market = systemBook('market');

/** Checks the body's shape beyond the contract's schema; returns the parsed terms. */
function parseTerms(body: OrderCreateRequest) {
  if (!marketData.asset(body.symbol)) throw badRequest(`symbol: ${body.symbol} is not a tradable symbol`, 'symbol');
  if ((body.quantity === undefined) === (body.notional === undefined)) throw badRequest('quantity: give exactly one of quantity or notional', 'quantity');
  if (body.notional !== undefined && body.type !== 'market') throw badRequest('notional: only market orders may be placed by notional', 'notional');
  if (body.notional !== undefined && body.side === 'sell') throw badRequest('notional: sell orders are placed by quantity', 'notional');
  const needsLimit = body.type === 'limit' || body.type === 'stop_limit';
  const needsStop = body.type === 'stop' || body.type === 'stop_limit';
  if (needsLimit !== (body.limit_price !== undefined)) throw badRequest(`limit_price: ${needsLimit ? 'required' : 'not accepted'} for ${body.type} orders`, 'limit_price');
  if (needsStop !== (body.stop_price !== undefined)) throw badRequest(`stop_price: ${needsStop ? 'required' : 'not accepted'} for ${body.type} orders`, 'stop_price');
  const parse = <T>(f: () => T): T => {
    try {
      return f();
    } catch (err) {
      const field = String((err as Error).message).split(' ')[0]!;
      throw badRequest((err as Error).message, field);
    }
  };
  return parse(() => ({
    side: body.side,
    type: body.type,
    quantity: body.quantity === undefined ? null : parseQuantity(body.quantity, 'quantity'),
    notional: body.notional === undefined ? null : parseMoney(body.notional, 'notional'),
    limit_price: body.limit_price === undefined ? null : parseMoney(body.limit_price, 'limit_price'),
    stop_price: body.stop_price === undefined ? null : parseMoney(body.stop_price, 'stop_price'),
  }));
}

/** Places an order: 400/404 for a bad request, 402 when it may not trade now, 409 for a reused client_order_id. */
export async function createOrder(tx: Queryable, c: Scope, body: OrderCreateRequest, opts: PlaceOptions = {}): Promise<Order> {
  return orderJson(await placeOrder(tx, c, body, opts));
}

/** createOrder's work, answering the order row (after its immediate fill, if any). */
export async function placeOrder(tx: Queryable, c: Scope, body: OrderCreateRequest, opts: PlaceOptions = {}): Promise<OrderRow> {
  const terms = parseTerms(body);
  const account = await loadAccountRow(tx, c.tenantId, body.account_id, true);
  if (account.status !== 'active') throw requestFailed(`account_id: account ${account.id} is ${account.status}; only active accounts trade`, 'account_id');
  if (account.owner_status !== 'approved') throw requestFailed(`account_id: the owner of account ${account.id} is ${account.owner_status}, not approved`, 'account_id');
  const now = c.clock.now();
  const session = currentSession(now);
  if (!session) throw marketClosed(now, c.env);
  if (body.client_order_id !== undefined) {
    const dup = await tx.query('SELECT 1 FROM orders WHERE tenant_id = $1 AND account_id = $2 AND client_order_id = $3',
      [c.tenantId, account.id, body.client_order_id]);
    if (dup.rows.length > 0) throw conflict(`client_order_id: ${body.client_order_id} is already used by an order in account ${account.id}`, 'client_order_id');
  }
  const quote = await quoteOf(tx, c, body.symbol, now);
  if (terms.notional && notionalQuantity(terms.notional, quote.ask).isZero()) {
    throw badRequest(`notional: ${moneyString(terms.notional)} buys less than 0.0001 shares of ${body.symbol}`, 'notional');
  }
  const id = uuidv7();
  const reserved = terms.side === 'buy' ? buyReservation(terms, quote) : terms.quantity!;
  const expiresAt = (body.time_in_force ?? 'day') === 'day' ? session.close : null;
  const row = await insertReserved(tx, c.tenantId, account.id, id, body, terms, reserved, opts, expiresAt, now);
  await emitOrder(tx, row, null, now);
  // Placed in session, an order works at once against this minute's quote: a market order fills
  // (as far as the displayed size goes), a marketable limit fills, a reached stop triggers.
  return workOrder(tx, c.listeners, row, quote, now, account);
}

/**
 * Writes the new order and the journal that reserves what it needs, in one statement: a buy's
 * dollars move from cash to cash_held, a sell's shares from securities to securities_held.
 * 402 when the account lacks them, saying how much it has (and nothing is written).
 */
async function insertReserved(
  tx: Queryable, tenantId: string, accountId: string, id: string, body: OrderCreateRequest, terms: ReturnType<typeof parseTerms>,
  reserved: Decimal, opts: PlaceOptions, expiresAt: Date | null, now: Date,
): Promise<OrderRow> {
  const postings = terms.side === 'buy'
    ? move(cashAt(accountId, 'cash'), cashAt(accountId, 'cash_held'), USD, reserved)
    : move(accountBook(accountId, 'securities'), accountBook(accountId, 'securities_held'), body.symbol, reserved);
  const r = await postJournalWith<OrderRow>(tx, { tenantId, accountId, kind: RESERVE, refType: 'order', refId: id, postings, now }, {
    ctes: `placed AS (
       INSERT INTO orders (tenant_id, id, account_id, client_order_id, symbol, side, type, time_in_force, quantity, notional,
         limit_price, stop_price, reserved, status, expires_at, worked_at, submitted_at, created_at, updated_at, lot_ids)
       SELECT $1::uuid, $2::uuid, $3::uuid, $4::text, $5::text, $6::text, $7::text, $8::text, $9::numeric, $10::numeric,
              $11::numeric, $12::numeric, $13::numeric, 'new', $14::timestamptz, $15::timestamptz, $15, $15, $15, $16::uuid[]
        WHERE ${UNLESS_REFUSED}
       RETURNING *
     )`,
    answer: 'placed',
    params: [tenantId, id, accountId, body.client_order_id ?? null, body.symbol, terms.side, terms.type, body.time_in_force ?? 'day',
      terms.quantity?.toFixed() ?? null, terms.notional?.toFixed(2) ?? null, terms.limit_price?.toFixed(2) ?? null,
      terms.stop_price?.toFixed(2) ?? null, reserved.toFixed(), expiresAt, now,
      terms.side === 'sell' && opts.lotIds?.length ? opts.lotIds : null],
  });
  if ('row' in r) return r.row;
  // The only book a reservation takes from is cash (a buy) or the symbol's securities (a sell).
  const has = r.overdrawn.balance;
  if (terms.side === 'buy') {
    const field = terms.notional ? 'notional' : 'quantity';
    throw requestFailed(`${field}: this order needs ${moneyString(reserved)} of buying power; the account has ${moneyString(has)} available`, field);
  }
  throw requestFailed(`quantity: selling ${quantityString(reserved)} ${body.symbol} needs that many shares not already committed to open sells; the account has ${quantityString(has)}`, 'quantity');
}

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

/**
 * Fills as much of an open order as the quote allows (the caller holds the account lock), or
 * nothing when the order cannot fill at this quote. Returns the order as it is afterwards.
 */
async function fillOrder(tx: Queryable, on: Listeners, r: OrderRow, q: Quote, price: Decimal, now: Date, placing?: Placing): Promise<OrderRow> {
  const filledQty = new Decimal(r.filled_quantity);
  const remaining = r.quantity === null ? null : new Decimal(r.quantity).minus(filledQty);
  const notionalLeft = r.notional === null ? null : new Decimal(r.notional).minus(r.filled_value);
  const size = r.side === 'buy' ? q.ask_size : q.bid_size;
  const plan = planFill(r.side, remaining, notionalLeft, price, size);
  if (!plan) return r;
  const done = plan.complete;
  const reserved = new Decimal(r.reserved);
  const postings: Posting[] = [];
  let reservedAfter: Decimal;
  if (r.side === 'buy' && plan.value.gt(reserved)) {
    // The price moved past the reservation (a market remainder or a triggered stop days later):
    // the difference comes from cash, and an order the account cannot pay for is rejected.
    const cash = await bookBalance(tx, r.tenant_id, r.account_id, 'cash');
    if (plan.value.minus(reserved).gt(cash)) return (await finishOrder(tx, on, r, 'rejected', now, placing))!;
  }
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
  // A buy opens one tax lot; a sell consumes lots (and its proceeds settle T+1).
  const newLot = r.side === 'buy' ? uuidv7() : null;
  const lotIds = newLot ? [newLot] : await sellLots(tx, r, plan.quantity, plan.value, now);
  if (r.side === 'sell' && plan.value.gt(0)) await scheduleSettlement(tx, r, plan.value, now);
  const status: OrderStatus = done ? 'filled' : 'partially_filled';
  const after = await recordFill(tx, r, journal, { quantity: plan.quantity, price: plan.price, value: plan.value, newLot, reservedAfter, status }, now);
  if (status !== r.status || done) await emitOrder(tx, after, r.status, now);
  await orderFilled(on, tx, { order: after, quantity: plan.quantity, price: plan.price, value: plan.value, lotIds, ...(placing ? { placing } : {}) }, now);
  if (done) await orderFinished(on, tx, after, now, placing);
  return after;
}

interface FillRecord {
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
  await loadAccountRow(tx, tenantId, s.account_id, true);
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
async function finishOrder(
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

/** Locks the order's account, then the order (the same order as placement, so no deadlock). */
export async function lockOrder(tx: Queryable, tenantId: string, id: string): Promise<OrderRow> {
  const peek = await loadOrderRow(tx, tenantId, id);
  await loadAccountRow(tx, tenantId, peek.account_id, true);
  return loadOrderRow(tx, tenantId, id, true);
}

export async function cancelOrder(tx: Queryable, c: Scope, id: string) {
  const r = await lockOrder(tx, c.tenantId, id);
  const done = await finishOrder(tx, c.listeners, r, 'canceled', c.clock.now());
  if (!done) throw conflict(`order ${id} is ${r.status}; only open orders (${OPEN_STATUSES.join(', ')}) can be canceled`);
  return { id, object: 'order' as const, canceled: true as const };
}

/** A day order still open at its session's close expires then. */
export async function expireOrder(tx: Queryable, on: Listeners, tenantId: string, id: string, now: Date): Promise<boolean> {
  const r = await lockOrder(tx, tenantId, id);
  if (r.expires_at === null || r.expires_at.getTime() > now.getTime()) return false;
  return (await finishOrder(tx, on, r, 'expired', now)) !== null;
}

export const retrieveOrder = async (tx: Queryable, tenantId: string, id: string) => orderJson(await loadOrderRow(tx, tenantId, id));

const STATUS_SETS: Record<'open' | 'closed' | 'all', string | null> = {
  open: `status IN ('new', 'accepted', 'partially_filled')`,
  closed: `status IN ('filled', 'canceled', 'rejected', 'expired')`,
  all: null,
};

export function orderListSpec(tenantId: string, q: { status?: 'open' | 'closed' | 'all'; account_id?: string; symbol?: string }): ListSpec {
  const params: unknown[] = [tenantId];
  let where = 'tenant_id = $1';
  const set = STATUS_SETS[q.status ?? 'open'];
  if (set) where += ` AND ${set}`;
  for (const name of ['account_id', 'symbol'] as const) {
    const v = q[name];
    if (v === undefined) continue;
    params.push(v);
    where += ` AND ${name} = $${params.length}`;
  }
  return { table: 'orders', where, params, filters: { status: q.status ?? 'open', ...(q.account_id ? { account_id: q.account_id } : {}), ...(q.symbol ? { symbol: q.symbol } : {}) } };
}
