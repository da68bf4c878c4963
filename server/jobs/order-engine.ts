// The order engine's scheduler sources: sales settling T+1, working orders filling each market
// minute, and day orders expiring at the close; and the live engine minute for real-time tenants.
import type { Queryable } from '../db/db.ts';
import { isOpen, nextOpen } from '../domain/calendar.ts';
import { acts } from '../domain/orders.ts';
import { marketData, tenantShocks } from '../market/index.ts';
import type { ShockSchedule } from '../market/provider.ts';
import type { Listeners } from '../services/hooks.ts';
import { tableSource, type DueItem, type ScheduleSource } from '../services/scheduler.ts';
import { expireOrder, lockOrder, settleTrade, workingOf, workOrder, type OrderRow } from '../services/orders.ts';

const MINUTE_MS = 60_000;

/** The first market minute (its start) strictly after `t`. */
export function minuteAfter(t: Date): Date {
  const m = new Date((Math.floor(t.getTime() / MINUTE_MS) + 1) * MINUTE_MS);
  return isOpen(m) ? m : nextOpen(m);
}

/**
 * The first market minute in [from, until] at which the order acts (its stop triggers or it can
 * fill at that minute's quote), or null. A day order stops looking at its close.
 */
function firstActingMinute(r: OrderRow, from: Date, until: Date, shocks: ShockSchedule): Date | null {
  const end = r.expires_at && r.expires_at.getTime() < until.getTime() ? new Date(r.expires_at.getTime() - 1) : until;
  const w = workingOf(r);
  for (let m = isOpen(from) ? from : nextOpen(from); m.getTime() <= end.getTime(); m = minuteAfter(m)) {
    if (acts(w, marketData.quoteAt(r.symbol, m, shocks))) return m;
  }
  return null;
}

/**
 * Scans are the expensive part of a long advance (a far-off gtc limit order looks at every minute
 * up to `until`), and the scheduler asks again after every item of every source: remember each
 * order's answer until the order, its shocks or the horizon change.
 */
const scans = new Map<string, { until: number; at: Date | null }>();
const MAX_REMEMBERED_SCANS = 10_000;

function cachedFirstActingMinute(tenantId: string, shockKey: string, r: OrderRow, from: Date, until: Date, shocks: ShockSchedule) {
  const key = `${tenantId}|${r.id}|${r.updated_at.getTime()}|${from.getTime()}|${shockKey}`;
  const hit = scans.get(key);
  if (hit && (hit.at ? hit.at.getTime() <= until.getTime() : until.getTime() <= hit.until)) return hit.at;
  const at = firstActingMinute(r, from, until, shocks);
  if (scans.size >= MAX_REMEMBERED_SCANS) scans.clear();
  scans.set(key, { until: until.getTime(), at });
  return at;
}

/** (at, id) order, as the scheduler's cursor compares. */
const later = (a: DueItem, b: DueItem) => a.at.getTime() > b.at.getTime() || (a.at.getTime() === b.at.getTime() && a.id > b.id);

async function nextFill(tx: Queryable, tenantId: string, until: Date, after: DueItem | null): Promise<DueItem | null> {
  // The orders index (tenant_id, status, symbol) finds the tenant's open orders; few per tenant.
  const { rows } = await tx.query<OrderRow>(
    `SELECT * FROM orders WHERE tenant_id = $1 AND status IN ('new', 'accepted', 'partially_filled') ORDER BY id`, [tenantId]);
  if (rows.length === 0) return null;
  const shocks = await tenantShocks(tx, tenantId, 'sandbox');
  const { rows: sk } = await tx.query<{ n: string; last: string | null }>(
    'SELECT count(*) AS n, max(id::text) AS last FROM market_shocks WHERE tenant_id = $1', [tenantId]);
  const shockKey = `${sk[0]!.n}|${sk[0]!.last ?? ''}`;
  let best: DueItem | null = null;
  for (const r of rows) {
    let from = minuteAfter(r.worked_at);
    if (after && from.getTime() < after.at.getTime()) from = after.at;
    let at = cachedFirstActingMinute(tenantId, shockKey, r, from, until, shocks);
    if (at && after && !later({ at, id: r.id }, after)) at = firstActingMinute(r, minuteAfter(after.at), until, shocks);
    if (at && (!best || later(best, { at, id: r.id }))) best = { at, id: r.id };
  }
  return best;
}

/** Works one order at its minute: the account lock first, then the order, one quote. */
async function runFill(tx: Queryable, on: Listeners, tenantId: string, item: DueItem, now: Date, shocks?: ShockSchedule): Promise<boolean> {
  const r = await lockOrder(tx, tenantId, item.id);
  if (r.status !== 'new' && r.status !== 'accepted' && r.status !== 'partially_filled') return false;
  const q = marketData.quoteAt(r.symbol, now, shocks ?? await tenantShocks(tx, tenantId, 'sandbox'));
  if (!q.in_session) return false;
  const after = await workOrder(tx, on, r, q, now);
  return after.filled_quantity !== r.filled_quantity || after.status !== r.status;
}

export const ORDER_FILLS_SOURCE = 'order_fills';
export const minuteFills = (on: Listeners): ScheduleSource => ({
  name: ORDER_FILLS_SOURCE, counts: 'fills', nextDue: nextFill, run: (tx, tenantId, item, now) => runFill(tx, on, tenantId, item, now),
});

/**
 * Whether a non-limit open order acts at a quote, as domain/orders.ts `acts` decides, in SQL: a
 * stop not yet triggered triggers when the last price crosses it; a market order, or a triggered
 * stop (stop-limit), fills at the ask or bid (within its limit). `q` is the minute's quote row.
 */
const NON_LIMIT_ACTS_SQL = `(
    (o.type IN ('stop', 'stop_limit') AND o.triggered_at IS NULL
      AND ((o.side = 'buy' AND o.stop_price <= q.price) OR (o.side = 'sell' AND o.stop_price >= q.price)))
    OR ((o.type = 'market' OR o.triggered_at IS NOT NULL)
      AND (o.type IN ('market', 'stop')
        OR (o.side = 'buy' AND o.limit_price >= q.ask) OR (o.side = 'sell' AND o.limit_price <= q.bid))))`;

const OPEN = `o.status IN ('new', 'accepted', 'partially_filled')`;

/**
 * The symbols the tenant has open orders in, found by skipping through the three open-order
 * indexes (0013_engine_indexes.sql) one symbol at a time: a minute quotes only those, however
 * many symbols are listed and however many orders rest on each.
 */
async function openOrderSymbols(tx: Queryable, tenantId: string): Promise<string[]> {
  const next = (after: string) => `least(
      (SELECT min(o.symbol) FROM orders o WHERE o.tenant_id = $1 AND ${OPEN} AND o.type = 'limit' AND o.side = 'buy' AND o.symbol > ${after}),
      (SELECT min(o.symbol) FROM orders o WHERE o.tenant_id = $1 AND ${OPEN} AND o.type = 'limit' AND o.side = 'sell' AND o.symbol > ${after}),
      (SELECT min(o.symbol) FROM orders o WHERE o.tenant_id = $1 AND ${OPEN} AND o.type <> 'limit' AND o.symbol > ${after}))`;
  const { rows } = await tx.query<{ symbol: string }>(
    `WITH RECURSIVE s (symbol) AS (
       SELECT ${next("''")}
       UNION ALL
       SELECT ${next('s.symbol')} FROM s WHERE s.symbol IS NOT NULL
     ) SELECT symbol FROM s WHERE symbol IS NOT NULL`, [tenantId]);
  return rows.map((r) => r.symbol);
}

/**
 * The tenant's open orders that act at `now`, in id order: one quote per symbol with open orders, then
 * index range scans (0013_engine_indexes.sql) for limit buys at or above the ask and limit sells
 * at or below the bid, plus the non-limit orders checked against the rule above — however many
 * orders rest, only the ones the minute's quotes reach are read.
 */
export async function actingOrderIds(tx: Queryable, tenantId: string, now: Date, shocks?: ShockSchedule, workedBefore?: Date): Promise<string[]> {
  shocks ??= await tenantShocks(tx, tenantId, 'sandbox');
  const params: unknown[] = [tenantId];
  const values: string[] = [];
  for (const symbol of await openOrderSymbols(tx, tenantId)) {
    const q = marketData.quoteAt(symbol, now, shocks);
    if (!q.in_session) continue;
    params.push(symbol, q.bid.toFixed(), q.ask.toFixed(), q.price.toFixed());
    const n = params.length;
    values.push(`($${n - 3}::text, $${n - 2}::numeric, $${n - 1}::numeric, $${n}::numeric)`);
  }
  if (values.length === 0) return [];
  // An order acts at most once per market minute: the minute's displayed size is taken once.
  params.push(workedBefore ?? null);
  const worked = `o.worked_at < coalesce($${params.length}::timestamptz, 'infinity')`;
  const { rows } = await tx.query<{ id: string }>(
    `WITH q (symbol, bid, ask, price) AS (VALUES ${values.join(', ')})
     SELECT a.id FROM q CROSS JOIN LATERAL (
       SELECT o.id FROM orders o WHERE o.tenant_id = $1 AND o.symbol = q.symbol
          AND ${OPEN} AND o.type = 'limit' AND o.side = 'buy' AND o.limit_price >= q.ask AND ${worked}
       UNION ALL
       SELECT o.id FROM orders o WHERE o.tenant_id = $1 AND o.symbol = q.symbol
          AND ${OPEN} AND o.type = 'limit' AND o.side = 'sell' AND o.limit_price <= q.bid AND ${worked}
       UNION ALL
       SELECT o.id FROM orders o WHERE o.tenant_id = $1 AND o.symbol = q.symbol
          AND ${OPEN} AND o.type <> 'limit' AND ${worked} AND ${NON_LIMIT_ACTS_SQL}
     ) a ORDER BY a.id`, params);
  return rows.map((r) => r.id);
}

/**
 * One live engine minute for a tenant whose clock runs in real time: every open order that acts
 * at `now` is worked against the live quote (nothing when the market is closed). Minutes that
 * passed unseen (the server was down) are not replayed: a live order fills at live prices.
 * Answers the orders that changed.
 */
export async function workOpenOrdersNow(tx: Queryable, on: Listeners, tenantId: string, now: Date): Promise<number> {
  if (!isOpen(now)) return 0;
  let changed = 0;
  const shocks = await tenantShocks(tx, tenantId, 'sandbox');
  const minute = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
  for (const id of await actingOrderIds(tx, tenantId, now, shocks, minute)) {
    if (await runFill(tx, on, tenantId, { at: now, id }, now, shocks)) changed++;
  }
  return changed;
}

export const saleSettlements = (on: Listeners) => tableSource({
  name: 'trade_settlements',
  counts: 'settlements',
  due: { table: 'trade_settlements', at: 'settle_at', where: "status = 'pending'" },
  run: (tx, tenantId, item, now) => settleTrade(tx, on, tenantId, item.id, now),
});

export const dayOrderExpiry = (on: Listeners) => tableSource({
  name: 'order_expirations',
  counts: 'expirations',
  due: { table: 'orders', at: 'expires_at', where: "status IN ('new', 'accepted', 'partially_filled')" },
  run: (tx, tenantId, item, now) => expireOrder(tx, on, tenantId, item.id, now),
});
