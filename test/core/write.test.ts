// write() and listPage() through the real middleware stack. Test routes sit on the contract's
// /v1/webhooks paths (so request validation applies) but store "widgets" in a test table;
// response validation is off for this app because widgets are not webhooks.
import type { Express } from 'express';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctx } from '../../server/http/context.ts';
import { conflict } from '../../server/errors.ts';
import { listPage } from '../../server/db/paging.ts';
import { pageQuery } from '../../server/http/pagination.ts';
import { write } from '../../server/http/write.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';

function widgetRoutes(app: Express): void {
  app.post('/v1/webhooks', async (req, res) => {
    const c = ctx(req);
    await write(req, res, 201, async (tx) => {
      const body = req.body as { name: string };
      const id = uuidv7();
      await tx.query('INSERT INTO widgets (id, tenant_id, name) VALUES ($1, $2, $3)', [id, c.tenantId, body.name]);
      // Lets the test see whether a refused write's changes were rolled back.
      if (body.name.startsWith('refuse')) throw conflict(`name: ${body.name} is refused`, 'name');
      if (body.name.startsWith('crash')) throw new Error('unexpected');
      await new Promise((r) => setTimeout(r, 5));
      return { id, name: body.name };
    });
  });
  app.get('/v1/webhooks', async (req, res) => {
    const c = ctx(req);
    res.json(await listPage(c.db, { table: 'widgets', where: 'tenant_id = $1', params: [c.tenantId] }, (r: { id: string; name: string }) => ({ id: r.id, name: r.name }), pageQuery(req)));
  });
}

const body = (name: string) => ({ name, config: { url: 'https://example.com/hook' } });

describe.each(engines())('write() and idempotency on %s', (engine) => {
  let app: TestApp;
  const count = async (name: string) =>
    (await app.db.query<{ n: number }>('SELECT count(*) AS n FROM widgets WHERE name = $1', [name])).rows[0]!.n;
  beforeAll(async () => {
    app = await startTestApp({ engine, routes: widgetRoutes, env: { FINOS_VALIDATE_RESPONSES: 'false' } });
    await app.db.exec('CREATE TABLE widgets (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, name text NOT NULL)');
  });
  afterAll(() => app?.close());

  it('writes without a key', async () => {
    const r = await app.request('POST', '/v1/webhooks', { body: body('plain'), unchecked: true });
    expect(r.status).toBe(201);
    expect(r.header('idempotent-replayed')).toBeUndefined();
  });

  it('replays the first response for the same key and request', async () => {
    const headers = { 'Idempotency-Key': 'replay-1' };
    const first = await app.request('POST', '/v1/webhooks', { body: body('once'), headers, unchecked: true });
    expect(first.status).toBe(201);
    const again = await app.request('POST', '/v1/webhooks', { body: { config: { url: 'https://example.com/hook' }, name: 'once' }, headers, unchecked: true });
    expect(again.status).toBe(201);
    expect(again.header('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await count('once')).toBe(1);
  });

  it('409 for the same key with a different request', async () => {
    const headers = { 'Idempotency-Key': 'conflict-1' };
    expect((await app.request('POST', '/v1/webhooks', { body: body('a'), headers, unchecked: true })).status).toBe(201);
    const r = await app.request('POST', '/v1/webhooks', { body: body('b'), headers, unchecked: true });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ type: 'invalid_request' });
    expect(r.body.error.message).toMatch(/Idempotency-Key/);
    expect(await count('b')).toBe(0);
  });

  it('keeps keys per tenant', async () => {
    const other = await app.createTenant('other');
    const headers = { 'Idempotency-Key': 'shared-key' };
    const a = await app.request('POST', '/v1/webhooks', { body: body('t1'), headers, unchecked: true });
    const b = await app.request('POST', '/v1/webhooks', { body: body('t2'), headers, key: other.secret, unchecked: true });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.header('idempotent-replayed')).toBeUndefined();
  });

  it('creates one resource for ten concurrent requests with one key', async () => {
    const headers = { 'Idempotency-Key': 'concurrent-1' };
    const rs = await Promise.all(Array.from({ length: 10 }, () => app.request('POST', '/v1/webhooks', { body: body('burst'), headers, unchecked: true })));
    expect(rs.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(rs.map((r) => r.body.id)).size).toBe(1);
    expect(rs.filter((r) => r.header('idempotent-replayed') === 'true')).toHaveLength(9);
    expect(await count('burst')).toBe(1);
  });

  it('stores a refusal (4xx) with its writes rolled back, and replays it', async () => {
    const headers = { 'Idempotency-Key': 'refuse-1' };
    const first = await app.request('POST', '/v1/webhooks', { body: body('refuse-me'), headers, unchecked: true });
    expect(first.status).toBe(409);
    expect(first.body.error).toMatchObject({ type: 'invalid_request', field: 'name' });
    const again = await app.request('POST', '/v1/webhooks', { body: body('refuse-me'), headers, unchecked: true });
    expect(again.status).toBe(409);
    expect(again.header('idempotent-replayed')).toBe('true');
    expect(await count('refuse-me')).toBe(0);
  });

  it('does not keep the key after a 500, so the client can retry', async () => {
    const headers = { 'Idempotency-Key': 'crash-1' };
    const first = await app.request('POST', '/v1/webhooks', { body: body('crash'), headers, unchecked: true });
    expect(first.status).toBe(500);
    expect(await count('crash')).toBe(0);
    const row = await app.db.query(`SELECT 1 FROM idempotency_keys WHERE key = 'crash-1'`);
    expect(row.rows).toHaveLength(0);
  });

  it('lets an expired key be used again', async () => {
    const headers = { 'Idempotency-Key': 'expiring' };
    const first = await app.request('POST', '/v1/webhooks', { body: body('old'), headers, unchecked: true });
    await app.db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'expiring'`);
    const second = await app.request('POST', '/v1/webhooks', { body: body('new'), headers, unchecked: true });
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    const stored = await app.db.query<{ expires_at: Date; created_at: Date }>(`SELECT created_at, expires_at FROM idempotency_keys WHERE key = 'expiring'`);
    const ttl = stored.rows[0]!.expires_at.getTime() - stored.rows[0]!.created_at.getTime();
    expect(ttl).toBe(24 * 3600 * 1000);
  });
});

describe.each(engines())('a write whose response breaks the contract on %s', (engine) => {
  // Responses validated (the default outside production): a widget is not a Webhook, so no
  // POST /v1/webhooks answer of this app can be produced.
  let app: TestApp;
  const count = async (name: string) =>
    (await app.db.query<{ n: number }>('SELECT count(*) AS n FROM widgets WHERE name = $1', [name])).rows[0]!.n;
  beforeAll(async () => {
    app = await startTestApp({ engine, routes: widgetRoutes });
    await app.db.exec('CREATE TABLE widgets (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, name text NOT NULL)');
  });
  afterAll(() => app?.close());

  it('answers 500 and commits nothing, with or without an Idempotency-Key; a replay does not find a stored answer', async () => {
    const plain = await app.request('POST', '/v1/webhooks', { body: body('unsendable'), unchecked: true });
    expect(plain.status).toBe(500);
    expect(plain.body.error.type).toBe('api_error');
    expect(await count('unsendable')).toBe(0);
    const headers = { 'Idempotency-Key': 'unsendable-1' };
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = await app.request('POST', '/v1/webhooks', { body: body('unsendable-keyed'), headers, unchecked: true });
      expect(r.status).toBe(500);
      expect(r.header('idempotent-replayed')).toBeUndefined();
      expect(await count('unsendable-keyed')).toBe(0);
      expect((await app.db.query(`SELECT 1 FROM idempotency_keys WHERE key = 'unsendable-1'`)).rows).toHaveLength(0);
    }
    expect(app.logs.some((l) => String(l.msg ?? JSON.stringify(l)).includes('breaks the contract'))).toBe(true);
  });
});

describe.each(engines())('listPage on %s', (engine) => {
  let app: TestApp;
  const ids: string[] = [];
  const list = async (query: string) => app.request('GET', `/v1/webhooks${query}`, { unchecked: true });
  beforeAll(async () => {
    app = await startTestApp({ engine, routes: widgetRoutes, env: { FINOS_VALIDATE_RESPONSES: 'false' } });
    await app.db.exec('CREATE TABLE widgets (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, name text NOT NULL)');
    for (let i = 0; i < 7; i++) ids.push((await app.request('POST', '/v1/webhooks', { body: body(`w${i}`), unchecked: true })).body.id);
    // Another tenant's rows never show up.
    const other = await app.createTenant('other');
    await app.request('POST', '/v1/webhooks', { body: body('theirs'), key: other.secret, unchecked: true });
  });
  afterAll(() => app?.close());

  const idsOf = (r: { body: { data: Array<{ id: string }> } }) => r.body.data.map((w) => w.id);

  it('defaults to 25 newest first, with no links when everything fits', async () => {
    const r = await list('');
    expect(r.status).toBe(200);
    expect(idsOf(r)).toEqual([...ids].reverse());
    expect(r.body.pagination).toEqual({
      ending_before: null, starting_after: null, limit: 25, order: 'desc',
      previous_page: null, next_page: null, previous_uri: null, next_uri: null,
    });
  });

  it('walks pages forward and back with cursors and links', async () => {
    const p1 = await list('?limit=3');
    expect(idsOf(p1)).toEqual([ids[6], ids[5], ids[4]]);
    expect(p1.body.pagination.next_page).toBe(`/v1/webhooks?limit=3&starting_after=${ids[4]}`);
    expect(p1.body.pagination.next_uri).toBe(`${app.baseUrl}/v1/webhooks?limit=3&starting_after=${ids[4]}`);
    expect(p1.body.pagination.previous_page).toBeNull();

    const p2 = await list(p1.body.pagination.next_page.replace('/v1/webhooks', ''));
    expect(idsOf(p2)).toEqual([ids[3], ids[2], ids[1]]);
    expect(p2.body.pagination).toMatchObject({ starting_after: ids[4], limit: 3, order: 'desc' });
    expect(p2.body.pagination.previous_page).toBe(`/v1/webhooks?limit=3&ending_before=${ids[3]}`);

    const p3 = await list(p2.body.pagination.next_page.replace('/v1/webhooks', ''));
    expect(idsOf(p3)).toEqual([ids[0]]);
    expect(p3.body.pagination.next_page).toBeNull();
    expect(p3.body.pagination.next_uri).toBeNull();

    const back = await list(p2.body.pagination.previous_page.replace('/v1/webhooks', ''));
    expect(idsOf(back)).toEqual([ids[6], ids[5], ids[4]]);
    expect(back.body.pagination.previous_page).toBeNull();
    expect(back.body.pagination.next_page).toBe(`/v1/webhooks?limit=3&starting_after=${ids[4]}`);

    const mid = await list(`?limit=2&ending_before=${ids[1]}`);
    expect(idsOf(mid)).toEqual([ids[3], ids[2]]);
    expect(mid.body.pagination.previous_page).toBe(`/v1/webhooks?limit=2&ending_before=${ids[3]}`);
    expect(mid.body.pagination.next_page).toBe(`/v1/webhooks?limit=2&starting_after=${ids[2]}`);
  });

  it('orders oldest first with order=asc and keeps it in the links', async () => {
    const r = await list('?order=asc&limit=4');
    expect(idsOf(r)).toEqual(ids.slice(0, 4));
    expect(r.body.pagination.next_page).toBe(`/v1/webhooks?order=asc&limit=4&starting_after=${ids[3]}`);
    const next = await list(`?order=asc&limit=4&starting_after=${ids[3]}`);
    expect(idsOf(next)).toEqual(ids.slice(4));
    expect(next.body.pagination.next_page).toBeNull();
    const before = await list(`?order=asc&limit=2&ending_before=${ids[3]}`);
    expect(idsOf(before)).toEqual([ids[1], ids[2]]);
  });

  it('accepts limit 0 and 100', async () => {
    const zero = await list('?limit=0');
    expect(zero.body.data).toEqual([]);
    expect(zero.body.pagination).toMatchObject({ limit: 0, next_page: null });
    expect((await list('?limit=100')).body.data).toHaveLength(7);
  });

  it('400 invalid_request naming the parameter for bad values', async () => {
    const cases: Array<[string, string]> = [
      ['?limit=101', 'limit'],
      ['?limit=-1', 'limit'],
      ['?limit=abc', 'limit'],
      ['?order=sideways', 'order'],
      ['?starting_after=01a1fca9-2363-70f1-bfbc-3cc24318addc', 'starting_after'],
      ['?ending_before=not-a-uuid', 'ending_before'],
      [`?starting_after=${ids[1]}&ending_before=${ids[3]}`, 'starting_after'],
    ];
    for (const [query, param] of cases) {
      const r = await list(query);
      expect(r.status, query).toBe(400);
      expect(r.body.error.type, query).toBe('invalid_request');
      expect(r.body.error.message, query).toContain(param);
    }
  });
});
