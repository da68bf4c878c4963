// Market data: quotes, charts and stats (/v1/stocks/...), the asset list (/v1/assets) and the
// sandbox price shock. Everything is as of the tenant's clock, with the tenant's shocks applied.
import { Router, type Request } from 'express';
import type { components, operations } from '../../generated/schema.d.ts';
import { ctx } from '../http/context.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from '../http/pagination.ts';
import { write } from '../http/write.ts';
import { insertShock, marketData, tenantShocks } from '../market/index.ts';
import { buildChart, buildQuote, buildStats, CHART_RANGES, type ChartRange, type MarketView } from '../market/quotes.ts';
import { assetId, lookupAssetId, UNIVERSE, type UniverseEntry } from '../market/universe.ts';
import type { Body, Query } from '../http/op-types.ts';
import { checkHoldersWithin, checkShockRange } from '../services/limits.ts';


export const marketRouter = Router();

/** The symbol's canonical ticker, or 404 naming what was asked for. */
function knownSymbol(req: Request): string {
  const symbol = String(req.params.symbol);
  const entry = marketData.asset(symbol);
  if (!entry) throw notFound('symbol', symbol.toUpperCase());
  return entry.symbol;
}

async function view(req: Request): Promise<{ view: MarketView; now: Date }> {
  const c = ctx(req);
  return { view: { provider: marketData, shocks: await tenantShocks(c.db, c.tenantId, c.env) }, now: c.clock.now() };
}

marketRouter.get('/v1/stocks/:symbol', async (req, res) => {
  const symbol = knownSymbol(req);
  const { view: v, now } = await view(req);
  res.json(buildQuote(v, symbol, now));
});

marketRouter.get('/v1/stocks/:symbol/stats', async (req, res) => {
  const symbol = knownSymbol(req);
  const { view: v, now } = await view(req);
  res.json(buildStats(v, symbol, now));
});

marketRouter.get(['/v1/stocks/:symbol/chart', '/v1/stocks/:symbol/chart/:range'], async (req, res) => {
  const symbol = knownSymbol(req);
  const range = (req.params.range ?? '1m') as ChartRange;
  if (!CHART_RANGES.includes(range)) throw badRequest(`range: must be one of ${CHART_RANGES.join(', ')}`, 'range');
  const { view: v, now } = await view(req);
  res.json(buildChart(v, symbol, range, now));
});

// The universe as a constant table, so the one pagination helper can page it by id.
const ASSETS_TABLE = `(SELECT * FROM (VALUES ${UNIVERSE.map((e) => {
  if (!/^[A-Z][A-Z0-9.]*$/.test(e.symbol)) throw new Error(`universe: ${e.symbol} is not a plain ticker`);
  return `('${assetId(e.symbol)}'::uuid, '${e.type}', '${e.symbol}')`;
}).join(', ')}) AS v (id, type, symbol)) AS assets`;

const assetJson = (e: UniverseEntry): components['schemas']['Asset'] => ({
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
});

marketRouter.get('/v1/assets', async (req, res) => {
  const c = ctx(req);
  const { type, symbol, asset_class: assetClass } = req.query as unknown as Query<'listAssets'>;
  // Stocks and ETFs are all US equities (every asset's asset_class says so); `etf` narrows to funds.
  const spec = {
    table: ASSETS_TABLE,
    where: `($1::text IS NULL OR type = $1) AND ($2::text IS NULL OR left(symbol, length($2)) = $2) AND ($3::text IS NULL OR $3 = 'us_equity' OR type = 'etf')`,
    params: [type ?? null, symbol?.toUpperCase() ?? null, assetClass ?? null],
  };
  res.json(await listPage(c.db, spec, (row: { id: string }) => assetJson(lookupAssetId(row.id)!), pageQuery(req)));
});

marketRouter.post('/v1/sandbox/market/shock', async (req, res) => {
  const c = ctx(req);
  if (c.env === 'production') throw notFound('endpoint', '/v1/sandbox/market/shock');
  const body: Body<'shockSandboxMarket'> = req.body;
  const entry = marketData.asset(body.symbol);
  if (!entry) throw badRequest(`symbol: no such asset ${body.symbol.toUpperCase()}`, 'symbol');
  await write(req, res, 200, async (tx) => {
    await checkShockRange(tx, c.tenantId, entry.symbol, body.change_percent);
    const applied = await insertShock(tx, c.tenantId, c.env, entry.symbol, body.change_percent, c.clock.now());
    if (applied === 'too_many') throw conflict('symbol: this sandbox already has the most shocks it can hold (1000)', 'symbol');
    await checkHoldersWithin(tx, c.tenantId, entry.symbol);
    return applied;
  });
});
