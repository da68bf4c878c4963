// /v1/events: the tenant's event log (the outbox webhooks deliver), filterable by type or family.
import { Router } from 'express';
import { ctx } from '../http/context.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from '../http/pagination.ts';
import { eventFromRow, eventListSpec, retrieveEvent } from '../services/events.ts';

export const eventsRouter = Router();

eventsRouter.get('/v1/events', async (req, res) => {
  const c = ctx(req);
  const type = typeof req.query.type === 'string' ? req.query.type : null;
  res.json(await listPage(c.db, eventListSpec(c.tenantId, type), eventFromRow, pageQuery(req)));
});

eventsRouter.get('/v1/events/:event_id', async (req, res) => {
  const c = ctx(req);
  res.json(await retrieveEvent(c.db, c.tenantId, req.params.event_id));
});
