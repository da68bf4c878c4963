// Orders: place (checks, reservation, event, an immediate fill for market orders), cancel and
// expire. Every step that moves money locks the account row first, so one account's orders
// serialize. The fills live in order-fills.ts, the row's reads and JSON in order-views.ts.
import type { Scope } from '../context.ts';
import type { components } from '../../generated/schema.d.ts';
import { uuidv7 } from '../random.ts';
import type { Queryable } from '../db/db.ts';
import { currentSession } from '../domain/calendar.ts';
import { accountBook, move, USD, type JournalKind } from '../domain/ledger.ts';
import { Decimal, moneyString, notionalQuantity, parseMoney, parseQuantity, quantityString } from '../domain/money.ts';
import { actionAt, buyReservation, OPEN_STATUSES, type Quote } from '../domain/orders.ts';
import { badRequest, conflict, requestFailed, type ApiError } from '../errors.ts';
import { marketData, tenantShocks } from '../market/index.ts';
import { lockAccount, requireActive } from './accounts.ts';
import { marketClosed } from './market-closed.ts';
import { orderFilled, orderFinished, type Listeners, type Placing } from './hooks.ts';
import { eventCtes, prepareEvent, queuedDeliveries } from './events.ts';
import { assetId } from '../market/universe.ts';
import type { OrderRow } from './order-rows.ts';
import { cashAt, fillPlanOf, finishOrder, tradeOf, workingOf, workOrder, type FillPlan } from './order-fills.ts';
import { emitOrder, lockOrder, orderEvent, orderJson } from './order-views.ts';
import { postJournalsWith, postJournalWith, refusal, UNLESS_REFUSED, type NewJournal } from './ledger.ts';

type Order = components['schemas']['Order'];
type OrderCreateRequest = components['schemas']['OrderCreateRequest'];

// Callers import the order's reads and money steps from here, as before the split.
export type { OrderRow };
export { lockOrder, loadOrderRow, orderJson, orderListSpec, retrieveOrder } from './order-views.ts';
export { settleTrade, workingOf, workOrder } from './order-fills.ts';

/** Internal placement options, not part of the public API. */
export interface PlaceOptions {
  /** A sell's preferred lots (specific identification), consumed in this order before FIFO. */
  lotIds?: string[];
}

const RESERVE: JournalKind = 'order_reserve';

const quoteOf = async (tx: Queryable, c: Scope, symbol: string, now: Date): Promise<Quote> =>
  marketData.quoteAt(symbol, now, await tenantShocks(tx, c.tenantId, c.env));

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
  const account = await lockAccount(tx, c.tenantId, body.account_id);
  requireActive(account, 'trade');
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
  const reserved = terms.side === 'buy' ? buyReservation(terms, quote) : terms.quantity!;
  const p: Placement = {
    id: uuidv7(), tenantId: c.tenantId, accountId: account.id, body, terms, reserved, now,
    expiresAt: (body.time_in_force ?? 'day') === 'day' ? session.close : null,
    lotIds: terms.side === 'sell' && opts.lotIds?.length ? opts.lotIds : null,
  };
  // Placed in session, an order works at once against this minute's quote: a market order fills
  // (as far as the displayed size goes), a marketable limit fills, a reached stop triggers. A buy
  // that fills from its reservation at once is written whole in one statement.
  const placed = placedRow(p);
  const a = actionAt(workingOf(placed), quote);
  const plan = terms.side === 'buy' && a.price && !a.triggers ? fillPlanOf(placed, quote, a.price) : null;
  if (plan && plan.value.lte(reserved)) return placeFilled(tx, c.listeners, p, plan, account);
  const row = await insertReserved(tx, p);
  await emitOrder(tx, row, null, now);
  return workOrder(tx, c.listeners, row, quote, now, account);
}

/** An order being placed: what placeOrder settled before writing anything. */
interface Placement {
  id: string;
  tenantId: string;
  accountId: string;
  body: OrderCreateRequest;
  terms: ReturnType<typeof parseTerms>;
  /** What the order holds: a buy's dollars, a sell's shares. */
  reserved: Decimal;
  expiresAt: Date | null;
  lotIds: string[] | null;
  now: Date;
}

/** The new order's row as its INSERT answers it. */
const placedRow = (p: Placement): OrderRow => ({
  tenant_id: p.tenantId, id: p.id, account_id: p.accountId, client_order_id: p.body.client_order_id ?? null, symbol: p.body.symbol,
  side: p.terms.side, type: p.terms.type, time_in_force: p.body.time_in_force ?? 'day', quantity: p.terms.quantity?.toFixed() ?? null,
  notional: p.terms.notional?.toFixed(2) ?? null, limit_price: p.terms.limit_price?.toFixed(2) ?? null,
  stop_price: p.terms.stop_price?.toFixed(2) ?? null, filled_quantity: '0', filled_value: '0', filled_gross: '0',
  reserved: p.reserved.toFixed(), status: 'new', expires_at: p.expiresAt, triggered_at: null, worked_at: p.now, submitted_at: p.now,
  filled_at: null, expired_at: null, canceled_at: null, failed_at: null, lot_ids: p.lotIds, created_at: p.now, updated_at: p.now,
});

/** The journal that reserves what the order needs: a buy's dollars move from cash to cash_held, a sell's shares from securities to securities_held. */
function reservation(p: Placement, id?: string): NewJournal {
  const postings = p.terms.side === 'buy'
    ? move(cashAt(p.accountId, 'cash'), cashAt(p.accountId, 'cash_held'), USD, p.reserved)
    : move(accountBook(p.accountId, 'securities'), accountBook(p.accountId, 'securities_held'), p.body.symbol, p.reserved);
  return { tenantId: p.tenantId, accountId: p.accountId, kind: RESERVE, refType: 'order', refId: p.id, postings, now: p.now, ...(id ? { id } : {}) };
}

/** The 402 of a reservation the account lacks, saying how much it has. */
function reservationRefused(p: Placement, has: Decimal): ApiError {
  // The only book a reservation takes from is cash (a buy) or the symbol's securities (a sell).
  if (p.terms.side === 'buy') {
    const field = p.terms.notional ? 'notional' : 'quantity';
    return requestFailed(`${field}: this order needs ${moneyString(p.reserved)} of buying power; the account has ${moneyString(has)} available`, field);
  }
  return requestFailed(`quantity: selling ${quantityString(p.reserved)} ${p.body.symbol} needs that many shares not already committed to open sells; the account has ${quantityString(has)}`, 'quantity');
}

const ORDER_VALUES = `$1::uuid, $2::uuid, $3::uuid, $4::text, $5::text, $6::text, $7::text, $8::text, $9::numeric, $10::numeric,
              $11::numeric, $12::numeric, $13::numeric, $14::text, $15::timestamptz, $16::timestamptz, $16, $16, $16, $17::uuid[]`;
const ORDER_COLUMNS = `tenant_id, id, account_id, client_order_id, symbol, side, type, time_in_force, quantity, notional,
         limit_price, stop_price, reserved, status, expires_at, worked_at, submitted_at, created_at, updated_at, lot_ids`;
/** $1…$17 of ORDER_VALUES for a row. */
const orderParams = (r: OrderRow) => [r.tenant_id, r.id, r.account_id, r.client_order_id, r.symbol, r.side, r.type, r.time_in_force,
  r.quantity, r.notional, r.limit_price, r.stop_price, r.reserved, r.status, r.expires_at, r.created_at, r.lot_ids];

/**
 * Writes the new order and the journal that reserves what it needs, in one statement. 402 when
 * the account lacks it (and nothing is written).
 */
async function insertReserved(tx: Queryable, p: Placement): Promise<OrderRow> {
  const r = await postJournalWith<OrderRow>(tx, reservation(p), {
    ctes: `placed AS (
       INSERT INTO orders (${ORDER_COLUMNS}) SELECT ${ORDER_VALUES} WHERE ${UNLESS_REFUSED} RETURNING *
     )`,
    answer: 'placed',
    params: orderParams(placedRow(p)),
  });
  if ('row' in r) return r.row;
  throw reservationRefused(p, r.overdrawn.balance);
}

/**
 * A buy that fills at placement from what it reserves, in one statement: the order as it is after
 * the fill, both journals (reserve, then trade; one trade journal netting the two when the fill
 * completes the order), the fill, its tax lot, and the two events (ordertransition.new, then the
 * fill's). Ids are drawn, and listeners hear the fill, as when each step was written in turn
 * (insertReserved, then workOrder).
 */
async function placeFilled(tx: Queryable, on: Listeners, p: Placement, plan: FillPlan, placing: Placing): Promise<OrderRow> {
  const reserve = reservation(p, uuidv7());
  const placed = placedRow(p);
  const events = [prepareEvent(orderEvent(placed, null, p.now))];
  const { journal, fill } = tradeOf(placed, plan, p.now);
  const done = fill.status === 'filled';
  const after: OrderRow = {
    ...placed, filled_quantity: fill.quantity.toFixed(), filled_value: fill.value.toFixed(2), filled_gross: fill.quantity.times(fill.price).toFixed(),
    reserved: fill.reservedAfter.toFixed(), status: fill.status, filled_at: done ? p.now : null,
  };
  events.push(prepareEvent(orderEvent(after, placed.status, p.now)));
  const params = [...orderParams(after), fill.quantity.toFixed(), fill.price.toFixed(), fill.value.toFixed(2), after.filled_at, journal.id,
    fill.newLot, assetId(p.body.symbol)];
  const evs = eventCtes(events, params.length + 1, UNLESS_REFUSED);
  // A fill that completes the order spends its reservation in the same instant (netted): the books
  // are checked for the reservation as before, but only the trade is stored, paid from cash.
  const written = await postJournalsWith<OrderRow & { queued: number }>(tx, [reserve, journal], {
    // The fill's columns as recordFill adds them to a new order's zeros (the same numeric scales).
    ctes: `placed AS (
       INSERT INTO orders (${ORDER_COLUMNS}, filled_quantity, filled_value, filled_gross, filled_at)
       SELECT ${ORDER_VALUES}, 0 + $18::numeric, 0 + $20::numeric, 0 + $18::numeric * $19::numeric, $21::timestamptz
        WHERE ${UNLESS_REFUSED}
       RETURNING *
     ), fill AS (
       INSERT INTO trade_fills (tenant_id, journal_id, order_id, symbol, side, quantity, price, value, created_at)
       SELECT $1::uuid, $22::uuid, $2::uuid, $5::text, $6::text, $18::numeric, $19::numeric, $20::numeric, $16::timestamptz
        WHERE ${UNLESS_REFUSED}
     ), lot AS (
       INSERT INTO tax_lots (tenant_id, id, account_id, symbol, asset_id, order_id, quantity, original_quantity, price, cost_basis, acquired_at)
       SELECT $1::uuid, $23::uuid, $3::uuid, $5::text, $24::uuid, $2::uuid, $18::numeric, $18::numeric, $19::numeric, $20::numeric, $16::timestamptz
        WHERE ${UNLESS_REFUSED}
     ), ${evs.sql}, answer AS (
       SELECT placed.*, (SELECT count(*)::int FROM queued) AS queued FROM placed
     )`,
    answer: 'answer',
    params: [...params, ...evs.params],
  }, done);
  if ('overdrawn' in written) throw written.journal === 0 ? reservationRefused(p, written.overdrawn.balance) : refusal(written.overdrawn);
  const { queued, ...row } = written.row;
  queuedDeliveries(tx, queued);
  await orderFilled(on, tx, { order: row, quantity: fill.quantity, price: fill.price, value: fill.value, lotIds: [fill.newLot!], placing }, p.now);
  if (done) await orderFinished(on, tx, row, p.now, placing);
  return row;
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

