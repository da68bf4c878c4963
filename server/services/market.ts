// Market data use-cases: quotes, charts and stats of a symbol as of the tenant's clock with its
// shocks applied, the asset list (the universe as a constant table), and the sandbox price shock.
import type { components } from '../../generated/schema.d.ts';
import type { Context } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import type { ListSpec } from '../db/paging.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { cachedShocks, insertShock, marketData, tenantShocks } from '../market/index.ts';
import type { ShockSchedule } from '../market/provider.ts';
import { buildChart, buildQuote, buildStats, CHART_RANGES, type ChartRange, type MarketView, type QuoteJson } from '../market/quotes.ts';
import { assetId, lookupAssetId, UNIVERSE } from '../market/universe.ts';
import type { FinosEnv } from '../config.ts';
import { checkHoldersWithin, checkShockRange } from './limits.ts';

type MarketContext = Pick<Context, 'db' | 'tenantId' | 'env' | 'clock'>;

/** The symbol's canonical ticker, or 404 naming what was asked for. */
export function knownSymbol(symbol: string): string {
  const entry = marketData.asset(symbol);
  if (!entry) throw notFound('symbol', symbol.toUpperCase());
  return entry.symbol;
}

async function view(c: MarketContext): Promise<{ view: MarketView; now: Date }> {
  return { view: { provider: marketData, shocks: await tenantShocks(c.db, c.tenantId, c.env) }, now: c.clock.now() };
}

/**
 * The quote as of the tenant's clock (memoized per minute by buildQuote: shared and frozen): at
 * once when the tenant's shocks are cached, else once they are read.
 */
export function stockQuote(c: MarketContext, symbol: string): QuoteJson | Promise<QuoteJson> {
  const known = knownSymbol(symbol);
  const shocks = cachedShocks(c.db, c.tenantId, c.env);
  if (shocks) return quoteNow(c, known, shocks);
  return tenantShocks(c.db, c.tenantId, c.env).then((read) => quoteNow(c, known, read));
}

function quoteNow(c: MarketContext, symbol: string, shocks: ShockSchedule): QuoteJson {
  return buildQuote({ provider: marketData, shocks }, symbol, c.clock.now());
}

export async function stockStats(c: MarketContext, symbol: string) {
  const known = knownSymbol(symbol);
  const { view: v, now } = await view(c);
  return buildStats(v, known, now);
}

/** `range` defaults to one month; an unknown one is a 400 naming `range`. */
export async function stockChart(c: MarketContext, symbol: string, range: string | undefined) {
  const known = knownSymbol(symbol);
  const r = (range ?? '1m') as ChartRange;
  if (!CHART_RANGES.includes(r)) throw badRequest(`range: must be one of ${CHART_RANGES.join(', ')}`, 'range');
  const { view: v, now } = await view(c);
  return buildChart(v, known, r, now);
}

// The universe as a constant table, so the one pagination helper can page it by id.
const ASSETS_TABLE = `(SELECT * FROM (VALUES ${UNIVERSE.map((e) => {
  if (!/^[A-Z][A-Z0-9.]*$/.test(e.symbol)) throw new Error(`universe: ${e.symbol} is not a plain ticker`);
  return `('${assetId(e.symbol)}'::uuid, '${e.type}', '${e.symbol}')`;
}).join(', ')}) AS v (id, type, symbol)) AS assets`;

/** A row of assetListSpec as the API's Asset. */
export function assetJson(row: { id: string }): components['schemas']['Asset'] {
  const e = lookupAssetId(row.id)!;
  return {
    id: assetId(e.symbol),
    symbol: e.symbol,
    name: e.name,
    exchange: e.exchange,
    asset_class: 'us_equity',
    type: e.type,
    sector: e.sector,
    category: e.category,
    tradable: true,
    fractionable: true,
  };
}

/** The assets, filtered by type, symbol prefix and asset class. */
export function assetListSpec(q: { type?: string | undefined; symbol?: string | undefined; asset_class?: string | undefined }): ListSpec {
  // Stocks and ETFs are all US equities (every asset's asset_class says so); `etf` narrows to funds.
  return {
    table: ASSETS_TABLE,
    where: `($1::text IS NULL OR type = $1) AND ($2::text IS NULL OR left(symbol, length($2)) = $2) AND ($3::text IS NULL OR $3 = 'us_equity' OR type = 'etf')`,
    params: [q.type ?? null, q.symbol?.toUpperCase() ?? null, q.asset_class ?? null],
  };
}

/** The symbol a sandbox shock names: 404 for the whole endpoint in production, 400 for an unknown asset. */
export function shockTarget(env: FinosEnv, symbol: string): string {
  if (env === 'production') throw notFound('endpoint', '/v1/sandbox/market/shock');
  const entry = marketData.asset(symbol);
  if (!entry) throw badRequest(`symbol: no such asset ${symbol.toUpperCase()}`, 'symbol');
  return entry.symbol;
}

/** Moves `symbol`'s simulated price by `changePercent` from now on, within the limits every amount keeps. */
export async function applyShock(tx: Queryable, c: Pick<Context, 'tenantId' | 'env' | 'clock'>, symbol: string, changePercent: number) {
  await checkShockRange(tx, c.tenantId, symbol, changePercent);
  const applied = await insertShock(tx, c.tenantId, c.env, symbol, changePercent, c.clock.now());
  if (applied === 'too_many') throw conflict('symbol: this sandbox already has the most shocks it can hold (1000)', 'symbol');
  await checkHoldersWithin(tx, c.tenantId, symbol);
  return applied;
}
