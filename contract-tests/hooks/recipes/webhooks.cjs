// Recipes for webhooks and the events they deliver: a shared webhook for reads, a fresh one for
// the delete, and the first event of the tenant.
'use strict';

const { api, approvedUser, create, once } = require('../fixtures.cjs');

const webhook = once('webhook', () => create.webhook());
const event = once('event', async () => {
  await approvedUser();
  const list = await api('GET', '/v1/events?limit=1', undefined, { expect: 200 });
  return list.body.data[0];
});

const ok = {
  'GET /v1/webhooks/{webhook_id}': async () => ({ params: { webhook_id: (await webhook()).id } }),
  'PUT /v1/webhooks/{webhook_id}': async () => ({ params: { webhook_id: (await webhook()).id } }),
  'DELETE /v1/webhooks/{webhook_id}': async () => ({ params: { webhook_id: (await create.webhook()).id } }),
  'GET /v1/webhooks/{webhook_id}/deliveries': async () => ({ params: { webhook_id: (await webhook()).id } }),
  'GET /v1/events/{event_id}': async () => ({ params: { event_id: (await event()).id } }),
};

module.exports = { ok };
