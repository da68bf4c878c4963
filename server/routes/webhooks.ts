// /v1/webhooks: a tenant's webhook endpoints and each one's delivery history.
// Handlers are thin: the contract validator has checked the shapes, services do the rest.
import { Router } from 'express';
import { ctx } from '../http/context.ts';
import { write } from '../http/write.ts';
import {
  createWebhook, deleteWebhook, deliveryFromRow, deliveryListSpec, retrieveWebhook, updateWebhook, webhookFromRow, webhookListSpec,
} from '../services/webhooks.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from '../http/pagination.ts';

export const webhooksRouter = Router();

webhooksRouter.post('/v1/webhooks', async (req, res) => {
  const c = ctx(req);
  await write(req, res, 201, (tx) => createWebhook(tx, { ...c, allowPrivateTargets: c.config.webhookAllowPrivate }, req.body));
});

webhooksRouter.get('/v1/webhooks', async (req, res) => {
  const c = ctx(req);
  res.json(await listPage(c.db, webhookListSpec(c.tenantId), webhookFromRow, pageQuery(req)));
});

webhooksRouter.get('/v1/webhooks/:webhook_id', async (req, res) => {
  const c = ctx(req);
  res.json(await retrieveWebhook(c.db, c.tenantId, req.params.webhook_id));
});

webhooksRouter.put('/v1/webhooks/:webhook_id', async (req, res) => {
  const c = ctx(req);
  await write(req, res, 200, (tx) => updateWebhook(tx, { ...c, allowPrivateTargets: c.config.webhookAllowPrivate }, req.params.webhook_id, req.body));
});

webhooksRouter.delete('/v1/webhooks/:webhook_id', async (req, res) => {
  const c = ctx(req);
  await write(req, res, 200, (tx) => deleteWebhook(tx, c.tenantId, req.params.webhook_id));
});

webhooksRouter.get('/v1/webhooks/:webhook_id/deliveries', async (req, res) => {
  const c = ctx(req);
  res.json(await listPage(c.db, await deliveryListSpec(c.db, c.tenantId, req.params.webhook_id), deliveryFromRow, pageQuery(req)));
});
