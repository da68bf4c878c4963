// Tax-loss harvesting in managed investment accounts (docs/guides/tax-loss-harvesting.md).
//
// 1. Scan (daily, 15 minutes after each session's close, by the tenant clock): one set-based
//    query finds, across all the tenant's managed investment accounts, the lots of asset-class
//    ETFs whose value at the closing bid is at least 5% below their basis; per account and symbol
//    the qualifying lots are harvested when their losses add up to $25.00 or more, unless a
//    harvest of the symbol is already under way or every alternate of the class is in a wash-sale
//    window. Every lot of the symbol bought within the last 30 days and still held is sold with
//    them, at a loss or not: selling the very shares bought is no wash sale, and with them gone no
//    purchase in the window is left to replace the loss (the net loss must still reach $25.00). The decision is recorded (status pending) for the next open. The same
//    scan decides swaps back: a completed harvest whose window has ended, while the account still
//    holds the replacement and may buy the primary again, sells the replacement and buys the primary.
// 2. Sell (at the next session's open): the decision is checked again at the live bid (prices
//    move overnight; a lot no longer 5% down is kept unless it is recent, and a lot bought since
//    the scan joins the sale) and the lots are sold at market by specific identification. The harvest is recorded then: quantity, proceeds, realized loss (the lot
//    sales' realized gain) and the window's last day (the sale's New York date + 30).
// 3. Buy (when the proceeds settle, T+1 at the open): a notional market buy of the replacement
//    for the proceeds (never more than the settled cash; cents, rounded down), chosen again in
//    case a window opened meanwhile. harvest.completed is emitted when that buy finishes having
//    filled something; a buy that cannot be placed or fills nothing leaves the cash for the
//    rebalancer (which buys the replacement while the window is open: wash-sales.ts buySymbolFor).
import type { components } from '../../generated/schema.d.ts';
import { v7 as uuidv7 } from 'uuid';
import type { FinosEnv } from '../config.ts';
import type { Queryable } from '../db/db.ts';
import { nextOpen, nyDate, type IsoDate } from '../domain/calendar.ts';
import { Decimal, moneyString, quantityString, toShares } from '../domain/money.ts';
import {
  HARVEST_MIN_LOSS_FRACTION, pickHarvestLots, recentBuysSince, replacementFor, nyDayStart, washSaleWindowEnds, type ClassSymbols,
  type HarvestLot,
} from '../domain/wash-sale.ts';
import { isRefusal } from '../errors.ts';
import type { ListSpec } from '../db/paging.ts';
import { marketData, tenantShocks } from '../market/index.ts';
import { loadAccountRow } from './accounts.ts';
import { loadAssetClasses, type AssetClassRow } from './asset-classes.ts';
import { emitEvent } from './events.ts';
import type { CashSettled, Listeners, OrderFill, Placing } from './hooks.ts';
import { bookBalance } from './ledger.ts';
import { loadOrderRow, placeOrder, type OrderRow } from './orders.ts';
import { blockedSymbols } from './wash-sales.ts';

type Harvest = components['schemas']['Harvest'];

export interface HarvestRow {
  tenant_id: string;
  id: string;
  account_id: string;
  kind: 'harvest' | 'swap_back';
  status: 'pending' | 'canceled' | 'sold' | 'buying' | 'completed' | 'buy_failed';
  asset_class_id: string;
  sold_symbol: string;
  replacement_symbol: string;
  lot_ids: string[];
  swap_of: string | null;
  decided_at: Date;
  sell_at: Date;
  sell_order_id: string | null;
  buy_order_id: string | null;
  quantity: string;
  proceeds: string;
  /** Proceeds − basis of the shares sold (negative for a harvest). */
  realized_loss: string;
  /** A DATE column: read back as text (see dateText). */
  wash_sale_window_ends: string | Date | null;
  created_at: Date;
  completed_at: Date | null;
}

/** DATE columns come back as a string from PGlite and as a local-midnight Date from node-postgres. */
function dateText(d: string | Date): IsoDate {
  if (typeof d === 'string') return d.slice(0, 10);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function harvestJson(r: HarvestRow): Harvest {
  return {
    id: r.id,
    account_id: r.account_id,
    asset_class_id: r.asset_class_id,
    sold_symbol: r.sold_symbol,
    replacement_symbol: r.replacement_symbol,
    quantity: quantityString(new Decimal(r.quantity)),
    proceeds: moneyString(new Decimal(r.proceeds)),
    realized_loss: moneyString(new Decimal(r.realized_loss)),
    sell_order_id: r.sell_order_id!,
    buy_order_id: r.buy_order_id,
    wash_sale_window_ends: dateText(r.wash_sale_window_ends!),
    created_at: r.created_at.toISOString(),
  };
}

/**
 * The rows of the harvests table that are harvests as the API shows them: sells placed that sold
 * something (not the scan's decisions, not swaps back). Statements and lists filter with it.
 */
export const LISTED_HARVESTS = `kind = 'harvest' AND sell_order_id IS NOT NULL AND status <> 'canceled'`;

/** GET /v1/accounts/{id}/harvests. */
export function harvestListSpec(tenantId: string, accountId: string): ListSpec {
  return {
    table: 'harvests',
    where: `tenant_id = $1 AND account_id = $2 AND ${LISTED_HARVESTS}`,
    params: [tenantId, accountId],
    filters: {},
  };
}

async function tenantEnv(tx: Queryable, tenantId: string): Promise<FinosEnv> {
  const { rows } = await tx.query<{ env: FinosEnv }>('SELECT env FROM tenants WHERE id = $1', [tenantId]);
  return rows[0]?.env ?? 'production';
}

/** symbol → its class (primary or secondary; the first class listing it wins). */
function classesBySymbol(classes: readonly AssetClassRow[]): Map<string, AssetClassRow> {
  const out = new Map<string, AssetClassRow>();
  for (const c of classes) for (const s of [c.primary_symbol, ...c.secondary_symbols]) if (!out.has(s)) out.set(s, c);
  return out;
}

const symbolsOf = (c: AssetClassRow): ClassSymbols => ({ primary: c.primary_symbol, secondary: c.secondary_symbols });

const MANAGED = `a.managed AND a.account_type = 'investment' AND a.status = 'active'`;

// ---------------------------------------------------------------------------------------------
// 1. The daily scan

interface CandidateLot {
  account_id: string;
  symbol: string;
  id: string;
  quantity: string;
  cost_basis: string;
  recent: boolean;
}

/** The daily scan at `now`: records harvest and swap-back decisions for the next open. Answers how many. */
export async function scanHarvests(tx: Queryable, tenantId: string, now: Date): Promise<number> {
  const { rows: managed } = await tx.query(
    `SELECT 1 FROM accounts a WHERE a.tenant_id = $1 AND ${MANAGED} LIMIT 1`, [tenantId]);
  if (managed.length === 0) return 0;
  const today = nyDate(now);
  const sellAt = nextOpen(now);
  const classes = classesBySymbol(await loadAssetClasses(tx, tenantId));
  const shocks = await tenantShocks(tx, tenantId, await tenantEnv(tx, tenantId));
  // The class symbols any managed account holds, and their bids now (after the close: the closing bid).
  const { rows: held } = await tx.query<{ symbol: string }>(
    `SELECT DISTINCT l.symbol FROM tax_lots l JOIN accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
      WHERE l.tenant_id = $1 AND l.quantity > 0 AND ${MANAGED} AND l.symbol = ANY($2::text[])`,
    [tenantId, [...classes.keys()]]);
  const bids = new Map(held.map((h) => [h.symbol, marketData.quoteAt(h.symbol, now, shocks).bid]));
  let decided = 0;
  if (bids.size > 0) decided += await decideHarvests(tx, tenantId, now, today, sellAt, classes, bids);
  decided += await decideSwapsBack(tx, tenantId, now, today, sellAt, classes);
  return decided;
}

async function decideHarvests(
  tx: Queryable, tenantId: string, now: Date, today: IsoDate, sellAt: Date, classes: Map<string, AssetClassRow>, bids: Map<string, Decimal>,
): Promise<number> {
  // One query for every account: lots down ≥ 5% (a cent of slack: the exact test, with cents
  // rounding, is pickHarvestLots) and lots bought within the last 30 days (sold with them), of
  // symbols with no harvest under way.
  const symbols = [...bids.keys()];
  const { rows } = await tx.query<CandidateLot>(
    `SELECT l.account_id, l.symbol, l.id, l.quantity, l.cost_basis, l.acquired_at >= $5 AS recent
       FROM tax_lots l
       JOIN accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
       JOIN unnest($2::text[], $3::numeric[]) AS p(symbol, bid) ON p.symbol = l.symbol
      WHERE l.tenant_id = $1 AND l.quantity > 0 AND ${MANAGED}
        AND (l.quantity * p.bid <= l.cost_basis * (1 - $4::numeric) + 0.01 OR l.acquired_at >= $5)
        AND NOT EXISTS (SELECT 1 FROM harvests h WHERE h.tenant_id = l.tenant_id AND h.account_id = l.account_id
                          AND h.status IN ('pending', 'sold', 'buying') AND l.symbol IN (h.sold_symbol, h.replacement_symbol))
      ORDER BY l.account_id, l.symbol, l.acquired_at, l.id`,
    [tenantId, symbols, symbols.map((s) => bids.get(s)!.toFixed()), HARVEST_MIN_LOSS_FRACTION.toFixed(), nyDayStart(recentBuysSince(today))]);
  if (rows.length === 0) return 0;
  const groups = new Map<string, { accountId: string; symbol: string; lots: HarvestLot[] }>();
  for (const r of rows) {
    const key = `${r.account_id}|${r.symbol}`;
    const g = groups.get(key) ?? { accountId: r.account_id, symbol: r.symbol, lots: [] };
    g.lots.push({ id: r.id, quantity: new Decimal(r.quantity), cost_basis: new Decimal(r.cost_basis), recent: r.recent });
    groups.set(key, g);
  }
  const accounts = [...new Set(rows.map((r) => r.account_id))];
  const blocked = await blockedByAccount(tx, tenantId, accounts, today);
  const decisions: Array<[string, string, string, string, string, string[]]> = [];
  for (const g of groups.values()) {
    const pick = pickHarvestLots(g.lots, bids.get(g.symbol)!);
    if (!pick) continue;
    const cls = classes.get(g.symbol)!;
    const replacement = replacementFor(symbolsOf(cls), g.symbol, blocked.get(g.accountId) ?? new Set());
    if (!replacement) continue;
    decisions.push([uuidv7(), g.accountId, cls.id, g.symbol, replacement, pick.lots.map((l) => l.id)]);
  }
  for (const [id, accountId, classId, sold, replacement, lotIds] of decisions) {
    await insertDecision(tx, tenantId, { id, accountId, kind: 'harvest', classId, sold, replacement, lotIds, swapOf: null, now, sellAt });
  }
  return decisions.length;
}

async function blockedByAccount(tx: Queryable, tenantId: string, accountIds: string[], today: IsoDate): Promise<Map<string, Set<string>>> {
  const { rows } = await tx.query<{ account_id: string; symbol: string }>(
    `SELECT DISTINCT account_id, symbol FROM loss_sales WHERE tenant_id = $1 AND account_id = ANY($2::uuid[]) AND window_ends >= $3`,
    [tenantId, accountIds, today]);
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const s = out.get(r.account_id) ?? new Set<string>();
    s.add(r.symbol);
    out.set(r.account_id, s);
  }
  return out;
}

interface Decision {
  id: string;
  accountId: string;
  kind: 'harvest' | 'swap_back';
  classId: string;
  sold: string;
  replacement: string;
  lotIds: string[];
  swapOf: string | null;
  now: Date;
  sellAt: Date;
}

async function insertDecision(tx: Queryable, tenantId: string, d: Decision): Promise<void> {
  await tx.query(
    `INSERT INTO harvests (tenant_id, id, account_id, kind, status, asset_class_id, sold_symbol, replacement_symbol, lot_ids, swap_of,
       decided_at, sell_at, created_at)
     VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9, $10, $11, $10)`,
    [tenantId, d.id, d.accountId, d.kind, d.classId, d.sold, d.replacement, d.lotIds, d.swapOf, d.now, d.sellAt]);
}

/**
 * Swaps back: a completed harvest whose window has ended, while the account still holds the
 * replacement, has no harvest of it under way, and may buy the primary (no open window on it).
 * Every lot of the replacement is sold (at a gain or a loss), and the primary bought.
 */
async function decideSwapsBack(tx: Queryable, tenantId: string, now: Date, today: IsoDate, sellAt: Date, classes: Map<string, AssetClassRow>): Promise<number> {
  const { rows } = await tx.query<{ id: string; account_id: string; asset_class_id: string; replacement_symbol: string; lot_ids: string[] }>(
    `SELECT DISTINCT ON (h.account_id, h.replacement_symbol) h.id, h.account_id, h.asset_class_id, h.replacement_symbol,
            ARRAY(SELECT l.id FROM tax_lots l WHERE l.tenant_id = h.tenant_id AND l.account_id = h.account_id
                    AND l.symbol = h.replacement_symbol AND l.quantity > 0 ORDER BY l.acquired_at, l.id) AS lot_ids
       FROM harvests h JOIN accounts a ON a.tenant_id = h.tenant_id AND a.id = h.account_id
      WHERE h.tenant_id = $1 AND h.kind = 'harvest' AND h.status = 'completed' AND h.wash_sale_window_ends < $2 AND ${MANAGED}
        AND NOT EXISTS (SELECT 1 FROM harvests s WHERE s.tenant_id = h.tenant_id AND s.swap_of = h.id AND s.status <> 'canceled')
        AND NOT EXISTS (SELECT 1 FROM harvests o WHERE o.tenant_id = h.tenant_id AND o.account_id = h.account_id
                          AND o.status IN ('pending', 'sold', 'buying') AND h.replacement_symbol IN (o.sold_symbol, o.replacement_symbol))
        AND NOT EXISTS (SELECT 1 FROM loss_sales w JOIN asset_classes c ON c.tenant_id = w.tenant_id AND c.id = h.asset_class_id
                         WHERE w.tenant_id = h.tenant_id AND w.account_id = h.account_id AND w.symbol = c.primary_symbol AND w.window_ends >= $2)
      ORDER BY h.account_id, h.replacement_symbol, h.created_at DESC, h.id DESC`,
    [tenantId, today]);
  let n = 0;
  for (const r of rows) {
    const cls = [...classes.values()].find((c) => c.id === r.asset_class_id);
    if (!cls || r.lot_ids.length === 0 || cls.primary_symbol === r.replacement_symbol) continue;
    await insertDecision(tx, tenantId, {
      id: uuidv7(), accountId: r.account_id, kind: 'swap_back', classId: cls.id, sold: r.replacement_symbol,
      replacement: cls.primary_symbol, lotIds: r.lot_ids, swapOf: r.id, now, sellAt,
    });
    n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// 2. The sell at the open

export async function loadHarvestRow(tx: Queryable, tenantId: string, id: string, forUpdate = false): Promise<HarvestRow | null> {
  const { rows } = await tx.query<HarvestRow>(
    `SELECT * FROM harvests WHERE tenant_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [tenantId, id]);
  return rows[0] ?? null;
}

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
  const account = await loadAccountRow(tx, tenantId, peek.account_id, true);
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
