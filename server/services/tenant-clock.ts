// A tenant's clock and environment read from the database: its clock settings (cached,
// invalidated by a sandbox clock advance), its now on top of a real clock, and whether it is a
// sandbox, for work that runs without a request context.
import type { FinosEnv } from '../config.ts';
import type { Queryable } from '../db/db.ts';
import { cachedRead } from '../db/invalidation.ts';
import { systemClock } from '../clock.ts';
import { tenantNow, type ClockSettings, type TenantClock } from '../domain/clock.ts';
import { notFound } from '../errors.ts';

/**
 * A tenant's clock settings, and its now on top of a real clock: the one place a service that
 * has no request context (valuation hooks, jobs, the sandbox clock) reads the tenant's time.
 */
export async function readTenantClock(tx: Queryable, tenantId: string): Promise<ClockSettings> {
  const settings = await cachedRead(tx, {
    cache: 'tenant-clocks',
    options: CLOCK_CACHE,
    key: tenantId,
    tenantId,
    tenantOf: (s) => (s ? tenantId : null),
    load: async () => {
      const { rows } = await tx.query<ClockSettings>('SELECT clock_offset_ms, clock_frozen_at FROM tenants WHERE id = $1', [tenantId]);
      return rows[0] ? { clock_offset_ms: Number(rows[0].clock_offset_ms), clock_frozen_at: rows[0].clock_frozen_at } : null;
    },
  });
  if (!settings) throw notFound('tenant', tenantId);
  return settings;
}

/** Clock settings change only in a sandbox clock advance, which invalidates them (server/db/invalidation.ts). */
const CLOCK_CACHE = { max: 10_000, ttlMs: 10_000 };

export async function tenantClockNow(tx: Queryable, tenantId: string, real: TenantClock = systemClock): Promise<Date> {
  return tenantNow(real.now().getTime(), await readTenantClock(tx, tenantId));
}

/** The tenant's environment: the market shocks it trades under follow from it. */
export async function tenantEnv(tx: Queryable, tenantId: string): Promise<FinosEnv> {
  const { rows } = await tx.query<{ env: FinosEnv }>('SELECT env FROM tenants WHERE id = $1', [tenantId]);
  return rows[0]?.env ?? 'production';
}
