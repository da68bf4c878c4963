// Tax-loss harvesting's orders in managed investment accounts: the sell of each pending decision
// at the open, the replacement buy when its proceeds settle, and the order listeners that follow them.
// The guide is docs/guides/tax-loss-harvesting.md.
//
// 1. Scan (daily, after each session's close): services/harvest-scan.ts records the decisions,
//    harvests and swaps back, for the next open.
// 2. Sell (at the next session's open): the decision is checked again at the live bid (prices
//    move overnight; a lot no longer 5% down is kept unless it is recent, and a lot bought since
//    the scan joins the sale) and the lots are sold at market by specific identification. The harvest is recorded then: quantity, proceeds, realized loss (the lot
//    sales' realized gain) and the window's last day (the sale's New York date + 30).
// 3. Buy (when the proceeds settle, T+1 at the open): a notional market buy of the replacement
//    for the proceeds (never more than the settled cash; cents, rounded down), chosen again in
//    case a window opened meanwhile. harvest.completed is emitted when that buy finishes having
//    filled something; a buy that cannot be placed or fills nothing leaves the cash for the
//    rebalancer (which buys the replacement while the window is open: wash-sales.ts buySymbolFor).
// The harvests table's rows, JSON and list: services/harvest-rows.ts.
import type { FinosEnv } from '../config.ts';
import type { Queryable } from '../db/db.ts';
import { nyDate } from '../domain/calendar.ts';
import { Decimal, quantityString, toShares } from '../domain/money.ts';
import { pickHarvestLots, recentBuysSince, replacementFor, nyDayStart, washSaleWindowEnds, type HarvestLot } from '../domain/wash-sale.ts';
import { isRefusal } from '../errors.ts';
import { marketData, tenantShocks } from '../market/index.ts';
import { lockAccount } from './accounts.ts';
import { loadAssetClasses } from './asset-classes.ts';
import { emitEvent } from './events.ts';
import { harvestJson, loadHarvestRow, type HarvestRow } from './harvest-rows.ts';
import { symbolsOf } from './harvest-scan.ts';
import { tenantEnv } from './tenant-clock.ts';
import type { CashSettled, Listeners, OrderFill, Placing } from './hooks.ts';
import { bookBalance } from './ledger.ts';
import { loadOrderRow, placeOrder, type OrderRow } from './orders.ts';
import { blockedSymbols } from './wash-sales.ts';

// ---------------------------------------------------------------------------------------------
// 2. The sell at the open

async function setStatus(tx: Queryable, h: HarvestRow, status: HarvestRow['status'], now: Date | null = null): Promise<void> {
  await tx.query('UPDATE harvests SET status = $3, completed_at = coalesce($4, completed_at) WHERE tenant_id = $1 AND id = $2',
    [h.tenant_id, h.id, status, now]);
}

/** Places an order inside a savepoint: a refusal (402 and the like) leaves the transaction usable and answers null. */
async function tryPlace(
  tx: Queryable, on: Listeners, tenantId: string, env: FinosEnv, now: Date, body: Parameters<typeof placeOrder>[2], lotIds?: string[],
): Promise<OrderRow | null> {
  await tx.query('SAVEPOINT harvest_order');
  try {
    const o = await placeOrder(tx, { tenantId, clock: { now: () => now }, env, listeners: on }, body, lotIds ? { lotIds } : {});
    await tx.query('RELEASE SAVEPOINT harvest_order');
    return o;
  } catch (err) {
    if (!isRefusal(err)) throw err;
    await tx.query('ROLLBACK TO SAVEPOINT harvest_order');
    return null;
  }
}

/**
 * The sell of a pending decision, at its open. Answers true when a harvest's sell was placed
 * (what the sandbox advance counts as a harvest made).
 */
export async function runHarvestSell(tx: Queryable, on: Listeners, tenantId: string, id: string, now: Date): Promise<boolean> {
  const peek = await loadHarvestRow(tx, tenantId, id);
  if (!peek || peek.status !== 'pending') return false;
  const account = await lockAccount(tx, tenantId, peek.account_id);
  const h = (await loadHarvestRow(tx, tenantId, id, true))!;
  if (h.status !== 'pending') return false;
  const cancel = async () => { await setStatus(tx, h, 'canceled', now); return false; };
  if (!account.managed || account.account_type !== 'investment' || account.status !== 'active') return cancel();
  const today = nyDate(now);
  const env = await tenantEnv(tx, tenantId);
  const cls = (await loadAssetClasses(tx, tenantId)).find((c) => c.id === h.asset_class_id);
  if (!cls || ![cls.primary_symbol, ...cls.secondary_symbols].includes(h.sold_symbol)) return cancel();
  const blocked = await blockedSymbols(tx, tenantId, h.account_id, today);
  const q = marketData.quoteAt(h.sold_symbol, now, await tenantShocks(tx, tenantId, env));
  if (!q.in_session) return cancel();
  // A harvest's lots, and every lot of the symbol bought within the last 30 days (sold with them).
  const { rows } = await tx.query<{ id: string; quantity: string; cost_basis: string; recent: boolean }>(
    `SELECT id, quantity, cost_basis, ($5::timestamptz IS NOT NULL AND acquired_at >= $5) AS recent
       FROM tax_lots WHERE tenant_id = $1 AND account_id = $2 AND symbol = $3 AND quantity > 0
        AND (id = ANY($4::uuid[]) OR ($5::timestamptz IS NOT NULL AND acquired_at >= $5)) ORDER BY acquired_at, id`,
    [tenantId, h.account_id, h.sold_symbol, h.kind === 'harvest' ? h.lot_ids : await replacementLots(tx, h),
      h.kind === 'harvest' ? nyDayStart(recentBuysSince(today)) : null]);
  const lots: HarvestLot[] = rows.map((l) => ({ id: l.id, quantity: new Decimal(l.quantity), cost_basis: new Decimal(l.cost_basis), recent: l.recent }));
  let sell: HarvestLot[];
  let replacement: string | null;
  if (h.kind === 'harvest') {
    // Checked again at the live bid: a recovery overnight, a window opened on the alternates.
    const pick = pickHarvestLots(lots, q.bid);
    replacement = replacementFor(symbolsOf(cls), h.sold_symbol, blocked);
    if (!pick || !replacement) return cancel();
    sell = pick.lots;
  } else {
    replacement = cls.primary_symbol;
    if (blocked.has(replacement) || replacement === h.sold_symbol) return cancel();
    sell = lots;
  }
  const quantity = toShares(sell.reduce((a, l) => a.plus(l.quantity), new Decimal(0)));
  if (quantity.isZero()) return cancel();
  const order = await tryPlace(tx, on, tenantId, env, now, {
    account_id: h.account_id, symbol: h.sold_symbol, side: 'sell', type: 'market', time_in_force: 'day', quantity: quantityString(quantity),
  }, sell.map((l) => l.id));
  if (!order) return cancel();
  await tx.query(
    `UPDATE harvests SET status = 'sold', sell_order_id = $3, lot_ids = $4, replacement_symbol = $5, created_at = $6,
            wash_sale_window_ends = $7
      WHERE tenant_id = $1 AND id = $2`,
    [tenantId, h.id, order.id, sell.map((l) => l.id), replacement, now, h.kind === 'harvest' ? washSaleWindowEnds(today) : null]);
  await refreshSale(tx, tenantId, h.id);
  if (order.status !== 'new' && order.status !== 'accepted' && order.status !== 'partially_filled' && new Decimal(order.filled_quantity).isZero()) {
    await setStatus(tx, h, 'canceled', now);
    return false;
  }
  return h.kind === 'harvest';
}

/** A swap back sells every lot of the replacement the account holds at the open. */
async function replacementLots(tx: Queryable, h: HarvestRow): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    'SELECT id FROM tax_lots WHERE tenant_id = $1 AND account_id = $2 AND symbol = $3 AND quantity > 0',
    [h.tenant_id, h.account_id, h.sold_symbol]);
  return rows.map((r) => r.id);
}

/**
 * The harvest's figures from its sell order so far: shares sold, proceeds, the lot sales'
 * realized gain; and the window's last day when the sale realized a loss.
 */
async function refreshSale(tx: Queryable, tenantId: string, id: string): Promise<void> {
  await tx.query(
    `UPDATE harvests h SET quantity = o.filled_quantity, proceeds = o.filled_value,
            realized_loss = coalesce((SELECT sum(s.realized_gain) FROM lot_sales s WHERE s.tenant_id = o.tenant_id AND s.order_id = o.id), 0)
       FROM orders o
      WHERE h.tenant_id = $1 AND h.id = $2 AND o.tenant_id = h.tenant_id AND o.id = h.sell_order_id`,
    [tenantId, id]);
  const { rows } = await tx.query<{ realized_loss: string; kind: string; created_at: Date }>(
    'SELECT realized_loss, kind, created_at FROM harvests WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  const r = rows[0]!;
  // A harvest always opens its window; a swap back only when it sold at a loss.
  const opens = r.kind === 'harvest' || new Decimal(r.realized_loss).lt(0);
  await tx.query('UPDATE harvests SET wash_sale_window_ends = $3 WHERE tenant_id = $1 AND id = $2',
    [tenantId, id, opens ? washSaleWindowEnds(nyDate(r.created_at)) : null]);
}

// ---------------------------------------------------------------------------------------------
// 3. The buy when the proceeds settle, and completion

/** An orderFilled listener: a later fill of a harvest's sell (beyond the displayed size at the open) updates its figures. */
export async function harvestSellFilled(tx: Queryable, f: OrderFill, _now: Date): Promise<void> {
  // A sell filling as it is placed is no harvest's yet: the harvest records it afterwards.
  if (f.order.side !== 'sell' || f.placing) return;
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM harvests WHERE tenant_id = $1 AND sell_order_id = $2 AND status = 'sold'`, [f.order.tenant_id, f.order.id]);
  for (const r of rows) await refreshSale(tx, f.order.tenant_id, r.id);
}

/** A cashSettled listener: when the last proceeds of a harvest's (finished) sell settle, buy the replacement. */
export async function harvestProceedsSettled(tx: Queryable, e: CashSettled, now: Date, on: Listeners): Promise<void> {
  if (e.source !== 'sale') return;
  const { rows } = await tx.query<HarvestRow>(
    `SELECT * FROM harvests WHERE tenant_id = $1 AND sell_order_id = $2 AND status = 'sold' FOR UPDATE`, [e.tenantId, e.refId]);
  const h = rows[0];
  if (!h) return;
  const sell = await loadOrderRow(tx, e.tenantId, e.refId);
  if (sell.status === 'new' || sell.status === 'accepted' || sell.status === 'partially_filled') return;
  const pending = await tx.query(
    `SELECT 1 FROM trade_settlements WHERE tenant_id = $1 AND order_id = $2 AND status = 'pending' LIMIT 1`, [e.tenantId, e.refId]);
  if (pending.rows.length > 0) return;
  await placeReplacementBuy(tx, on, h, now);
}

async function placeReplacementBuy(tx: Queryable, on: Listeners, h: HarvestRow, now: Date): Promise<void> {
  const today = nyDate(now);
  const blocked = await blockedSymbols(tx, h.tenant_id, h.account_id, today);
  let symbol: string | null = h.replacement_symbol;
  if (blocked.has(symbol)) {
    // A window opened on the replacement since the sale (a manual loss sale): the next candidate.
    const cls = (await loadAssetClasses(tx, h.tenant_id)).find((c) => c.id === h.asset_class_id);
    symbol = cls && h.kind === 'harvest' ? replacementFor(symbolsOf(cls), h.sold_symbol, blocked) : null;
  }
  // The proceeds, but never more than the settled cash (a withdrawal may have taken some); cents, down.
  const cash = await bookBalance(tx, h.tenant_id, h.account_id, 'cash');
  const amount = Decimal.min(new Decimal(h.proceeds), cash).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  if (!symbol || amount.lte(0)) {
    await setStatus(tx, h, 'buy_failed', now);
    return;
  }
  const order = await tryPlace(tx, on, h.tenant_id, await tenantEnv(tx, h.tenant_id), now, {
    account_id: h.account_id, symbol, side: 'buy', type: 'market', time_in_force: 'day', notional: amount.toFixed(2),
  });
  if (!order) {
    await setStatus(tx, h, 'buy_failed', now);
    return;
  }
  await tx.query(`UPDATE harvests SET status = 'buying', buy_order_id = $3, replacement_symbol = $4 WHERE tenant_id = $1 AND id = $2`,
    [h.tenant_id, h.id, order.id, symbol]);
  // A market buy usually fills in full at once; the finished hook ran before the link existed.
  if (order.status !== 'new' && order.status !== 'accepted' && order.status !== 'partially_filled') await finishBuy(tx, h.tenant_id, h.id, order, now);
}

async function finishBuy(tx: Queryable, tenantId: string, id: string, order: OrderRow, now: Date): Promise<void> {
  const h = (await loadHarvestRow(tx, tenantId, id))!;
  if (h.status !== 'buying') return;
  if (new Decimal(order.filled_quantity).isZero()) {
    await setStatus(tx, h, 'buy_failed', now);
    return;
  }
  await setStatus(tx, h, 'completed', now);
  if (h.kind !== 'harvest') return;
  await emitEvent(tx, {
    tenantId, type: 'harvest.completed', object: harvestJson(h) as unknown as Record<string, unknown>, previousStatus: null, now,
  });
}

/** An orderFinished listener: a replacement buy finished (completes the harvest), or a sell that sold nothing (cancels it). */
export async function harvestOrderFinished(tx: Queryable, order: OrderRow, now: Date, placing?: Placing): Promise<void> {
  // An order finishing as it is placed is no harvest's yet (placeReplacementBuy and
  // runHarvestSell link it, and handle its outcome, once placement returns).
  if (placing) return;
  if (order.side === 'buy') {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT id FROM harvests WHERE tenant_id = $1 AND buy_order_id = $2 AND status = 'buying'`, [order.tenant_id, order.id]);
    for (const r of rows) await finishBuy(tx, order.tenant_id, r.id, order, now);
    return;
  }
  if (!new Decimal(order.filled_quantity).isZero()) return;
  await tx.query(
    `UPDATE harvests SET status = 'canceled', completed_at = $3 WHERE tenant_id = $1 AND sell_order_id = $2 AND status = 'sold'`,
    [order.tenant_id, order.id, now]);
}