// The process's market-data source and the per-tenant sandbox shocks stored in market_shocks.
// Everything that prices a symbol (quotes, orders, valuations) goes through `marketData` and
// `tenantShocks`, so every consumer sees the same prices for a tenant at a given instant.
import { uuidv7 } from '../random.ts';
import type { Queryable } from '../db/db.ts';
import { cachedPeek, cachedRead, tenantChanged } from '../db/invalidation.ts';
import type { FinosEnv } from '../config.ts';
import { ShockSchedule, centsToNumber, type MarketDataProvider, type Shock } from './provider.ts';
import { SimulatedMarket } from './simulated.ts';

/** One simulated market per process: its caches are shared by every request and job. */
export const marketData: MarketDataProvider = new SimulatedMarket();

/** At most this many shocks per tenant (each one is applied on every price the tenant sees). */
export const MAX_SHOCKS_PER_TENANT = 1_000;

/** A tenant's shocks change only through insertShock, which invalidates them (server/db/invalidation.ts). */
const SHOCK_CACHE = { max: 10_000, ttlMs: 10_000 };
const SHOCK_CACHE_NAME = 'market-shocks';

/** A tenant's shocks, oldest effective first. Production tenants have none, so it skips the query. */
export async function tenantShocks(db: Queryable, tenantId: string, env: FinosEnv): Promise<ShockSchedule> {
  if (env === 'production') return ShockSchedule.none;
  return cachedRead(db, {
    cache: SHOCK_CACHE_NAME,
    options: SHOCK_CACHE,
    key: tenantId,
    tenantId,
    // Method syntax: no arrow functions made per request (tsx wraps each in a name-setting call).
    tenantOf() {
      return tenantId;
    },
    async load() {
      const r = await db.query<{ symbol: string; change_percent: string; effective_at: Date }>(
        'SELECT symbol, change_percent, effective_at FROM market_shocks WHERE tenant_id = $1 ORDER BY effective_at, id',
        [tenantId],
      );
      return r.rows.length === 0 ? ShockSchedule.none : new ShockSchedule(r.rows as Shock[]);
    },
  });
}

/** The tenant's shocks when they are cached, as they are on nearly every request (no promise); undefined when they must be read. */
export function cachedShocks(db: Queryable, tenantId: string, env: FinosEnv): ShockSchedule | undefined {
  if (env === 'production') return ShockSchedule.none;
  return cachedPeek<ShockSchedule>(db, SHOCK_CACHE_NAME, SHOCK_CACHE, tenantId);
}

export interface AppliedShock {
  symbol: string;
  change_percent: number;
  previous_price: number;
  price: number;
  effective_at: string;
}

/**
 * Records a shock from the start of the tenant's current minute (so the running minute, and
 * the price a quote shows now, already carry it) and returns the price before and after.
 */
export async function insertShock(
  tx: Queryable,
  tenantId: string,
  env: FinosEnv,
  symbol: string,
  changePercent: number,
  now: Date,
): Promise<AppliedShock | 'too_many'> {
  const count = await tx.query<{ n: number }>('SELECT count(*) AS n FROM market_shocks WHERE tenant_id = $1', [tenantId]);
  if (Number(count.rows[0]!.n) >= MAX_SHOCKS_PER_TENANT) return 'too_many';
  const effectiveAt = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const before = marketData.quoteAt(symbol, now, await tenantShocks(tx, tenantId, env));
  await tx.query(
    'INSERT INTO market_shocks (id, tenant_id, symbol, change_percent, effective_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [uuidv7(), tenantId, symbol, String(changePercent), effectiveAt, now],
  );
  await tenantChanged(tx, tenantId);
  const after = marketData.quoteAt(symbol, now, await tenantShocks(tx, tenantId, env));
  return {
    symbol,
    change_percent: changePercent,
    previous_price: centsToNumber(before.price_cents),
    price: centsToNumber(after.price_cents),
    effective_at: effectiveAt.toISOString(),
  };
}
