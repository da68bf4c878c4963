// /v1/accounts/{account_id}/positions: the account's holdings from its tax lots, valued now
// (services/positions.ts).
import { Router } from 'express';
import { ctx } from '../http/context.ts';
import { loadAccountRow } from '../services/accounts.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from '../http/pagination.ts';
import { positionListSpec, positionPricer } from '../services/positions.ts';

export const positionsRouter = Router();

positionsRouter.get('/v1/accounts/:account_id/positions', async (req, res) => {
  const c = ctx(req);
  await loadAccountRow(c.db, c.tenantId, req.params.account_id);
  const toJson = await positionPricer(c.db, c.tenantId, req.params.account_id, c.clock.now());
  res.json(await listPage(c.db, positionListSpec(c.tenantId, req.params.account_id), toJson, pageQuery(req)));
});
