// /v1/deposits and /v1/withdrawals (plus the deprecated singular /v1/withdrawal paths, which
// behave exactly like the plural ones): start, retrieve, list. Thin handlers over services/transfers.ts.
import { Router } from 'express';
import type { Body, Query } from '../http/op-types.ts';
import { ctx } from '../http/context.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from '../http/pagination.ts';
import { write } from '../http/write.ts';
import {
  createDeposit, createWithdrawal, depositJson, retrieveTransfer, transferListSpec, withdrawalJson,
} from '../services/transfers.ts';

export const transfersRouter = Router();


transfersRouter.post('/v1/deposits', async (req, res) => {
  const body: Body<'createDeposit'> = req.body;
  const c = ctx(req);
  await write(req, res, 201, (tx) => createDeposit(tx, c, body));
});

transfersRouter.get('/v1/deposits', async (req, res) => {
  const c = ctx(req);
  const q = req.query as unknown as Query<'listDeposits'>;
  res.json(await listPage(c.db, transferListSpec('deposit', c.tenantId, q), depositJson, pageQuery(req)));
});

transfersRouter.get('/v1/deposits/:deposit_id', async (req, res) => {
  const c = ctx(req);
  res.json(await retrieveTransfer(c.db, 'deposit', c.tenantId, req.params.deposit_id));
});

for (const path of ['/v1/withdrawals', '/v1/withdrawal']) {
  transfersRouter.post(path, async (req, res) => {
    const body: Body<'createWithdrawal'> = req.body;
    const c = ctx(req);
    await write(req, res, 201, (tx) => createWithdrawal(tx, c, body));
  });
  transfersRouter.get(`${path}/:withdrawal_id`, async (req, res) => {
    const c = ctx(req);
    res.json(await retrieveTransfer(c.db, 'withdrawal', c.tenantId, req.params.withdrawal_id));
  });
}

transfersRouter.get('/v1/withdrawals', async (req, res) => {
  const c = ctx(req);
  const q = req.query as unknown as Query<'listWithdrawals'>;
  res.json(await listPage(c.db, transferListSpec('withdrawal', c.tenantId, q), withdrawalJson, pageQuery(req)));
});
