// /v1/accounts/{account_id}/harvests: the account's tax-loss harvests (services/harvest-rows.ts).
import { Router } from 'express';
import { ctx } from '../http/context.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from '../http/pagination.ts';
import { loadAccountRow } from '../services/accounts.ts';
import { harvestJson, harvestListSpec } from '../services/harvest-rows.ts';

export const harvestsRouter = Router();

harvestsRouter.get('/v1/accounts/:account_id/harvests', async (req, res) => {
  const c = ctx(req);
  const account = await loadAccountRow(c.db, c.tenantId, req.params.account_id);
  res.json(await listPage(c.db, harvestListSpec(c.tenantId, account.id), harvestJson, pageQuery(req)));
});
