// How an order reads: its row by id (and locked for a money step), its JSON as the API shows it,
// the ordertransition.* event that carries that JSON, and the list of orders by status.
import type { components } from '../../generated/schema.d.ts';
import type { Queryable } from '../db/db.ts';
import type { ListSpec } from '../db/paging.ts';
import { averageFillPrice, Decimal, moneyString, priceString, quantityString } from '../domain/money.ts';
import type { OrderStatus } from '../domain/orders.ts';
import { notFound } from '../errors.ts';
import { marketData } from '../market/index.ts';
import { assetId } from '../market/universe.ts';
import { lockAccount } from './accounts.ts';
import { emitEvent, type NewEvent } from './events.ts';
import type { OrderRow } from './order-rows.ts';

type Order = components['schemas']['Order'];

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

/** Raises ordertransition.<status> with the order as the API shows it. */
export async function emitOrder(tx: Queryable, r: OrderRow, previous: OrderStatus | null, now: Date) {
  await emitEvent(tx, orderEvent(r, previous, now));
}

export const orderEvent = (r: OrderRow, previous: OrderStatus | null, now: Date): NewEvent => ({
  tenantId: r.tenant_id, type: `ordertransition.${r.status}`,
  object: orderJson(r) as unknown as Record<string, unknown>, previousStatus: previous, now,
});

/** Locks the order's account, then the order (the same order as placement, so no deadlock). */
export async function lockOrder(tx: Queryable, tenantId: string, id: string): Promise<OrderRow> {
  const peek = await loadOrderRow(tx, tenantId, id);
  await lockAccount(tx, tenantId, peek.account_id);
  return loadOrderRow(tx, tenantId, id, true);
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
