// Wires tax-loss harvesting into the scheduler and the order/cash hooks:
// - harvest_scans: the daily scan, 15 minutes after each session's close by the tenant clock;
// - harvest_sells: each decision's sell at the next open;
// - hooks: wash-sale bookkeeping on every fill of a managed account, a harvest sell's later
//   fills, the replacement buy when the proceeds settle, completion when that buy finishes.
import type { Queryable } from '../db/db.ts';
import { addCalendarDays, nyDate } from '../domain/calendar.ts';
import { harvestScanAt } from '../domain/wash-sale.ts';
import {
  harvestOrderFinished, harvestProceedsSettled, harvestSellFilled, runHarvestSell, scanHarvests,
} from '../services/harvesting.ts';
import { onCashSettled, onOrderFill, onOrderFinished } from '../services/hooks.ts';
import { addScheduleSource, type DueItem, type ScheduleSource } from '../services/scheduler.ts';
import { tenantClockNow } from '../services/tenant-clock.ts';
import { recordWashSales } from '../services/wash-sales.ts';

/** The first scan instant strictly after `t` (weekends and holidays have none; a week always has one). */
export function nextScanAfter(t: Date): Date {
  for (let d = nyDate(t), i = 0; i < 15; d = addCalendarDays(d, 1), i++) {
    const at = harvestScanAt(d);
    if (at && at.getTime() > t.getTime()) return at;
  }
  throw new Error(`no trading session within 15 days of ${t.toISOString()}`);
}

/**
 * The tenant's scan cursor. The first time the scheduler looks at a tenant, scanning starts at the
 * tenant's clock then: days before harvesting existed are not caught up.
 */
async function lastScan(tx: Queryable, tenantId: string): Promise<Date> {
  const { rows } = await tx.query<{ last_scan_at: Date }>('SELECT last_scan_at FROM harvest_scans WHERE tenant_id = $1', [tenantId]);
  if (rows[0]) return rows[0].last_scan_at;
  const now = await tenantClockNow(tx, tenantId);
  await tx.query('INSERT INTO harvest_scans (tenant_id, last_scan_at) VALUES ($1, $2) ON CONFLICT (tenant_id) DO NOTHING', [tenantId, now]);
  return now;
}

const dailyScan: ScheduleSource = {
  name: 'harvest_scans',
  // The scan only decides; the harvests it makes are counted when their sells are placed.
  counts: 'harvests',
  async nextDue(tx, tenantId, until, after) {
    const last = await lastScan(tx, tenantId);
    const from = after && after.at.getTime() > last.getTime() ? after.at : last;
    const at = nextScanAfter(from);
    return at.getTime() <= until.getTime() ? { at, id: `scan:${at.toISOString()}` } : null;
  },
  async run(tx, tenantId, item, now) {
    // Claim the scan: a concurrent runner that already did it leaves the cursor at or past it.
    const claimed = await tx.query('UPDATE harvest_scans SET last_scan_at = $2 WHERE tenant_id = $1 AND last_scan_at < $2', [tenantId, item.at]);
    if (claimed.rowCount === 0) return false;
    await scanHarvests(tx, tenantId, now);
    return false;
  },
};

const sells: ScheduleSource = {
  name: 'harvest_sells',
  counts: 'harvests',
  async nextDue(tx, tenantId, until, after: DueItem | null) {
    const { rows } = await tx.query<{ id: string; at: Date }>(
      `SELECT id, sell_at AS at FROM harvests
        WHERE tenant_id = $1 AND status = 'pending' AND sell_at <= $2
          AND ($3::timestamptz IS NULL OR (sell_at, id) > ($3::timestamptz, $4::uuid))
        ORDER BY sell_at, id LIMIT 1`,
      [tenantId, until, after?.at ?? null, after?.id ?? null]);
    return rows[0] ? { at: rows[0].at, id: rows[0].id } : null;
  },
  run: (tx, tenantId, item, now) => runHarvestSell(tx, tenantId, item.id, now),
};

let installed = false;
export function installHarvesting(): void {
  if (installed) return;
  installed = true;
  addScheduleSource(dailyScan);
  addScheduleSource(sells);
  onOrderFill(recordWashSales);
  onOrderFill(harvestSellFilled);
  onCashSettled(harvestProceedsSettled);
  onOrderFinished(harvestOrderFinished);
}
