// Rebalancing runs of managed accounts: requested by a trigger (settled deposit, dividend, settings
// change, drift past the bands), started by the scheduler at the first market minute at or after
// the request, recorded in `rebalances` (0009_rebalancing.sql) and listed per account.
//
// A run, step by step (domain/rebalance.ts has the numbers):
//   1. start: measure the drift; a drift-triggered run within the bands, or a plan with no trade of
//      at least $1, is recorded as `skipped`. Otherwise place the sells (market, by quantity), then
//      the buys that settled cash pays for now (market, by notional). With no sells the run goes
//      straight to 4.
//   2. selling: sale proceeds settle T+1 at the open; when every sell has finished and its proceeds
//      have settled (the orderFinished and cashSettled 'sale' listeners), the second step is due.
//   3. buy_due: at the first market minute, re-plan buys only (current prices, no sells) and place them.
//   4. buying: when the last order of the run has finished, the run is completed: drift_after is
//      measured and rebalance.completed is emitted.
// What each step trades comes from services/rebalance-plan.ts; this module owns the runs.
// Every step holds the account's row lock, as every money movement does. One run per account is
// under way at a time (a unique index); triggers arriving meanwhile coalesce: into the waiting
// request, or, once the run has started, into one follow-up run requested when it completes.
import type { components } from '../../generated/schema.d.ts';
import { uuidv7 } from '../random.ts';
import type { Queryable } from '../db/db.ts';
import { isOpen, nextOpen } from '../domain/calendar.ts';
import { isOpenStatus, type OrderStatus } from '../domain/orders.ts';
import { Decimal, moneyString, quantityString } from '../domain/money.ts';
import { bandBreach, cooldownOver, driftString, measure, MIN_TRADE } from '../domain/rebalance.ts';
import { isRefusal } from '../errors.ts';
import type { ListSpec } from '../db/paging.ts';
import { emitEvent } from './events.ts';
import type { Listeners } from './hooks.ts';
import { placeOrder } from './orders.ts';
import {
  accountState, accountsOutsideBands, bandOf, lockManagedAccount, manageable, MANAGED_COLUMNS, planFor, portfolioClasses,
  type ManagedAccount,
} from './rebalance-plan.ts';

type Rebalance = components['schemas']['Rebalance'];
export type RebalanceTrigger = Rebalance['trigger'];
type SkipReason = NonNullable<Rebalance['skip_reason']>;
type RunState = 'requested' | 'selling' | 'buy_due' | 'buying' | 'completed' | 'skipped' | 'canceled';

export interface RebalanceRow {
  tenant_id: string;
  id: string;
  account_id: string;
  trigger: RebalanceTrigger;
  state: RunState;
  due_at: Date | null;
  step_id: string | null;
  rerun_trigger: RebalanceTrigger | null;
  portfolio_id: string | null;
  drift_before: string | null;
  drift_after: string | null;
  order_ids: string[];
  started_at: Date | null;
  completed_at: Date | null;
  note: string | null;
  skip_reason: SkipReason | null;
  created_at: Date;
  updated_at: Date;
}

const OPEN_STATES = `('requested', 'selling', 'buy_due', 'buying')`;
/** order_ids as JSON, so both engines read it back as the same array of strings. */
const COLUMNS = `tenant_id, id, account_id, trigger, state, due_at, step_id, rerun_trigger, portfolio_id, drift_before::text AS drift_before,
  drift_after::text AS drift_after, to_json(order_ids) AS order_ids, started_at, completed_at, note, skip_reason, created_at, updated_at`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const fraction = (s: string | null) => (s === null ? null : new Decimal(s).toFixed(4));

export function rebalanceJson(r: RebalanceRow): Rebalance {
  return {
    id: r.id,
    account_id: r.account_id,
    trigger: r.trigger,
    // Started and not finished (selling, waiting for proceeds, buying): in_progress.
    status: r.state === 'skipped' ? 'skipped' : r.state === 'completed' ? 'completed' : 'in_progress',
    skip_reason: r.state === 'skipped' ? r.skip_reason : null,
    drift_before: fraction(r.drift_before) ?? '0.0000',
    drift_after: r.state === 'completed' ? fraction(r.drift_after) : null,
    order_ids: r.order_ids,
    started_at: r.started_at!.toISOString(),
    completed_at: iso(r.completed_at),
    note: r.note,
  };
}

/** The runs of an account that started (requests still waiting are not history yet). */
export function rebalanceListSpec(tenantId: string, accountId: string): ListSpec {
  return {
    table: 'rebalances', columns: COLUMNS, where: 'tenant_id = $1 AND account_id = $2 AND started_at IS NOT NULL',
    params: [tenantId, accountId], filters: {},
  };
}

/** The first market minute at or after `t` (itself when the market is open). */
export const marketMinuteAtOrAfter = (t: Date): Date => (isOpen(t) ? t : nextOpen(t));

// ---------- rows ----------

async function loadRun(tx: Queryable, tenantId: string, id: string): Promise<RebalanceRow> {
  const { rows } = await tx.query<RebalanceRow>(`SELECT ${COLUMNS} FROM rebalances WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, id]);
  return rows[0]!;
}

/** The account's run under way (requested or started), if any. */
async function openRun(tx: Queryable, tenantId: string, accountId: string): Promise<RebalanceRow | null> {
  const { rows } = await tx.query<RebalanceRow>(
    `SELECT ${COLUMNS} FROM rebalances WHERE tenant_id = $1 AND account_id = $2 AND state IN ${OPEN_STATES} FOR UPDATE`, [tenantId, accountId]);
  return rows[0] ?? null;
}

async function update(tx: Queryable, r: RebalanceRow, set: Partial<Omit<RebalanceRow, 'tenant_id' | 'id'>>, now: Date): Promise<RebalanceRow> {
  const cols = Object.keys(set);
  const { rows } = await tx.query<RebalanceRow>(
    `UPDATE rebalances SET ${cols.map((k, i) => `${k} = $${i + 3}`).join(', ')}, updated_at = $${cols.length + 3}
      WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [r.tenant_id, r.id, ...Object.values(set), now]);
  return rows[0]!;
}

// ---------- requests ----------

/**
 * Asks for a rebalance of a managed account (a no-op for any other account). The caller may hold
 * the account's row lock; this takes it in any case. Coalesces: a waiting request stays the one
 * request (due at the earlier time); a run already under way gets one follow-up run instead
 * (`drift` never asks for a follow-up: the next daily check sees any drift that is left).
 */
export async function requestRebalance(tx: Queryable, tenantId: string, accountId: string, trigger: RebalanceTrigger, now: Date): Promise<void> {
  const account = await lockManagedAccount(tx, tenantId, accountId);
  if (!manageable(account)) return;
  const due = marketMinuteAtOrAfter(now);
  const open = await openRun(tx, tenantId, accountId);
  if (open?.state === 'requested') {
    if (due.getTime() < open.due_at!.getTime()) await update(tx, open, { due_at: due, step_id: uuidv7() }, now);
    return;
  }
  if (open) {
    if (trigger !== 'drift' && open.rerun_trigger === null) await update(tx, open, { rerun_trigger: trigger }, now);
    return;
  }
  await tx.query(
    `INSERT INTO rebalances (tenant_id, id, account_id, trigger, state, due_at, step_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'requested', $5, $6, $7, $7) ON CONFLICT DO NOTHING`,
    [tenantId, uuidv7(), accountId, trigger, due, uuidv7(), now]);
}

/** Management turned off: a request that has not started is dropped (a run under way finishes its orders). */
export async function cancelPendingRebalances(tx: Queryable, tenantId: string, accountId: string, now: Date): Promise<void> {
  await tx.query(
    `UPDATE rebalances SET state = 'canceled', due_at = NULL, step_id = NULL, updated_at = $3
      WHERE tenant_id = $1 AND account_id = $2 AND state = 'requested'`, [tenantId, accountId, now]);
}

// ---------- steps ----------

/** The scheduler's entry: take the step `stepId` names, due at `now`. False when there was nothing to do. */
export async function runRebalanceStep(tx: Queryable, on: Listeners, tenantId: string, stepId: string, now: Date): Promise<boolean> {
  const { rows } = await tx.query<{ id: string; account_id: string }>(
    'SELECT id, account_id FROM rebalances WHERE tenant_id = $1 AND step_id = $2 AND due_at IS NOT NULL', [tenantId, stepId]);
  if (!rows[0]) return false;
  const account = await lockManagedAccount(tx, tenantId, rows[0].account_id);
  const run = await loadRun(tx, tenantId, rows[0].id);
  if (run.step_id !== stepId || run.due_at === null) return false;
  if (!isOpen(now)) {
    // Only in real time (a server that was down over the close): try again at the next open.
    await update(tx, run, { due_at: nextOpen(now), step_id: uuidv7() }, now);
    return false;
  }
  if (run.state === 'requested') return startRun(tx, on, account, run, now);
  return buyStep(tx, on, account, run, now);
}

/** Records a run that found nothing to do. Skipped runs raise no event (the webhook's contract). */
async function skip(tx: Queryable, run: RebalanceRow, set: Partial<RebalanceRow>, reason: SkipReason, note: string, now: Date): Promise<boolean> {
  const done = await update(tx, run, {
    ...set, state: 'skipped', skip_reason: reason, due_at: null, step_id: null, started_at: now, completed_at: now, note,
  }, now);
  await followUp(tx, done, now);
  return true;
}

async function startRun(tx: Queryable, on: Listeners, account: ManagedAccount, run: RebalanceRow, now: Date): Promise<boolean> {
  const tenantId = run.tenant_id;
  if (!manageable(account)) {
    await update(tx, run, { state: 'canceled', due_at: null, step_id: null }, now);
    return false;
  }
  const { portfolioId, state, plan } = await planFor(tx, tenantId, account, null, true, now);
  const base = { portfolio_id: portfolioId, drift_before: driftString(plan.measure.drift) };
  if (run.trigger === 'drift' && bandBreach(plan.measure) === null) return skip(tx, run, base, 'within_bands', 'Drift below the rebalancing threshold', now);
  if (plan.sells.length === 0 && plan.buys.length === 0) {
    // A deposit's own run invests it once it settles; until then there may be nothing to buy with.
    return state.pending.gt(0) && state.cash.lt(MIN_TRADE)
      ? skip(tx, run, base, 'cash_pending', 'Nothing to trade before the pending cash settles', now)
      : skip(tx, run, base, 'nothing_to_trade', 'No trade of at least $1.00 was needed', now);
  }
  const orders = [
    ...plan.sells.map((s) => ({ account_id: account.id, symbol: s.symbol, side: 'sell' as const, type: 'market' as const, quantity: quantityString(s.quantity) })),
    ...plan.buys.map((b) => ({ account_id: account.id, symbol: b.symbol, side: 'buy' as const, type: 'market' as const, notional: moneyString(b.notional) })),
  ];
  const placed = await placeAll(tx, on, tenantId, orders, now);
  if (placed.ids.length === 0) return skip(tx, run, base, 'orders_refused', `No order could be placed: ${placed.refused[0]}`, now);
  const sold = placed.sides.includes('sell');
  const started = await update(tx, run, {
    ...base, state: sold ? 'selling' : 'buying', due_at: null, step_id: null, started_at: now, order_ids: placed.ids,
    note: placed.refused.length ? refusedNote(placed.refused) : null,
  }, now);
  await progress(tx, started, now);
  return true;
}

/** The second step: buys only, with the proceeds that settled, at today's prices. */
async function buyStep(tx: Queryable, on: Listeners, account: ManagedAccount, run: RebalanceRow, now: Date): Promise<boolean> {
  const tenantId = run.tenant_id;
  if (!manageable(account)) {
    const r = await update(tx, run, { state: 'buying', due_at: null, step_id: null, note: 'Management was turned off before the buys' }, now);
    await progress(tx, r, now);
    return true;
  }
  const { plan } = await planFor(tx, tenantId, account, run.portfolio_id, false, now);
  const placed = await placeAll(tx, on, tenantId, plan.buys.map((b) => ({
    account_id: account.id, symbol: b.symbol, side: 'buy' as const, type: 'market' as const, notional: moneyString(b.notional),
  })), now);
  const notes = [run.note, placed.refused.length ? refusedNote(placed.refused) : null].filter(Boolean);
  const r = await update(tx, run, {
    state: 'buying', due_at: null, step_id: null, order_ids: [...run.order_ids, ...placed.ids], note: notes.length ? notes.join('; ') : null,
  }, now);
  await progress(tx, r, now);
  return true;
}

const refusedNote = (refused: string[]) => `${refused.length} order(s) refused: ${refused[0]}`;

type OrderBody = Parameters<typeof placeOrder>[2];

/**
 * Places the orders in turn (sells first) at `now`, each behind a savepoint: an order the engine
 * refuses (a 4xx, e.g. the owner is no longer approved) is left out and noted, without undoing
 * the others or the rest of the scheduler's transaction.
 */
async function placeAll(tx: Queryable, on: Listeners, tenantId: string, orders: OrderBody[], now: Date) {
  const ids: string[] = [];
  const sides: string[] = [];
  const refused: string[] = [];
  // Shocks are read for every tenant, as the order engine does (production tenants have none).
  const c = { tenantId, clock: { now: () => now }, env: 'sandbox' as const, listeners: on };
  for (const body of orders) {
    await tx.query('SAVEPOINT finos_rebalance_order');
    try {
      const row = await placeOrder(tx, c, body);
      await tx.query('RELEASE SAVEPOINT finos_rebalance_order');
      ids.push(row.id);
      sides.push(row.side);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      await tx.query('ROLLBACK TO SAVEPOINT finos_rebalance_order');
      await tx.query('RELEASE SAVEPOINT finos_rebalance_order');
      refused.push(`${body.side} ${body.symbol}: ${err.message}`);
    }
  }
  return { ids, sides, refused };
}

/**
 * Moves a started run on when its orders allow: `selling` → `buy_due` once every sell has finished
 * and its proceeds have settled; `buying` → completed once every order has finished.
 */
async function progress(tx: Queryable, run: RebalanceRow, now: Date): Promise<void> {
  if (run.state !== 'selling' && run.state !== 'buying') return;
  const { rows } = await tx.query<{ id: string; side: string; status: OrderStatus; settling: boolean }>(
    `SELECT o.id, o.side, o.status, EXISTS (SELECT 1 FROM trade_settlements s
        WHERE s.tenant_id = o.tenant_id AND s.order_id = o.id AND s.status = 'pending') AS settling
       FROM orders o WHERE o.tenant_id = $1 AND o.id = ANY($2::uuid[])`, [run.tenant_id, run.order_ids]);
  if (run.state === 'selling') {
    const sells = rows.filter((o) => o.side === 'sell');
    if (sells.some((o) => isOpenStatus(o.status) || o.settling)) return;
    await update(tx, run, { state: 'buy_due', due_at: marketMinuteAtOrAfter(now), step_id: uuidv7() }, now);
    return;
  }
  if (rows.some((o) => isOpenStatus(o.status))) return;
  await complete(tx, run, now);
}

async function complete(tx: Queryable, run: RebalanceRow, now: Date): Promise<void> {
  const tenantId = run.tenant_id;
  const { rows } = await tx.query<ManagedAccount>(`SELECT ${MANAGED_COLUMNS} FROM accounts WHERE tenant_id = $1 AND id = $2`, [tenantId, run.account_id]);
  const classes = await portfolioClasses(tx, tenantId, run.portfolio_id!);
  const after = measure(await accountState(tx, tenantId, run.account_id, now), classes, bandOf(rows[0]!));
  const done = await update(tx, run, { state: 'completed', completed_at: now, drift_after: driftString(after.drift) }, now);
  await emitEvent(tx, {
    tenantId, type: 'rebalance.completed', object: rebalanceJson(done) as unknown as Record<string, unknown>, previousStatus: null, now,
  });
  await followUp(tx, done, now);
}

/** A trigger that arrived during the run becomes the next request. */
async function followUp(tx: Queryable, done: RebalanceRow, now: Date): Promise<void> {
  if (done.rerun_trigger) await requestRebalance(tx, done.tenant_id, done.account_id, done.rerun_trigger, now);
}

// ---------- hooks ----------

/** A sale settled or an order finished: the account's run may move on. */
export async function onRunOrderEvent(tx: Queryable, tenantId: string, accountId: string, orderId: string, now: Date): Promise<void> {
  const { rows } = await tx.query<RebalanceRow>(
    `SELECT ${COLUMNS} FROM rebalances WHERE tenant_id = $1 AND account_id = $2 AND state IN ('selling', 'buying') AND $3::uuid = ANY(order_ids)`,
    [tenantId, accountId, orderId]);
  if (rows[0]) await progress(tx, rows[0], now);
}

// ---------- the daily drift check ----------

interface CheckRow extends ManagedAccount {
  last_started: Date | null;
  busy: boolean;
}

/**
 * Checks every managed account of the tenant against the bands in a few queries (accounts with
 * their last run, all balances, each portfolio once) and requests a `drift` run for each account
 * that breaches them, is not in its cooldown, has no run under way and no cash still settling.
 * Answers how many it requested.
 */
export async function checkDrift(tx: Queryable, tenantId: string, now: Date): Promise<number> {
  const { rows: accounts } = await tx.query<CheckRow>(
    `SELECT ${MANAGED_COLUMNS.split(', ').map((c) => `a.${c}`).join(', ')},
       (SELECT max(r.started_at) FROM rebalances r WHERE r.tenant_id = a.tenant_id AND r.account_id = a.id
           AND r.started_at IS NOT NULL AND r.state <> 'skipped') AS last_started,
       EXISTS (SELECT 1 FROM rebalances r WHERE r.tenant_id = a.tenant_id AND r.account_id = a.id AND r.state IN ${OPEN_STATES}) AS busy
       FROM accounts a WHERE a.tenant_id = $1 AND a.managed AND a.account_type = 'investment' AND a.status = 'active'`, [tenantId]);
  const candidates = accounts.filter((a) => !a.busy && cooldownOver(a.last_started, now));
  if (candidates.length === 0) return 0;
  const due = await accountsOutsideBands(tx, tenantId, candidates, now);
  if (due.length === 0) return 0;
  const at = marketMinuteAtOrAfter(now);
  const { rowCount } = await tx.query(
    `INSERT INTO rebalances (tenant_id, id, account_id, trigger, state, due_at, step_id, created_at, updated_at)
     SELECT $1, r.id, r.account_id, 'drift', 'requested', $4, r.step_id, $5, $5
       FROM unnest($2::uuid[], $3::uuid[], $6::uuid[]) AS r(account_id, id, step_id)
     ON CONFLICT DO NOTHING`,
    [tenantId, due, due.map(() => uuidv7()), at, now, due.map(() => uuidv7())]);
  return rowCount;
}
