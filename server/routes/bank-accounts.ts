// /v1/users/{user_id}/bank_accounts and /v1/bank_accounts/{bank_account_id}: link, list,
// retrieve, update and unlink bank accounts. Thin handlers over services/bank-accounts.ts.
import { Router } from 'express';
import type { Body } from '../http/op-types.ts';
import { ctx } from '../http/context.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from '../http/pagination.ts';
import { write } from '../http/write.ts';
import {
  bankAccountJson, bankAccountListSpec, createBankAccount, deleteBankAccount, retrieveBankAccount, updateBankAccount,
} from '../services/bank-accounts.ts';


export const bankAccountsRouter = Router();

bankAccountsRouter.post('/v1/users/:user_id/bank_accounts', async (req, res) => {
  const c = ctx(req);
  const body: Body<'createBankAccount'> = req.body;
  await write(req, res, 201, (tx) => createBankAccount(tx, c, req.params.user_id, body));
});

bankAccountsRouter.get('/v1/users/:user_id/bank_accounts', async (req, res) => {
  const c = ctx(req);
  const spec = await bankAccountListSpec(c.db, c, req.params.user_id);
  res.json(await listPage(c.db, spec, bankAccountJson, pageQuery(req)));
});

bankAccountsRouter.get('/v1/bank_accounts/:bank_account_id', async (req, res) => {
  const c = ctx(req);
  res.json(await retrieveBankAccount(c.db, c, req.params.bank_account_id));
});

bankAccountsRouter.put('/v1/bank_accounts/:bank_account_id', async (req, res) => {
  const c = ctx(req);
  const body: Body<'updateBankAccount'> = req.body;
  await write(req, res, 200, (tx) => updateBankAccount(tx, c, req.params.bank_account_id, body));
});

bankAccountsRouter.delete('/v1/bank_accounts/:bank_account_id', async (req, res) => {
  const c = ctx(req);
  await write(req, res, 200, (tx) => deleteBankAccount(tx, c, req.params.bank_account_id));
});
