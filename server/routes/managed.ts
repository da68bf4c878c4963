// /v1/accounts/{account_id}/settings and /v1/accounts/{account_id}/rebalances: configure investment
// management and list an account's rebalancing runs. Thin handlers over services/account-settings.ts
// and services/rebalancing.ts.
import { Router } from 'express';
import type { Body } from '../http/op-types.ts';
import { ctx } from '../http/context.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from '../http/pagination.ts';
import { write } from '../http/write.ts';
import { loadAccountRow } from '../services/accounts.ts';
import { updateAccountSettings } from '../services/account-settings.ts';
import { rebalanceJson, rebalanceListSpec } from '../services/rebalancing.ts';

export const managedRouter = Router();

managedRouter.put('/v1/accounts/:account_id/settings', async (req, res) => {
  const c = ctx(req);
  const body: Body<'updateAccountSettings'> = req.body;
  await write(req, res, 200, (tx) => updateAccountSettings(tx, { tenantId: c.tenantId, clock: c.clock }, req.params.account_id, body));
});

managedRouter.get('/v1/accounts/:account_id/rebalances', async (req, res) => {
  const c = ctx(req);
  await loadAccountRow(c.db, c.tenantId, req.params.account_id);
  res.json(await listPage(c.db, rebalanceListSpec(c.tenantId, req.params.account_id), rebalanceJson, pageQuery(req)));
});
