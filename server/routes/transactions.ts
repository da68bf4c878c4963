// /v1/accounts/{account_id}/transactions: the account's cash ledger entries, read from the
// ledger journals (services/ledger.ts).
import { Router } from 'express';
import type { Query } from '../http/op-types.ts';
import { ctx } from '../http/context.ts';
import { loadAccountRow } from '../services/accounts.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from '../http/pagination.ts';
import { entryJson, transactionListSpec } from '../services/ledger.ts';

export const transactionsRouter = Router();

transactionsRouter.get('/v1/accounts/:account_id/transactions', async (req, res) => {
  const c = ctx(req);
  const q = req.query as unknown as Query<'listTransactions'>;
  await loadAccountRow(c.db, c.tenantId, req.params.account_id);
  res.json(await listPage(c.db, transactionListSpec(c.tenantId, req.params.account_id, q.type ?? null), entryJson, pageQuery(req)));
});
