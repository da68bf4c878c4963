// Tax-loss harvesting's scheduler sources: harvest_scans, the daily scan 15 minutes after each
// session's close by the tenant clock, and harvest_sells, each decision's sell at the next open.
// Its listeners (services/harvesting.ts, services/wash-sales.ts) are listed in server/wiring.ts.
import type { Queryable } from '../db/db.ts';
import { addCalendarDays, nyDate } from '../domain/calendar.ts';
import { harvestScanAt } from '../domain/wash-sale.ts';
import { scanHarvests } from '../services/harvest-scan.ts';
import { runHarvestSell } from '../services/harvesting.ts';
import type { Listeners } from '../services/hooks.ts';
import { tableSource, type ScheduleSource } from '../services/scheduler.ts';
import type { TenantClock } from '../domain/clock.ts';
import { tenantClockNow } from '../services/tenant-clock.ts';

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
async function lastScan(tx: Queryable, tenantId: string, real: TenantClock): Promise<Date> {
  const { rows } = await tx.query<{ last_scan_at: Date }>('SELECT last_scan_at FROM harvest_scans WHERE tenant_id = $1', [tenantId]);
  if (rows[0]) return rows[0].last_scan_at;
  const now = await tenantClockNow(tx, tenantId, real);
  await tx.query('INSERT INTO harvest_scans (tenant_id, last_scan_at) VALUES ($1, $2) ON CONFLICT (tenant_id) DO NOTHING', [tenantId, now]);
  return now;
}

/** The daily scans; `real` is the clock under the tenant's (a tenant whose clock runs in real time). */
export const harvestScans = (real: TenantClock): ScheduleSource => ({
  name: 'harvest_scans',
  // The scan only decides; the harvests it makes are counted when their sells are placed.
  counts: 'harvests',
  async nextDue(tx, tenantId, until, after) {
    const last = await lastScan(tx, tenantId, real);
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
});

export const harvestSells = (on: Listeners) => tableSource({
  name: 'harvest_sells',
  counts: 'harvests',
  due: { table: 'harvests', at: 'sell_at', where: "status = 'pending'" },
  run: (tx, tenantId, item, now) => runHarvestSell(tx, on, tenantId, item.id, now),
});
