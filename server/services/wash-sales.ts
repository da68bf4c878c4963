// Wash-sale rules (IRS Publication 550) as the rest of managed investing consults them, and the
// records that enforce them. Pure rules are in domain/wash-sale.ts.
//
// Scope: managed investment accounts (accounts.managed AND account_type = 'investment'), whose
// trades Finos directs. Every lot sale at a loss there opens a window (loss_sales) that blocks
// buying the symbol back through the sale's date + 30; a purchase of the same symbol within 30
// days before or after such a sale is a wash sale (wash_sales): the disallowed part of the loss
// is added to the replacement lot's cost_basis (and shown as its wash_sale_disallowed). Basis is
// not cash, so nothing is journaled. Self-directed accounts are left to the customer's own records.
import { uuidv7 } from '../random.ts';
import type { Queryable } from '../db/db.ts';
import { addCalendarDays, nyDate, type IsoDate } from '../domain/calendar.ts';
import { Decimal } from '../domain/money.ts';
import {
  buySymbol, matchWashSales, nyDayStart, remainingDisallowed, WASH_SALE_WINDOW_DAYS, washSaleWindowEnds,
  type OpenLoss, type Replacement, type WashMatch,
} from '../domain/wash-sale.ts';
import type { OrderFill } from './hooks.ts';

/** An asset class as the rebalancer sees it: the primary ETF and its alternates in order. */
export interface ClassTickers {
  id: string;
  primary: string;
  secondary: string[];
}

/** Whether the account is one whose wash sales Finos tracks: managed and an investment account. */
export async function isManagedInvestment(tx: Queryable, tenantId: string, accountId: string): Promise<boolean> {
  const { rows } = await tx.query<{ ok: boolean }>(
    `SELECT managed AND account_type = 'investment' AS ok FROM accounts WHERE tenant_id = $1 AND id = $2`, [tenantId, accountId]);
  return rows[0]?.ok === true;
}

/** Symbols the account sold at a loss whose windows are still open on `today` (not to be bought). */
export async function blockedSymbols(tx: Queryable, tenantId: string, accountId: string, today: IsoDate): Promise<Set<string>> {
  const { rows } = await tx.query<{ symbol: string }>(
    'SELECT DISTINCT symbol FROM loss_sales WHERE tenant_id = $1 AND account_id = $2 AND window_ends >= $3', [tenantId, accountId, today]);
  return new Set(rows.map((r) => r.symbol));
}

/**
 * The ticker a managed account buys for `cls` at `now`: the primary, unless the account sold it
 * at a loss within the last 30 days, then the first alternate not itself in such a window (or
 * the replacement it already holds for the class).
 */
export async function buySymbolFor(tx: Queryable, tenantId: string, accountId: string, cls: ClassTickers, now: Date): Promise<string> {
  const today = nyDate(now);
  const blocked = await blockedSymbols(tx, tenantId, accountId, today);
  // The replacement of a harvest in this class whose window is open, while the account holds it.
  const { rows } = await tx.query<{ symbol: string }>(
    `SELECT h.replacement_symbol AS symbol FROM harvests h
      WHERE h.tenant_id = $1 AND h.account_id = $2 AND h.kind = 'harvest' AND h.status IN ('buying', 'completed')
        AND h.wash_sale_window_ends >= $3 AND h.replacement_symbol = ANY($4::text[])
        AND EXISTS (SELECT 1 FROM tax_lots l WHERE l.tenant_id = h.tenant_id AND l.account_id = h.account_id
                      AND l.symbol = h.replacement_symbol AND l.quantity > 0)
      ORDER BY h.created_at DESC, h.id DESC LIMIT 1`,
    [tenantId, accountId, today, [cls.primary, ...cls.secondary]]);
  return buySymbol(cls, blocked, rows[0]?.symbol ?? null);
}

/**
 * Whether a managed account may sell `symbol` at `now` other than at a loss: a harvest's
 * replacement is held until its wash-sale window ends.
 */
export async function mustHold(tx: Queryable, tenantId: string, accountId: string, symbol: string, now: Date): Promise<boolean> {
  const { rows } = await tx.query(
    `SELECT 1 FROM harvests WHERE tenant_id = $1 AND account_id = $2 AND kind = 'harvest' AND replacement_symbol = $3
        AND status IN ('sold', 'buying', 'completed') AND wash_sale_window_ends >= $4 LIMIT 1`,
    [tenantId, accountId, symbol, nyDate(now)]);
  return rows.length > 0;
}

interface LossRow {
  lot_sale_id: string;
  quantity: string;
  loss: string;
  matched_quantity: string;
  disallowed: string;
}

const openLoss = (r: LossRow): OpenLoss => ({
  id: r.lot_sale_id, quantity: new Decimal(r.quantity), loss: new Decimal(r.loss),
  matched_quantity: new Decimal(r.matched_quantity), disallowed: new Decimal(r.disallowed),
});

/** Records the matches: wash_sales rows, the loss sales' matched part, the replacement lots' basis. */
async function applyMatches(tx: Queryable, tenantId: string, accountId: string, symbol: string, matches: WashMatch[], now: Date) {
  for (const m of matches) {
    await tx.query(
      `INSERT INTO wash_sales (tenant_id, id, account_id, symbol, lot_sale_id, replacement_lot_id, quantity, disallowed_loss, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [tenantId, uuidv7(), accountId, symbol, m.loss_id, m.lot_id, m.quantity.toFixed(), m.disallowed.toFixed(2), now]);
    await tx.query(
      `UPDATE loss_sales SET matched_quantity = matched_quantity + $3::numeric, disallowed = disallowed + $4::numeric
        WHERE tenant_id = $1 AND lot_sale_id = $2`, [tenantId, m.loss_id, m.quantity.toFixed(), m.disallowed.toFixed(2)]);
    await tx.query(
      `UPDATE tax_lots SET cost_basis = cost_basis + $3::numeric, wash_sale_disallowed = wash_sale_disallowed + $3::numeric,
              wash_replacement_quantity = wash_replacement_quantity + $4::numeric
        WHERE tenant_id = $1 AND id = $2`, [tenantId, m.lot_id, m.disallowed.toFixed(2), m.quantity.toFixed()]);
  }
}

/**
 * A sell's fill: record its lot sales at a loss (each opens a window), scale down the disallowed
 * loss carried by partly sold lots, and match the new losses with lots of the symbol bought in
 * the 30 days before the sale (not the sold lot itself: its own shares are the original purchase).
 */
async function sellFilled(tx: Queryable, f: OrderFill, now: Date): Promise<void> {
  const o = f.order;
  const { rows: sales } = await tx.query<{ id: string; lot_id: string; quantity: string; realized_gain: string; lot_quantity: string; lot_disallowed: string }>(
    `SELECT s.id, s.lot_id, s.quantity, s.realized_gain, l.quantity AS lot_quantity, l.wash_sale_disallowed AS lot_disallowed
       FROM lot_sales s JOIN tax_lots l ON l.tenant_id = s.tenant_id AND l.id = s.lot_id
      WHERE s.tenant_id = $1 AND s.order_id = $2 AND s.sold_at = $3 AND s.lot_id = ANY($4::uuid[])
      ORDER BY array_position($4::uuid[], s.lot_id)`,
    [o.tenant_id, o.id, now, f.lotIds]);
  const saleDate = nyDate(now);
  for (const s of sales) {
    const disallowed = new Decimal(s.lot_disallowed);
    if (disallowed.gt(0)) {
      const after = new Decimal(s.lot_quantity);
      await tx.query('UPDATE tax_lots SET wash_sale_disallowed = $3 WHERE tenant_id = $1 AND id = $2',
        [o.tenant_id, s.lot_id, remainingDisallowed(disallowed, after.plus(s.quantity), after).toFixed(2)]);
    }
    if (new Decimal(s.realized_gain).gte(0)) continue;
    await tx.query(
      `INSERT INTO loss_sales (tenant_id, lot_sale_id, account_id, symbol, sold_at, window_ends, quantity, loss)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [o.tenant_id, s.id, o.account_id, o.symbol, now, washSaleWindowEnds(saleDate), s.quantity, new Decimal(s.realized_gain).neg().toFixed(2)]);
  }
  const losses = sales.filter((s) => new Decimal(s.realized_gain).lt(0));
  if (losses.length === 0) return;
  const { rows: lots } = await tx.query<{ id: string; quantity: string; wash_replacement_quantity: string }>(
    `SELECT id, quantity, wash_replacement_quantity FROM tax_lots
      WHERE tenant_id = $1 AND account_id = $2 AND symbol = $3 AND quantity > wash_replacement_quantity
        AND acquired_at >= $4 AND acquired_at <= $5
      ORDER BY acquired_at, id`,
    [o.tenant_id, o.account_id, o.symbol, nyDayStart(addCalendarDays(saleDate, -WASH_SALE_WINDOW_DAYS)), now]);
  const replacements: Replacement[] = lots.map((l) => ({ id: l.id, capacity: new Decimal(l.quantity).minus(l.wash_replacement_quantity) }));
  for (const s of losses) {
    const loss: OpenLoss = { id: s.id, quantity: new Decimal(s.quantity), loss: new Decimal(s.realized_gain).neg(), matched_quantity: new Decimal(0), disallowed: new Decimal(0) };
    const candidates = replacements.filter((r) => r.id !== s.lot_id && r.capacity.gt(0));
    const matches = matchWashSales([loss], candidates);
    for (const m of matches) {
      const r = replacements.find((x) => x.id === m.lot_id)!;
      r.capacity = r.capacity.minus(m.quantity);
    }
    await applyMatches(tx, o.tenant_id, o.account_id, o.symbol, matches, now);
  }
}

/** A buy's fill: the lot it opened replaces the open losses of the symbol (oldest first). */
async function buyFilled(tx: Queryable, f: OrderFill, now: Date): Promise<void> {
  const o = f.order;
  const lotId = f.lotIds[0];
  if (!lotId) return;
  const { rows } = await tx.query<LossRow>(
    `SELECT lot_sale_id, quantity, loss, matched_quantity, disallowed FROM loss_sales
      WHERE tenant_id = $1 AND account_id = $2 AND symbol = $3 AND window_ends >= $4 AND sold_at <= $5 AND matched_quantity < quantity
      ORDER BY sold_at, lot_sale_id`,
    [o.tenant_id, o.account_id, o.symbol, nyDate(now), now]);
  if (rows.length === 0) return;
  const matches = matchWashSales(rows.map(openLoss), [{ id: lotId, capacity: f.quantity }]);
  await applyMatches(tx, o.tenant_id, o.account_id, o.symbol, matches, now);
}

/** The onOrderFill listener: wash-sale bookkeeping for managed investment accounts. */
export async function recordWashSales(tx: Queryable, f: OrderFill, now: Date): Promise<void> {
  // An order filling as it is placed: placement has just read its account under the lock.
  const tracked = f.placing
    ? f.placing.managed && f.placing.account_type === 'investment'
    : await isManagedInvestment(tx, f.order.tenant_id, f.order.account_id);
  if (!tracked) return;
  if (f.order.side === 'sell') await sellFilled(tx, f, now);
  else await buyFilled(tx, f, now);
}
