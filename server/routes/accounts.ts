// /v1/users/{user_id}/accounts and /v1/accounts/{account_id}: open, list, retrieve and update
// brokerage accounts. Thin handlers over services/accounts.ts.
import { Router } from 'express';
import type { Body } from '../http/op-types.ts';
import { ctx } from '../http/context.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from '../http/pagination.ts';
import { write } from '../http/write.ts';
import { accountJson, accountListSpec, createAccount, retrieveAccount, updateAccount, type AccountRow } from '../services/accounts.ts';


export const accountsRouter = Router();

accountsRouter.post('/v1/users/:user_id/accounts', async (req, res) => {
  const c = ctx(req);
  const body: Body<'createAccount'> = req.body;
  await write(req, res, 201, (tx) => createAccount(tx, c, req.params.user_id, body));
});

accountsRouter.get('/v1/users/:user_id/accounts', async (req, res) => {
  const c = ctx(req);
  const spec = await accountListSpec(c.db, c, req.params.user_id);
  res.json(await listPage(c.db, spec, (row: AccountRow) => accountJson(c.db, row), pageQuery(req)));
});

accountsRouter.get('/v1/accounts/:account_id', async (req, res) => {
  const c = ctx(req);
  res.json(await retrieveAccount(c.db, c, req.params.account_id));
});

accountsRouter.put('/v1/accounts/:account_id', async (req, res) => {
  const c = ctx(req);
  const body: Body<'updateAccount'> = req.body;
  await write(req, res, 200, (tx) => updateAccount(tx, c, req.params.account_id, body));
});
