// The daily tax-loss harvesting scan: which lots of which managed accounts to harvest at the
// next open, and which completed harvests to swap back, recorded as pending decisions.
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
//
// The sells that carry the decisions out, and the buys after them: services/harvesting.ts.
import { uuidv7 } from '../random.ts';
import type { Queryable } from '../db/db.ts';
import { nextOpen, nyDate, type IsoDate } from '../domain/calendar.ts';
import { Decimal } from '../domain/money.ts';
import {
  HARVEST_MIN_LOSS_FRACTION, pickHarvestLots, recentBuysSince, replacementFor, nyDayStart, type ClassSymbols, type HarvestLot,
} from '../domain/wash-sale.ts';
import { marketData, tenantShocks } from '../market/index.ts';
import { loadAssetClasses, type AssetClassRow } from './asset-classes.ts';
import { tenantEnv } from './tenant-clock.ts';

/** symbol → its class (primary or secondary; the first class listing it wins). */
function classesBySymbol(classes: readonly AssetClassRow[]): Map<string, AssetClassRow> {
  const out = new Map<string, AssetClassRow>();
  for (const c of classes) for (const s of [c.primary_symbol, ...c.secondary_symbols]) if (!out.has(s)) out.set(s, c);
  return out;
}

/** A class's tickers as the wash-sale rules take them. */
export const symbolsOf = (c: AssetClassRow): ClassSymbols => ({ primary: c.primary_symbol, secondary: c.secondary_symbols });

const MANAGED = `a.managed AND a.account_type = 'investment' AND a.status = 'active'`;

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
