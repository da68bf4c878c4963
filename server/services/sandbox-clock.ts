// The sandbox clock: read it, and advance it — running everything due on the way, in time
// order, through the scheduler — then leave it frozen at the target.
import type { components } from '../../generated/schema.d.ts';
import { tenantChanged } from '../db/invalidation.ts';
import type { Queryable } from '../db/db.ts';
import { isOpen, nextClose, nextOpen } from '../domain/calendar.ts';
import { tenantNow, type TenantClock } from '../domain/clock.ts';
import { badRequest, notFound } from '../errors.ts';
import { parseInstant } from '../iso-time.ts';
import { runDue, type ScheduleSource } from './scheduler.ts';
import { readTenantClock } from './tenant-clock.ts';

type SandboxClock = components['schemas']['SandboxClock'];
type AdvanceResponse = components['schemas']['SandboxClockAdvanceResponse'];

/** One advance moves the clock at most this many calendar years. */
export const MAX_ADVANCE_YEARS = 2;

export function sandboxClockJson(now: Date, frozen: boolean): SandboxClock {
  return {
    timestamp: now.toISOString(),
    frozen,
    is_open: isOpen(now),
    next_open: nextOpen(now).toISOString(),
    next_close: nextClose(now).toISOString(),
  };
}

interface TenantClockRow {
  clock_offset_ms: number;
  clock_frozen_at: Date | null;
}

/**
 * NO KEY UPDATE: concurrent advances take turns, while requests that only reference the tenant
 * (KEY SHARE, from every foreign key) never wait on it, so an advance holding account locks
 * cannot deadlock with a transfer holding its account lock.
 */
async function lockTenantClock(tx: Queryable, tenantId: string): Promise<TenantClockRow> {
  const { rows } = await tx.query<TenantClockRow>(
    'SELECT clock_offset_ms, clock_frozen_at FROM tenants WHERE id = $1 FOR NO KEY UPDATE', [tenantId]);
  if (!rows[0]) throw notFound('tenant', tenantId);
  return rows[0];
}

export async function retrieveSandboxClock(tx: Queryable, tenantId: string, real: TenantClock): Promise<SandboxClock> {
  const settings = await readTenantClock(tx, tenantId);
  return sandboxClockJson(tenantNow(real.now().getTime(), settings), settings.clock_frozen_at !== null);
}

const plusYears = (d: Date, years: number) => {
  const out = new Date(d.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
};

/**
 * Moves the tenant's clock forward to `to` in one transaction (the tenant row lock makes
 * concurrent advances take turns), processing due work from `sources` in time order with the
 * clock at each item.
 */
export async function advanceSandboxClock(
  tx: Queryable, sources: readonly ScheduleSource[], tenantId: string, real: TenantClock, toText: string,
): Promise<AdvanceResponse> {
  const row = await lockTenantClock(tx, tenantId);
  // Requests resolve the tenant's clock from a cache: this transaction moves it.
  await tenantChanged(tx, tenantId);
  const now = tenantNow(real.now().getTime(), row);
  const to = parseInstant(toText, 'to');
  if (to.getTime() <= now.getTime()) throw badRequest(`to: must be later than the current clock (${now.toISOString()}); the clock only moves forward`, 'to');
  if (to.getTime() > plusYears(now, MAX_ADVANCE_YEARS).getTime()) {
    throw badRequest(`to: at most ${MAX_ADVANCE_YEARS} years ahead of the current clock (${now.toISOString()})`, 'to');
  }
  const freeze = async (at: Date) => {
    // Work that fell due before the current clock (a real-time tenant's) runs at the current clock.
    const effective = at.getTime() < now.getTime() ? now : at;
    await tx.query('UPDATE tenants SET clock_frozen_at = $2 WHERE id = $1', [tenantId, effective]);
    return effective;
  };
  const processed = await runDue(tx, sources, tenantId, to, freeze);
  await freeze(to);
  return { clock: sandboxClockJson(to, true), processed };
}
