// Market data: quotes, charts and stats (/v1/stocks/...), the asset list (/v1/assets) and the
// sandbox price shock. Thin handlers over services/market.ts.
import { Router } from 'express';
import { ctx } from '../http/context.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from '../http/pagination.ts';
import { write } from '../http/write.ts';
import type { Body, Query } from '../http/op-types.ts';
import {
  applyShock, assetJson, assetListSpec, shockTarget, stockChart, stockQuote, stockStats,
} from '../services/market.ts';

export const marketRouter = Router();

// The quote is answered in the same turn when it can be (see stockQuote): the hottest read there is.
marketRouter.get('/v1/stocks/:symbol', (req, res) => {
  const quote = stockQuote(ctx(req), String(req.params.symbol));
  if (quote instanceof Promise) return quote.then((q) => void res.json(q));
  res.json(quote);
});

marketRouter.get('/v1/stocks/:symbol/stats', async (req, res) => {
  res.json(await stockStats(ctx(req), String(req.params.symbol)));
});

marketRouter.get(['/v1/stocks/:symbol/chart', '/v1/stocks/:symbol/chart/:range'], async (req, res) => {
  res.json(await stockChart(ctx(req), String(req.params.symbol), req.params.range as string | undefined));
});

marketRouter.get('/v1/assets', async (req, res) => {
  const c = ctx(req);
  res.json(await listPage(c.db, assetListSpec(req.query as unknown as Query<'listAssets'>), assetJson, pageQuery(req)));
});

marketRouter.post('/v1/sandbox/market/shock', async (req, res) => {
  const c = ctx(req);
  const body: Body<'shockSandboxMarket'> = req.body;
  const symbol = shockTarget(c.env, body.symbol);
  await write(req, res, 200, (tx) => applyShock(tx, c, symbol, body.change_percent));
});
