// Rebalancing's scheduler sources (the daily drift check at 10:00 New York on trading days, and
// the due steps of runs) and the listeners that request or move runs on when a deposit or a sale
// settles and when an order finishes, for the composition root.
import type { Queryable } from '../db/db.ts';
import { addCalendarDays, isTradingDay, nyDate, nyInstant } from '../domain/calendar.ts';
import type { CashListener, FinishListener, Listeners } from '../services/hooks.ts';
import { checkDrift, onRunOrderEvent, requestRebalance, runRebalanceStep } from '../services/rebalancing.ts';
import { tableSource, type DueItem, type ScheduleSource } from '../services/scheduler.ts';
import type { TenantClock } from '../domain/clock.ts';
import { tenantClockNow } from '../services/tenant-clock.ts';

/** New York wall-clock time of the daily drift check: half an hour into the session, on every trading day. */
export const DRIFT_CHECK_HH_MM = '10:00';

/** The first drift check strictly after `t`. */
export function nextDriftCheck(t: Date): Date {
  for (let d = nyDate(t); ; d = addCalendarDays(d, 1)) {
    if (!isTradingDay(d)) continue;
    const at = nyInstant(d, DRIFT_CHECK_HH_MM);
    if (at.getTime() > t.getTime()) return at;
  }
}

/**
 * One item per trading day at 10:00, for tenants with a managed account. The first check of a
 * tenant is the first 10:00 after its clock's current time; each later one follows the last check.
 */
export const driftChecks = (real: TenantClock): ScheduleSource => ({
  name: 'rebalance_drift_checks',
  counts: 'rebalances',
  async nextDue(tx: Queryable, tenantId: string, until: Date, after: DueItem | null) {
    const { rows } = await tx.query<{ checked_at: Date | null; managed: boolean }>(
      `SELECT (SELECT checked_at FROM rebalance_checks WHERE tenant_id = $1) AS checked_at,
              EXISTS (SELECT 1 FROM accounts WHERE tenant_id = $1 AND managed) AS managed`, [tenantId]);
    if (!rows[0]!.managed) return null;
    let from = rows[0]!.checked_at ?? await tenantClockNow(tx, tenantId, real);
    if (after && after.at.getTime() > from.getTime()) from = after.at;
    const at = nextDriftCheck(from);
    return at.getTime() <= until.getTime() ? { at, id: at.toISOString() } : null;
  },
  async run(tx, tenantId, item, now) {
    await tx.query(
      `INSERT INTO rebalance_checks (tenant_id, checked_at) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET checked_at = GREATEST(rebalance_checks.checked_at, EXCLUDED.checked_at)`,
      [tenantId, item.at]);
    return (await checkDrift(tx, tenantId, now)) > 0;
  },
});

/** The due steps of runs: a request starting, or the buys once a run's proceeds settled. */
export const rebalanceRuns = (on: Listeners) => tableSource({
  name: 'rebalance_runs',
  counts: 'rebalances',
  due: { table: 'rebalances', at: 'due_at', id: 'step_id', where: 'due_at IS NOT NULL' },
  run: (tx, tenantId, item, now) => runRebalanceStep(tx, on, tenantId, item.id, now),
});

/**
 * New settled cash: a settled deposit requests a `deposit` run, a dividend paid a `dividend` run
 * (a caller may also use requestRebalance directly: requests coalesce). A sale's proceeds
 * settling only moves the run that sold on (its buys); a sale the run did not place (the
 * customer's own, a harvest's, a withdrawal's liquidation) requests nothing — the daily drift
 * check invests such cash once it breaches the bands.
 */
export const rebalanceOnCash: CashListener = async (tx, e, now) => {
  if (e.source === 'deposit' || e.source === 'dividend') await requestRebalance(tx, e.tenantId, e.accountId, e.source, now);
  else if (e.source === 'sale') await onRunOrderEvent(tx, e.tenantId, e.accountId, e.refId, now);
};

export const rebalanceOnFinish: FinishListener = async (tx, order, now, placing) => {
  // An order finishing as it is placed is in no run's order_ids yet (placeAll records it after).
  if (!placing) await onRunOrderEvent(tx, order.tenant_id, order.account_id, order.id, now);
};
