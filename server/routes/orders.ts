// /v1/orders and /v1/orders/{order_id}: place, list, retrieve and cancel orders. Thin handlers
// over services/orders.ts.
import { Router } from 'express';
import type { Body, Query } from '../http/op-types.ts';
import { ctx } from '../http/context.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from '../http/pagination.ts';
import { write } from '../http/write.ts';
import { cancelOrder, createOrder, orderJson, orderListSpec, retrieveOrder } from '../services/orders.ts';

export const ordersRouter = Router();


ordersRouter.post('/v1/orders', async (req, res) => {
  const body: Body<'createOrder'> = req.body;
  const c = ctx(req);
  await write(req, res, 201, (tx) => createOrder(tx, c, body));
});

ordersRouter.get('/v1/orders', async (req, res) => {
  const c = ctx(req);
  const q = req.query as unknown as Query<'listOrders'>;
  res.json(await listPage(c.db, orderListSpec(c.tenantId, q), orderJson, pageQuery(req)));
});

ordersRouter.get('/v1/orders/:order_id', async (req, res) => {
  const c = ctx(req);
  res.json(await retrieveOrder(c.db, c.tenantId, req.params.order_id));
});

ordersRouter.delete('/v1/orders/:order_id', async (req, res) => {
  const c = ctx(req);
  await write(req, res, 200, (tx) => cancelOrder(tx, c, req.params.order_id));
});
