// Orders: place (checks, reservation, event, an immediate fill for market orders), cancel and
// expire. Every step that moves money locks the account row first, so one account's orders
// serialize. The fills live in order-fills.ts, the row's reads and JSON in order-views.ts.
import type { Scope } from '../context.ts';
import type { components } from '../../generated/schema.d.ts';
import { v7 as uuidv7 } from 'uuid';
import type { Queryable } from '../db/db.ts';
import { currentSession } from '../domain/calendar.ts';
import { accountBook, move, USD, type JournalKind } from '../domain/ledger.ts';
import { Decimal, moneyString, notionalQuantity, parseMoney, parseQuantity, quantityString } from '../domain/money.ts';
import { buyReservation, OPEN_STATUSES, type Quote } from '../domain/orders.ts';
import { badRequest, conflict, requestFailed } from '../errors.ts';
import { marketData, tenantShocks } from '../market/index.ts';
import { loadAccountRow } from './accounts.ts';
import { marketClosed } from './market-closed.ts';
import type { Listeners } from './hooks.ts';
import type { OrderRow } from './order-rows.ts';
import { cashAt, finishOrder, workOrder } from './order-fills.ts';
import { emitOrder, lockOrder, orderJson } from './order-views.ts';
import { postJournalWith, UNLESS_REFUSED } from './ledger.ts';

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

