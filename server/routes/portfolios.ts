// /v1/portfolios, /v1/portfolios/{portfolio_id} and /v1/portfolios/optimize: model portfolios over
// the tenant's asset classes, and the stateless mean-variance optimizer the defaults are built with.
import { Router } from 'express';
import type { Body } from '../http/op-types.ts';
import { ctx } from '../http/context.ts';
import { validationError } from '../errors.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from '../http/pagination.ts';
import { write } from '../http/write.ts';
import { optimize, OptimizerInputError } from '../domain/optimizer.ts';
import {
  createPortfolio, portfolioJson, portfolioListSpec, retrievePortfolio, updatePortfolio,
} from '../services/portfolios.ts';

export const portfoliosRouter = Router();

portfoliosRouter.post('/v1/portfolios', async (req, res) => {
  const c = ctx(req);
  const body: Body<'createPortfolio'> = req.body;
  await write(req, res, 201, (tx) => createPortfolio(tx, c.tenantId, c.clock.now(), body));
});

portfoliosRouter.get('/v1/portfolios', async (req, res) => {
  const c = ctx(req);
  // A transaction: the first read of a tenant's portfolios seeds its catalog.
  res.json(await c.db.transaction(async (tx) => listPage(tx, await portfolioListSpec(tx, c.tenantId, c.clock.now()), portfolioJson, pageQuery(req))));
});

// Before /v1/portfolios/:portfolio_id so that "optimize" is never read as an id.
portfoliosRouter.post('/v1/portfolios/optimize', async (req, res) => {
  const body: Body<'optimizePortfolio'> = req.body;
  // Nothing is stored; write() still gives the call Idempotency-Key semantics like every POST.
  await write(req, res, 200, async () => {
    try {
      return optimize(body);
    } catch (err) {
      if (err instanceof OptimizerInputError) throw validationError(err.message, err.field);
      throw err;
    }
  });
});

portfoliosRouter.get('/v1/portfolios/:portfolio_id', async (req, res) => {
  const c = ctx(req);
  res.json(await c.db.transaction((tx) => retrievePortfolio(tx, c.tenantId, c.clock.now(), req.params.portfolio_id)));
});

portfoliosRouter.put('/v1/portfolios/:portfolio_id', async (req, res) => {
  const c = ctx(req);
  const body: Body<'updatePortfolio'> = req.body;
  await write(req, res, 200, (tx) => updatePortfolio(tx, c.tenantId, c.clock.now(), req.params.portfolio_id, body));
});
