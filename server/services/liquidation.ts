// Withdrawal liquidation: a withdrawal that the account's settled cash does not cover sells
// holdings for the difference, then sends the ACH once the sales are done.
//
// Rules (docs/guides/dividends.md, "Withdrawals that sell holdings"):
// - Limit: the amount may not exceed settled cash plus the free shares (not committed to open
//   sells) valued at the bid, minus what other withdrawals still waiting for the open have yet to
//   raise; above it, 402 naming `amount`.
// - The account's cash is held for the withdrawal at once (cash → cash_held). The shortfall plus a
//   2% buffer (LIQUIDATION_BUFFER, rounded up to the cent) is sold pro rata across the positions:
//   every position sells the same fraction of its free shares, rounded UP to 4 decimals but never
//   more than it holds; when the target is the whole portfolio or more, everything is sold.
//   Market day orders; within each symbol the lots at a loss go first (largest loss per share
//   first), then first in, first out.
// - Market closed at the request: the withdrawal waits (liquidation_order_ids empty) and the sells
//   are placed at the next open, by a scheduler source; cash that settled by then is used first.
// - Each sell's proceeds are held for the withdrawal as they settle (T+1 at the open), so nothing
//   else can spend them. When every sell is finished (filled, or expired at the close with what it
//   filled) and all its proceeds have settled, the ACH is sent: the amount is reserved in full, the
//   transactions line is written, and the withdrawal completes 3 business days later
//   (expected_settlement_date moves to that day). If the sales raised less than needed (the bid
//   fell, a sell was canceled), `amount` is reduced to what is held (the contract's rule) and the
//   asked-for amount is kept in requested_amount. Any buffer beyond the amount stays as cash.
// - If nothing at all could be raised (the sells found no bid or were canceled unfilled, or none
//   could be placed) and the account has no cash for it, the withdrawal ends `failed` with a
//   failure_reason and withdrawaltransition.failed; what it held (nothing, then) is released.
import type { Scope } from '../context.ts';
import type { components } from '../../generated/schema.d.ts';
import type { FinosEnv } from '../config.ts';
import type { Queryable } from '../db/db.ts';
import { currentSession, nyDate, nyInstant, nextOpen, OPEN_HH_MM, settlementDate } from '../domain/calendar.ts';
import { accountBook, move, USD, type Posting } from '../domain/ledger.ts';
import { Decimal, moneyString, quantityString, toCentsUp, tradeCash } from '../domain/money.ts';
import { ApiError } from '../errors.ts';
import { marketData, tenantShocks } from '../market/index.ts';
import { lockAccount } from './accounts.ts';
import type { CashSettled, Listeners, Placing } from './hooks.ts';
import { bookBalance, postJournal } from './ledger.ts';
import { tenantEnv } from './tenant-clock.ts';
import { placeOrder, type OrderRow } from './orders.ts';
import { tableSource, type ScheduleSource } from './scheduler.ts';
import {
  emitTransfer, insertTransfer, loadTransferRow, settlementOf, withdrawalJson, type TransferRow,
} from './transfer-rows.ts';

type Withdrawal = components['schemas']['Withdrawal'];
type TransferRequest = components['schemas']['WithdrawalCreateRequest'];

/** Sell this much more than the shortfall: the bid can move before a sell fills, and fills round to the cent. */
export const LIQUIDATION_BUFFER = new Decimal('0.02');

// ---- planning (pure) ----

export interface LotView {
  id: string;
  quantity: Decimal;
  cost_basis: Decimal;
  acquired_at: Date;
}

export interface Holding {
  symbol: string;
  /** Free shares (the securities book: not committed to an open sell). */
  quantity: Decimal;
  bid: Decimal;
  lots: LotView[];
}

export interface PlannedSell {
  symbol: string;
  quantity: Decimal;
  /** Lots at a loss, largest loss per share first; the order engine goes FIFO after them. */
  lotIds: string[];
}

/** Dollars to raise for a shortfall: plus the buffer, rounded up to the cent. */
export const liquidationTarget = (shortfall: Decimal): Decimal => toCentsUp(shortfall.times(new Decimal(1).plus(LIQUIDATION_BUFFER)));

/** What selling a holding at the bid pays: the sale's cash, rounded down to the cent (money.ts tradeCash). */
export const valueAtBid = (h: Pick<Holding, 'quantity' | 'bid'>): Decimal => tradeCash('sell', h.quantity, h.bid);

/** Lots whose basis per share is above the bid, the largest loss per share first (then the oldest). */
export function lossLots(lots: readonly LotView[], bid: Decimal): string[] {
  const loss = (l: LotView) => l.cost_basis.div(l.quantity).minus(bid);
  return lots
    .filter((l) => l.quantity.gt(0) && loss(l).gt(0))
    .sort((a, b) => loss(b).comparedTo(loss(a)) || a.acquired_at.getTime() - b.acquired_at.getTime() || (a.id < b.id ? -1 : 1))
    .map((l) => l.id);
}

/**
 * The sells that raise `shortfall` (plus the buffer) pro rata across the holdings: each sells the
 * same fraction of its free shares, rounded up to 4 decimals and capped at what it holds.
 */
export function planLiquidation(holdings: readonly Holding[], shortfall: Decimal): PlannedSell[] {
  const live = holdings.filter((h) => h.quantity.gt(0) && h.bid.gt(0));
  if (shortfall.lte(0) || live.length === 0) return [];
  const total = live.reduce((s, h) => s.plus(h.quantity.times(h.bid)), new Decimal(0));
  const fraction = Decimal.min(1, liquidationTarget(shortfall).div(total));
  return live.map((h) => ({
    symbol: h.symbol,
    quantity: Decimal.min(h.quantity, h.quantity.times(fraction).toDecimalPlaces(4, Decimal.ROUND_UP)),
    lotIds: lossLots(h.lots, h.bid),
  })).filter((s) => s.quantity.gt(0));
}

// ---- reading the account ----

/** The account's free shares with their bid at `now` and their open lots. */
export async function sellableHoldings(tx: Queryable, tenantId: string, accountId: string, now: Date): Promise<Holding[]> {
  const { rows } = await tx.query<{ asset: string; amount: string }>(
    `SELECT asset, amount FROM ledger_balances
      WHERE tenant_id = $1 AND account_id = $2 AND book = 'securities' AND asset <> $3 AND amount > 0 ORDER BY asset`,
    [tenantId, accountId, USD]);
  if (rows.length === 0) return [];
  const shocks = await tenantShocks(tx, tenantId, 'sandbox');
  const { rows: lots } = await tx.query<{ id: string; symbol: string; quantity: string; cost_basis: string; acquired_at: Date }>(
    `SELECT id, symbol, quantity, cost_basis, acquired_at FROM tax_lots
      WHERE tenant_id = $1 AND account_id = $2 AND quantity > 0 ORDER BY acquired_at, id`, [tenantId, accountId]);
  return rows.map((r) => ({
    symbol: r.asset,
    quantity: new Decimal(r.amount),
    bid: marketData.quoteAt(r.asset, now, shocks).bid,
    lots: lots.filter((l) => l.symbol === r.asset).map((l) => ({
      id: l.id, quantity: new Decimal(l.quantity), cost_basis: new Decimal(l.cost_basis), acquired_at: l.acquired_at,
    })),
  }));
}

/**
 * What holdings can still add to a withdrawal: the free shares at the bid, less what the account's
 * other withdrawals waiting for the open have yet to raise (their sells are not placed yet).
 */
export async function sellableValue(tx: Queryable, tenantId: string, accountId: string, now: Date): Promise<Decimal> {
  const holdings = await sellableHoldings(tx, tenantId, accountId, now);
  const value = holdings.reduce((s, h) => s.plus(valueAtBid(h)), new Decimal(0));
  const { rows } = await tx.query<{ owed: string | null }>(
    `SELECT sum(amount - held) AS owed FROM withdrawals
      WHERE tenant_id = $1 AND account_id = $2 AND status = 'pending' AND liquidation_state = 'awaiting_open'`,
    [tenantId, accountId]);
  return Decimal.max(0, value.minus(rows[0]?.owed ?? 0));
}

// ---- the withdrawal's life ----

interface LiquidationRow extends TransferRow {
  liquidation_state: 'awaiting_open' | 'selling' | 'sent' | null;
  held: string;
}

async function loadLiquidation(tx: Queryable, tenantId: string, id: string): Promise<LiquidationRow> {
  const base = await loadTransferRow(tx, 'withdrawal', tenantId, id, true);
  const { rows } = await tx.query<{ liquidation_state: LiquidationRow['liquidation_state']; held: string }>(
    'SELECT liquidation_state, held FROM withdrawals WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  return { ...base, ...rows[0]! };
}

/** When a sale made on the day of `at` settles, and the withdrawal sent then completes: the estimate shown until it is sent. */
function estimatedSettlement(saleAt: Date): { date: string; at: Date } {
  const proceeds = nyInstant(settlementDate(nyDate(saleAt), 'equity'), OPEN_HH_MM);
  return settlementOf('withdrawal', proceeds);
}

/** Holds up to `max` of the account's settled cash for the withdrawal; returns what it now holds. */
async function holdCash(tx: Queryable, w: LiquidationRow, max: Decimal, now: Date): Promise<Decimal> {
  const held = new Decimal(w.held);
  const cash = await bookBalance(tx, w.tenant_id, w.account_id, 'cash');
  const take = Decimal.min(max, cash, new Decimal(w.amount).minus(held));
  if (take.lte(0)) return held;
  await postJournal(tx, {
    tenantId: w.tenant_id, accountId: w.account_id, kind: 'withdrawal_hold', refType: 'withdrawal', refId: w.id,
    postings: move(accountBook(w.account_id, 'cash'), accountBook(w.account_id, 'cash_held'), USD, take), now,
  });
  const after = held.plus(take);
  await tx.query('UPDATE withdrawals SET held = $3 WHERE tenant_id = $1 AND id = $2', [w.tenant_id, w.id, after.toFixed(2)]);
  w.held = after.toFixed(2);
  return after;
}

/**
 * Sends the ACH: reserves the whole amount (the liquidation's hold plus any settled cash still
 * needed), writes the transactions line, and schedules completion 3 business days from `now`.
 * The amount shrinks to what could be held when the sales raised less.
 */
async function send(tx: Queryable, w: LiquidationRow, now: Date): Promise<void> {
  const asked = new Decimal(w.amount);
  const held = new Decimal(w.held);
  const cash = await bookBalance(tx, w.tenant_id, w.account_id, 'cash');
  const amount = held.plus(Decimal.min(asked.minus(held), cash));
  if (amount.isZero()) {
    await fail(tx, w, await nothingRaisedReason(tx, w), now);
    return;
  }
  const cashAt = (book: 'cash' | 'cash_held') => accountBook(w.account_id, book);
  // One journal moves the liquidation's hold back and reserves the withdrawal's amount, so the
  // reservation and the transactions line are one event (the net is the cash still taken).
  const postings: Posting[] = [
    ...(held.gt(0) ? move(cashAt('cash_held'), cashAt('cash'), USD, held) : []),
    ...move(cashAt('cash'), cashAt('cash_held'), USD, amount),
  ];
  const { rows: bank } = await tx.query<{ last4: string }>(
    'SELECT bank_account_number_last4 AS last4 FROM bank_accounts WHERE tenant_id = $1 AND id = $2', [w.tenant_id, w.bank_account_id]);
  await postJournal(tx, {
    tenantId: w.tenant_id, accountId: w.account_id, kind: 'withdrawal', refType: 'withdrawal', refId: w.id, postings,
    entry: {
      type: 'withdrawal', amount: amount.neg(),
      description: `ACH withdrawal to bank account ending ${bank[0]?.last4 ?? '????'}${amount.lt(asked) ? ` (reduced from ${moneyString(asked)} to what the sales raised)` : ''}`,
    },
    now,
  });
  const due = settlementOf('withdrawal', now);
  await tx.query(
    `UPDATE withdrawals SET amount = $3, requested_amount = $4, held = $3, liquidation_state = 'sent', sell_at = NULL,
       settle_at = $5, expected_settlement_date = $6 WHERE tenant_id = $1 AND id = $2`,
    [w.tenant_id, w.id, amount.toFixed(2), amount.lt(asked) ? asked.toFixed(2) : null, due.at, due.date]);
}

/** Why the sales raised nothing, in words, naming the sells (or their absence). */
async function nothingRaisedReason(tx: Queryable, w: LiquidationRow): Promise<string> {
  const { rows } = await tx.query<{ symbol: string; status: string }>(
    `SELECT o.symbol, o.status FROM withdrawal_liquidations l JOIN orders o ON o.tenant_id = l.tenant_id AND o.id = l.order_id
      WHERE l.tenant_id = $1 AND l.withdrawal_id = $2 ORDER BY o.symbol`, [w.tenant_id, w.id]);
  const sales = rows.length === 0
    ? 'no sell could be placed (nothing left to sell at a bid)'
    : `the sales made for it raised nothing (${rows.map((r) => `${r.symbol} ${r.status}`).join(', ')})`;
  return `The account's cash did not cover this withdrawal and ${sales}; nothing was sent.`;
}

/**
 * Ends a withdrawal that can send nothing: `failed`, with the reason; whatever it held goes back
 * to the account's cash, and withdrawaltransition.failed is emitted.
 */
async function fail(tx: Queryable, w: LiquidationRow, reason: string, now: Date): Promise<void> {
  const held = new Decimal(w.held);
  if (held.gt(0)) {
    await postJournal(tx, {
      tenantId: w.tenant_id, accountId: w.account_id, kind: 'withdrawal_release', refType: 'withdrawal', refId: w.id,
      postings: move(accountBook(w.account_id, 'cash_held'), accountBook(w.account_id, 'cash'), USD, held), now,
    });
  }
  await tx.query(
    `UPDATE withdrawals SET status = 'failed', failure_reason = $3, held = 0, sell_at = NULL WHERE tenant_id = $1 AND id = $2`,
    [w.tenant_id, w.id, reason]);
  const r = await loadTransferRow(tx, 'withdrawal', w.tenant_id, w.id);
  await emitTransfer(tx, 'withdrawal', r, 'pending', now);
}

/** Sends the ACH when every sell of the withdrawal is finished and its proceeds have settled. */
async function sendWhenSold(tx: Queryable, w: LiquidationRow, now: Date): Promise<boolean> {
  if (w.status !== 'pending' || w.liquidation_state !== 'selling') return false;
  const { rows } = await tx.query<{ open: string; unsettled: string }>(
    `SELECT (SELECT count(*) FROM withdrawal_liquidations l JOIN orders o ON o.tenant_id = l.tenant_id AND o.id = l.order_id
              WHERE l.tenant_id = $1 AND l.withdrawal_id = $2 AND o.status IN ('new', 'accepted', 'partially_filled')) AS open,
            (SELECT count(*) FROM withdrawal_liquidations l JOIN trade_settlements s ON s.tenant_id = l.tenant_id AND s.order_id = l.order_id
              WHERE l.tenant_id = $1 AND l.withdrawal_id = $2 AND s.status = 'pending') AS unsettled`,
    [w.tenant_id, w.id]);
  if (Number(rows[0]!.open) > 0 || Number(rows[0]!.unsettled) > 0) return false;
  await send(tx, w, now);
  return true;
}

/** Runs `f` in a savepoint; an API refusal (a sell the account may no longer place) rolls back just `f`. */
async function refusable<T>(tx: Queryable, f: () => Promise<T>): Promise<T | null> {
  await tx.query('SAVEPOINT liquidation_sell');
  try {
    const out = await f();
    await tx.query('RELEASE SAVEPOINT liquidation_sell');
    return out;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    await tx.query('ROLLBACK TO SAVEPOINT liquidation_sell');
    return null;
  }
}

/**
 * Moves a withdrawal on at `now` with the market open: holds the cash that is there, and sells
 * holdings for the rest (or sends at once when cash now covers it). `strict`: a refused sell is
 * an error (at the request); otherwise it is skipped (at the open, where nobody could be told).
 */
async function liquidate(tx: Queryable, on: Listeners, w: LiquidationRow, env: FinosEnv, now: Date, strict: boolean): Promise<void> {
  const held = await holdCash(tx, w, new Decimal(w.amount), now);
  const shortfall = new Decimal(w.amount).minus(held);
  await tx.query(`UPDATE withdrawals SET liquidation_state = 'selling', sell_at = NULL WHERE tenant_id = $1 AND id = $2`, [w.tenant_id, w.id]);
  w.liquidation_state = 'selling';
  if (shortfall.lte(0)) {
    await send(tx, w, now);
    return;
  }
  const c = { tenantId: w.tenant_id, clock: { now: () => now }, env, listeners: on };
  const placed: string[] = [];
  for (const s of planLiquidation(await sellableHoldings(tx, w.tenant_id, w.account_id, now), shortfall)) {
    const body = { account_id: w.account_id, symbol: s.symbol, side: 'sell' as const, type: 'market' as const, quantity: quantityString(s.quantity), time_in_force: 'day' as const };
    const opts = s.lotIds.length ? { lotIds: s.lotIds } : {};
    const order: OrderRow | null = strict ? await placeOrder(tx, c, body, opts) : await refusable(tx, () => placeOrder(tx, c, body, opts));
    if (!order) continue;
    placed.push(order.id);
    await tx.query('INSERT INTO withdrawal_liquidations (tenant_id, order_id, withdrawal_id) VALUES ($1, $2, $3)', [w.tenant_id, order.id, w.id]);
  }
  if (placed.length > 0) {
    await tx.query('UPDATE withdrawals SET liquidation_order_ids = liquidation_order_ids || $3::uuid[] WHERE tenant_id = $1 AND id = $2',
      [w.tenant_id, w.id, placed]);
  }
  // Sells that fill at once leave proceeds to settle; none placed (or none filled) sends now.
  await sendWhenSold(tx, w, now);
}

/**
 * POST /v1/withdrawals when settled cash falls short (the caller checked the limit and holds the
 * account lock): the withdrawal starts pending, and the sells go out now or at the next open.
 */
export async function createLiquidatingWithdrawal(tx: Queryable, c: Scope, body: TransferRequest): Promise<Withdrawal> {
  const now = c.clock.now();
  const open = currentSession(now) !== null;
  const estimate = estimatedSettlement(open ? now : nextOpen(now));
  const inserted = await insertTransfer(tx, 'withdrawal', c, body, {
    liquidation_state: open ? 'selling' : 'awaiting_open', sell_at: open ? null : nextOpen(now),
    expected_settlement_date: estimate.date, settle_at: estimate.at,
  });
  const w = await loadLiquidation(tx, c.tenantId, inserted.id);
  if (open) {
    await liquidate(tx, c.listeners, w, c.env, now, true);
  } else {
    await holdCash(tx, w, new Decimal(w.amount), now);
  }
  const r = await loadTransferRow(tx, 'withdrawal', c.tenantId, w.id);
  await emitTransfer(tx, 'withdrawal', r, null, now);
  return withdrawalJson(r);
}

/** The scheduler's item: a withdrawal waiting for the open places its sells. */
async function placeAtOpen(tx: Queryable, on: Listeners, tenantId: string, id: string, now: Date): Promise<boolean> {
  const peek = await loadTransferRow(tx, 'withdrawal', tenantId, id);
  await lockAccount(tx, tenantId, peek.account_id);
  const w = await loadLiquidation(tx, tenantId, id);
  if (w.status !== 'pending' || w.liquidation_state !== 'awaiting_open') return false;
  if (!currentSession(now)) {
    // A real-time tenant's job may run this after the close: wait for the next open.
    await tx.query('UPDATE withdrawals SET sell_at = $3 WHERE tenant_id = $1 AND id = $2', [tenantId, id, nextOpen(now)]);
    return false;
  }
  await liquidate(tx, on, w, await tenantEnv(tx, tenantId), now, false);
  return true;
}

/** The withdrawal a liquidation sell belongs to, locked, if it is still waiting on its sells. */
async function withdrawalOfOrder(tx: Queryable, tenantId: string, orderId: string): Promise<LiquidationRow | null> {
  const { rows } = await tx.query<{ withdrawal_id: string }>(
    'SELECT withdrawal_id FROM withdrawal_liquidations WHERE tenant_id = $1 AND order_id = $2', [tenantId, orderId]);
  if (!rows[0]) return null;
  const w = await loadLiquidation(tx, tenantId, rows[0].withdrawal_id);
  return w.status === 'pending' && w.liquidation_state === 'selling' ? w : null;
}

/** A liquidation sell's proceeds settled: hold them for the withdrawal, and send once all are in. */
export async function onSaleSettled(tx: Queryable, e: CashSettled, now: Date): Promise<void> {
  if (e.source !== 'sale') return;
  const w = await withdrawalOfOrder(tx, e.tenantId, e.refId);
  if (!w) return;
  await holdCash(tx, w, e.amount, now);
  await sendWhenSold(tx, w, now);
}

/** A liquidation sell finished (filled, or expired/canceled with what it filled): send if nothing is left to settle. */
export async function onSellFinished(tx: Queryable, order: OrderRow, now: Date, placing?: Placing): Promise<void> {
  // A sell finishing as it is placed is no withdrawal's yet: liquidate records it afterwards.
  if (order.side !== 'sell' || placing) return;
  const w = await withdrawalOfOrder(tx, order.tenant_id, order.id);
  if (w) await sendWhenSold(tx, w, now);
}

/** Withdrawals made while the market was closed place their sells at the next open. */
export const liquidationSource = (on: Listeners): ScheduleSource => tableSource({
  name: 'withdrawal_liquidations',
  // Part of getting a withdrawal settled (there is no separate count for liquidations).
  counts: 'settlements',
  due: { table: 'withdrawals', at: 'sell_at', where: "status = 'pending' AND liquidation_state = 'awaiting_open'" },
  run: (tx, tenantId, item, now) => placeAtOpen(tx, on, tenantId, item.id, now),
});
