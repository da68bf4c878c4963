// HTTP scenarios for /v1/webhooks and /v1/events on the real app (every response checked
// against the contract): CRUD, validation, masking, listing and filtering, deliveries end to end.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../client/node/src/index.ts';
import { emitEvent } from '../../server/services/events.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { startReceiver, type Receiver } from './receiver.ts';
import { advanceTenantClock, until } from './support.ts';

const hookBody = (url: string, more: Record<string, unknown> = {}) => ({
  name: 'My_Webhook_Name',
  config: { url, basic_auth_username: 'finos_user', basic_auth_password: 'finos_passwd' },
  events: ['usertransition.*'],
  ...more,
});

describe.each(engines())('webhooks and events over HTTP on %s', (engine) => {
  let app: TestApp;
  let receiver: Receiver;
  const emit = (type: string, tenantId = app.keys.tenantId) =>
    app.db.transaction((tx) => emitEvent(tx, {
      tenantId, type, object: { id: '0192f0c4-7a2b-7c3e-9d41-5b6a7c8d9e0f', status: type.split('.')[1] }, previousStatus: 'pending', now: new Date(),
    }));

  beforeAll(async () => {
    app = await startTestApp({ engine });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await app?.close();
  });

  it('creates, retrieves, lists, updates and deletes a webhook; the password is only ever masked', async () => {
    const created = await app.request('POST', '/v1/webhooks', { body: hookBody(receiver.url) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'My_Webhook_Name', active: true, events: ['usertransition.*'],
      config: { url: receiver.url, basic_auth_username: 'finos_user', basic_auth_password: '********swd' },
    });
    const id = created.body.id as string;
    const stored = await app.db.query<{ basic_auth_password_encrypted: string }>('SELECT basic_auth_password_encrypted FROM webhooks WHERE id = $1', [id]);
    expect(stored.rows[0]!.basic_auth_password_encrypted).not.toContain('finos_passwd');

    const got = await app.request('GET', `/v1/webhooks/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);
    expect(got.text).not.toContain('finos_passwd');

    const list = await app.request('GET', '/v1/webhooks?limit=1');
    expect(list.status).toBe(200);
    expect(list.body.data.map((w: { id: string }) => w.id)).toContain(id);

    const paused = await app.request('PUT', `/v1/webhooks/${id}`, { body: { active: false } });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ active: false, name: 'My_Webhook_Name', config: { basic_auth_password: '********swd' } });

    const replaced = await app.request('PUT', `/v1/webhooks/${id}`, { body: { config: { url: 'http://127.0.0.1:9/other' }, name: 'renamed', events: ['*'] } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ name: 'renamed', events: ['*'], config: { url: 'http://127.0.0.1:9/other' } });
    expect(replaced.body.config).not.toHaveProperty('basic_auth_password');

    const deleted = await app.request('DELETE', `/v1/webhooks/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id, object: 'webhook', deleted: true });
    expect((await app.request('GET', `/v1/webhooks/${id}`)).status).toBe(404);
    expect((await app.request('DELETE', `/v1/webhooks/${id}`)).status).toBe(404);
  });

  it('defaults events to ["*"] and replays an idempotent create', async () => {
    const body = { name: 'all', config: { url: receiver.url } };
    const headers = { 'Idempotency-Key': `wh-${engine}-1` };
    const first = await app.request('POST', '/v1/webhooks', { body, headers });
    expect(first.status).toBe(201);
    expect(first.body.events).toEqual(['*']);
    const again = await app.request('POST', '/v1/webhooks', { body, headers });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.header('idempotent-replayed')).toBe('true');
    await app.request('DELETE', `/v1/webhooks/${first.body.id}`);
  });

  it.each([
    ['a name over 64 characters', { name: 'x'.repeat(65) }, 'name'],
    ['an empty name', { name: '' }, 'name'],
    ['a URL that is not one', { config: { url: 'not a url' } }, 'config.url'],
    ['an ftp URL', { config: { url: 'ftp://example.com/hook' } }, 'config.url'],
    ['credentials inside the URL', { config: { url: 'http://u:p@example.com/hook' } }, 'config.url'],
    ['a malformed pattern', { events: ['user*'] }, 'events'],
    ['an unknown family', { events: ['nosuch.*'] }, 'events[0]'],
    ['an unknown type', { events: ['usertransition.done'] }, 'events[0]'],
    ['an empty pattern list', { events: [] }, 'events'],
    ['a username with a colon', { config: { url: 'http://127.0.0.1/h', basic_auth_username: 'a:b' } }, 'config.basic_auth_username'],
    ['an empty password', { config: { url: 'http://127.0.0.1/h', basic_auth_password: '' } }, 'config.basic_auth_password'],
    ['an unknown field', { colour: 'red' }, 'colour'],
  ])('refuses %s with a 400 naming the field', async (_what, patch, field) => {
    const r = await app.request('POST', '/v1/webhooks', { body: { ...hookBody(receiver.url), ...patch } });
    expect(r.status).toBe(400);
    expect(`${r.body.error.field ?? ''} ${r.body.error.message}`).toContain(field);
  });

  it('refuses an empty update and answers 404 for another tenant\'s webhook', async () => {
    const created = await app.request('POST', '/v1/webhooks', { body: hookBody(receiver.url) });
    expect((await app.request('PUT', `/v1/webhooks/${created.body.id}`, { body: {} })).status).toBe(400);
    const other = await app.createTenant('other');
    expect((await app.request('GET', `/v1/webhooks/${created.body.id}`, { key: other.secret })).status).toBe(404);
    expect((await app.request('PUT', `/v1/webhooks/${created.body.id}`, { key: other.secret, body: { active: false } })).status).toBe(404);
    expect((await app.request('GET', `/v1/webhooks/${created.body.id}/deliveries`, { key: other.secret })).status).toBe(404);
    await app.request('DELETE', `/v1/webhooks/${created.body.id}`);
  });

  it('lists events newest first, filters by type or family, and retrieves one', async () => {
    const other = await app.createTenant('events-other');
    const a = await emit('usertransition.approved');
    const b = await emit('usertransition.rejected');
    const c = await emit('kyctransition.approved');
    await emit('usertransition.approved', other.tenantId);

    const all = await app.request('GET', '/v1/events?limit=3');
    expect(all.status).toBe(200);
    expect(all.body.data.map((e: { id: string }) => e.id)).toEqual([c.id, b.id, a.id]);
    // `*` percent-encoded: the validator refuses a raw `*` until the contract's `type` parameter
    // says `allowReserved: true` (reported to the contract owner).
    const family = await app.request('GET', '/v1/events?type=usertransition.%2A');
    expect(family.body.data.map((e: { id: string }) => e.id)).toEqual([b.id, a.id]);
    expect(family.body.pagination.type).toBe('usertransition.*');
    const exact = await app.request('GET', '/v1/events?type=kyctransition.approved');
    expect(exact.body.data.map((e: { id: string }) => e.id)).toEqual([c.id]);
    const page2 = await app.request('GET', `/v1/events?type=usertransition.%2A&limit=1&starting_after=${b.id}`);
    expect(page2.body.data.map((e: { id: string }) => e.id)).toEqual([a.id]);

    expect((await app.request('GET', '/v1/events?type=user%2A')).status).toBe(400);
    expect((await app.request('GET', '/v1/events?type=%2A')).body.data.length).toBeGreaterThanOrEqual(3);
    const one = await app.request('GET', `/v1/events/${a.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(a);
    expect((await app.request('GET', `/v1/events/${a.id}`, { key: other.secret })).status).toBe(404);
    expect((await app.request('GET', '/v1/events/0192f0c4-7a2b-7c3e-9d41-000000000000')).status).toBe(404);
  });

  it('delivers end to end through the server\'s own worker and shows it in the deliveries list', async () => {
    const r = await startReceiver((_req, n) => ({ status: n === 1 ? 503 : 204 }));
    try {
      const hook = await app.request('POST', '/v1/webhooks', { body: hookBody(r.url, { events: ['deposittransition.complete'] }) });
      const event = await emit('deposittransition.complete');
      await until('first attempt', () => r.received.length === 1);
      const key = app.keys.secret.replace(/^sk_/, '');
      const got = r.received[0]!;
      expect(got.headers['x-request-signature']).toBe(createHmac('sha1', key).update(got.body).digest('hex'));
      const t = /^t=(\d+),/.exec(String(got.headers['x-finos-signature']))![1]!;
      expect(got.headers['x-finos-signature']).toBe(`t=${t},v1=${createHmac('sha256', key).update(`${t}.${got.body}`).digest('hex')}`);
      expect(JSON.parse(got.body)).toEqual(event);
      // The public client verifies this real delivery with either header, and refuses tampering.
      const legacy = String(got.headers['x-request-signature']);
      const stamped = String(got.headers['x-finos-signature']);
      expect(verifyWebhookSignature(got.body, legacy, app.keys.secret)).toBe(true);
      expect(verifyWebhookSignature(got.body, stamped, app.keys.secret)).toBe(true);
      expect(verifyWebhookSignature(got.body + ' ', legacy, app.keys.secret)).toBe(false);
      expect(verifyWebhookSignature(got.body + ' ', stamped, app.keys.secret)).toBe(false);
      expect(verifyWebhookSignature(got.body, stamped, app.keys.secret + 'x')).toBe(false);
      expect(verifyWebhookSignature(got.body, stamped, app.keys.secret, { now: Number(t) + 301 })).toBe(false);

      const listed = async () => (await app.request('GET', `/v1/webhooks/${hook.body.id}/deliveries`)).body.data[0];
      await until('the failure recorded', async () => (await listed()).http_status === 503);
      expect(await listed()).toMatchObject({ event_id: event.id, event_type: 'deposittransition.complete', status: 'pending', attempt: 1, last_error: 'HTTP 503' });

      await advanceTenantClock(app.db, app.keys.tenantId, 10 * 60_000);
      await until('the retry', async () => (await listed()).status === 'succeeded');
      expect(await listed()).toMatchObject({ status: 'succeeded', attempt: 2, http_status: 204, next_attempt_at: null, last_error: null });
      expect(r.received).toHaveLength(2);
    } finally {
      await advanceTenantClock(app.db, app.keys.tenantId, -10 * 60_000);
      await r.close();
    }
  });
});

describe.each(engines())('webhook URLs in production on %s', (engine) => {
  let app: TestApp;
  const https = { 'X-Forwarded-Proto': 'https' };
  beforeAll(async () => {
    app = await startTestApp({ engine, env: { FINOS_ENV: 'production', FINOS_TRUST_PROXY: 'true' } });
  });
  afterAll(() => app?.close());

  it.each([
    ['http://example.com/hook', 'https'],
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://localhost:8443/hook', 'loopback'],
    ['https://10.1.2.3/hook', 'private'],
    ['https://172.20.0.1/hook', 'private'],
    ['https://192.168.0.10/hook', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'metadata'],
    ['https://169.254.10.10/hook', 'link-local'],
    ['https://100.64.0.1/hook', 'cgnat'],
    ['https://0.0.0.0/hook', 'unspecified'],
    ['https://224.0.0.1/hook', 'multicast'],
    ['https://[::1]/hook', 'loopback'],
    ['https://[fd00:ec2::254]/hook', 'metadata'],
    ['https://[fe80::1]/hook', 'link-local'],
    ['https://[fc00::5]/hook', 'private'],
    ['https://[::ffff:127.0.0.1]/hook', 'loopback'],
    ['https://[::ffff:a9fe:a9fe]/hook', 'metadata'],
    ['https://2130706433/hook', 'loopback'],
  ])('refuses %s (%s) at create and at update', async (url, reason) => {
    const r = await app.request('POST', '/v1/webhooks', { headers: https, body: { name: 'prod', config: { url } } });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('config.url');
    expect(r.body.error.message).toContain(reason);
  });

  it('accepts a public https URL and refuses moving it to a private one', async () => {
    const r = await app.request('POST', '/v1/webhooks', { headers: https, body: { name: 'prod', config: { url: 'https://93.184.216.34/hook' } } });
    expect(r.status).toBe(201);
    const u = await app.request('PUT', `/v1/webhooks/${r.body.id}`, { headers: https, body: { config: { url: 'https://10.0.0.8/hook' } } });
    expect(u.status).toBe(400);
    expect(u.body.error.message).toContain('private');
  });
});
