// Authentication forms, refusals (401/403), public routes and tenant isolation, on the real app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeKey } from '../../server/services/tenants.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';

const hook = (name: string) => ({ name, config: { url: 'https://example.com/finos-hook' }, events: ['*'] });

describe.each(engines())('auth on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  it('accepts HTTP Basic, Bearer, a bare Authorization and the API reference\'s Bearer: header', async () => {
    const k = app.keys.secret;
    const forms: Record<string, string>[] = [
      { authorization: `Basic ${Buffer.from(`${k}:`).toString('base64')}` },
      { authorization: `Basic ${Buffer.from(k).toString('base64')}` },
      { authorization: `Bearer ${k}` },
      { authorization: `bearer ${k}` },
      { authorization: k },
      { bearer: k },
    ];
    for (const headers of forms) {
      const r = await app.request('GET', '/v1/webhooks', { key: null, headers });
      expect(r.status, JSON.stringify(headers)).toBe(200);
    }
  });

  it('401 authentication_error without a key, with an unknown or malformed one', async () => {
    for (const headers of [{}, { authorization: 'Bearer sk_test_nope' }, { authorization: 'Bearer' }, { authorization: 'Token a b c' }, { bearer: '' }, { authorization: 'Basic Og==' }] as Record<string, string>[]) {
      const r = await app.request('GET', '/v1/webhooks', { key: null, headers });
      expect(r.status, JSON.stringify(headers)).toBe(401);
      expect(r.body.error.type).toBe('authentication_error');
      expect(r.body.error.message).toMatch(/key/i);
    }
  });

  it('401 for a revoked key', async () => {
    const other = await app.createTenant('revoked');
    expect((await app.request('GET', '/v1/webhooks', { key: other.secret })).status).toBe(200);
    expect(await revokeKey(app.db, other.secretKeyId)).toBe(true);
    const r = await app.request('GET', '/v1/webhooks', { key: other.secret });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/revoked/);
  });

  it('403 when a publishable key does anything but read market data', async () => {
    const pk = app.keys.publishable;
    for (const [method, path] of [['GET', '/v1/webhooks'], ['GET', '/v1/users'], ['POST', '/v1/webhooks'], ['POST', '/v1/orders']] as const) {
      const r = await app.request(method, path, { key: pk, ...(method === 'POST' ? { body: hook('x') } : {}) });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.error.type).toBe('authentication_error');
    }
  });

  it('lets a publishable key through to market data routes', async () => {
    for (const path of ['/v1/clock', '/v1/calendar', '/v1/assets', '/v1/stocks/AAPL']) {
      // Whatever the route answers (it may not be built yet), it is not an auth refusal.
      const r = await app.request('GET', path, { key: app.keys.publishable, unchecked: true });
      expect([401, 403], path).not.toContain(r.status);
    }
  });

  it('serves /healthz without a key, and ignores a bad one there', async () => {
    expect((await app.request('GET', '/healthz', { key: null })).status).toBe(200);
    expect((await app.request('GET', '/healthz', { key: 'sk_test_garbage' })).status).toBe(200);
  });

  it('does not ask for a key on statement PDFs (they carry their own signature)', async () => {
    const r = await app.request('GET', '/v1/statements/01a1fca9-2363-70f1-bfbc-3cc24318addc/pdf', { key: null, unchecked: true });
    expect(r.status).not.toBe(401);
  });

  it('isolates tenants: one tenant never sees another\'s objects', async () => {
    const other = await app.createTenant('other');
    const created = await app.request('POST', '/v1/webhooks', { body: hook('mine') });
    expect(created.status).toBe(201);
    const mine = await app.request('GET', '/v1/webhooks');
    expect(mine.body.data.map((w: { id: string }) => w.id)).toContain(created.body.id);
    const theirs = await app.request('GET', '/v1/webhooks', { key: other.secret });
    expect(theirs.status).toBe(200);
    expect(theirs.body.data).toEqual([]);
    const direct = await app.request('GET', `/v1/webhooks/${created.body.id}`, { key: other.secret });
    expect(direct.status).toBe(404);
    // A cursor from another tenant's list is unknown here, too.
    const cursor = await app.request('GET', `/v1/webhooks?starting_after=${created.body.id}`, { key: other.secret });
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.message).toMatch(/starting_after/);
  });
});
