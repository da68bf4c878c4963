// The Node SDK (client/node) from its source: webhook signatures against vectors computed here
// with node:crypto, the resource methods against a local server that records what it receives,
// and the SDK method table against the contract in openapi/: every operation is reachable.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Finos, { FinosError, METHODS, NotFoundError, verifyWebhookSignature } from '../client/node/src/index.ts';

const root = resolve(import.meta.dirname, '..');
const SECRET = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc';
const hmac = (algorithm: string, key: string, data: string) => createHmac(algorithm, key).update(data).digest('hex');
/** No retries: these tests look at one exchange at a time. */
const finos = (key: string, options: { baseUrl?: string } = {}) => Finos(key, { maxRetries: 0, ...options });

describe('verifyWebhookSignature', () => {
  const body = '{"id":"0192f0c4-7a2b-7c3e-9d41-5b6a7c8d9e0f","type":"deposittransition.complete"}';
  const now = 1_793_976_539;
  const finosHeader = (t: number, key = 'test_4eC39HqLyjWDarjtT1zdp7dc', payload = body) =>
    `t=${t},v1=${hmac('sha256', key, `${t}.${payload}`)}`;

  it('accepts the legacy X-Request-Signature: hex HMAC-SHA1 of the body, keyed without sk_', () => {
    const signature = hmac('sha1', 'test_4eC39HqLyjWDarjtT1zdp7dc', body);
    expect(verifyWebhookSignature(body, signature, SECRET)).toBe(true);
    expect(verifyWebhookSignature(Buffer.from(body), signature.toUpperCase(), SECRET)).toBe(true);
    expect(verifyWebhookSignature(new TextEncoder().encode(body), signature, SECRET)).toBe(true);
  });

  it('strips a pk_ prefix the same way', () => {
    expect(verifyWebhookSignature(body, hmac('sha1', 'test_pub', body), 'pk_test_pub')).toBe(true);
  });

  it('rejects a legacy signature over other bytes, with another key, or keyed with the prefix kept', () => {
    const signature = hmac('sha1', 'test_4eC39HqLyjWDarjtT1zdp7dc', body);
    expect(verifyWebhookSignature(body + ' ', signature, SECRET)).toBe(false);
    expect(verifyWebhookSignature(JSON.stringify(JSON.parse(body), null, 2), signature, SECRET)).toBe(false);
    expect(verifyWebhookSignature(body, signature, 'sk_test_other')).toBe(false);
    expect(verifyWebhookSignature(body, hmac('sha1', SECRET, body), SECRET)).toBe(false);
  });

  it('accepts X-Finos-Signature: t and a v1 HMAC-SHA256 of "t.body"', () => {
    expect(verifyWebhookSignature(body, finosHeader(now), SECRET, { now })).toBe(true);
    expect(verifyWebhookSignature(body, finosHeader(now), SECRET, { now: new Date(now * 1000) })).toBe(true);
    expect(verifyWebhookSignature(body, finosHeader(Math.floor(Date.now() / 1000)), SECRET)).toBe(true);
  });

  it('accepts when any of several v1 values matches (key rotation)', () => {
    const good = finosHeader(now);
    const rotated = `t=${now},v1=${hmac('sha256', 'old_key', `${now}.${body}`)},${good.split(',')[1]}`;
    expect(verifyWebhookSignature(body, rotated, SECRET, { now })).toBe(true);
  });

  it('rejects timestamps outside the tolerance, either way, and honours toleranceSeconds', () => {
    expect(verifyWebhookSignature(body, finosHeader(now - 300), SECRET, { now })).toBe(true);
    expect(verifyWebhookSignature(body, finosHeader(now - 301), SECRET, { now })).toBe(false);
    expect(verifyWebhookSignature(body, finosHeader(now + 301), SECRET, { now })).toBe(false);
    expect(verifyWebhookSignature(body, finosHeader(now - 3600), SECRET, { now, toleranceSeconds: 7200 })).toBe(true);
  });

  it('rejects a timestamp that was altered after signing, or a body signed without it', () => {
    const header = finosHeader(now - 10).replace(`t=${now - 10}`, `t=${now}`);
    expect(verifyWebhookSignature(body, header, SECRET, { now })).toBe(false);
    expect(verifyWebhookSignature(body, `t=${now},v1=${hmac('sha256', 'test_4eC39HqLyjWDarjtT1zdp7dc', body)}`, SECRET, { now })).toBe(false);
  });

  it('returns false rather than throwing on malformed input', () => {
    for (const header of [undefined, null, '', 'garbage', 't=,v1=', `t=${now}`, `v1=${'a'.repeat(64)}`, `t=abc,v1=${'a'.repeat(64)}`,
      `t=${now},v1=zz`, `t=${now},v1=${'a'.repeat(63)}`, 'a'.repeat(39)]) {
      expect(verifyWebhookSignature(body, header, SECRET, { now }), String(header)).toBe(false);
    }
    expect(verifyWebhookSignature(body, finosHeader(now), '', { now })).toBe(false);
  });
});

interface Recorded { method: string; url: string; headers: IncomingMessage['headers']; body: string }

describe('Finos() resource methods against a local server', () => {
  let server: Server;
  let baseUrl: string;
  const requests: Recorded[] = [];
  let reply: (req: Recorded) => { status: number; body?: unknown; raw?: string; headers?: Record<string, string> } = () => ({ status: 200, body: {} });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const recorded = { method: req.method!, url: req.url!, headers: req.headers, body };
        requests.push(recorded);
        const { status, body: json, raw, headers } = reply(recorded);
        const text = raw ?? (json === undefined ? '' : JSON.stringify(json));
        res.writeHead(status, { 'Content-Type': raw === undefined ? 'application/json' : 'text/plain', ...headers }).end(text);
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((ok) => server.close(ok)));
  beforeEach(() => {
    requests.length = 0;
    reply = () => ({ status: 200, body: {} });
  });

  it('fetches an account with the key as a Bearer token and returns the body', async () => {
    const account = { id: '2d931510-d99f-494a-8c67-87feb05e1594', available_cash: '100.12' };
    reply = () => ({ status: 200, body: account });
    const result = await finos(SECRET, { baseUrl }).accounts.fetch(account.id);
    expect(result).toEqual(account);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'GET', url: `/v1/accounts/${account.id}`, body: '' });
    expect(requests[0]!.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('creates a user with a JSON body and an Idempotency-Key', async () => {
    reply = () => ({ status: 201, body: { id: 'f6e54303-10ce-42b5-a4b0-b28c19cf5025', status: 'approved' } });
    const body = { first_name: 'John', last_name: 'Doe', email_address: 'johndoe@finos.com', birth_date: '1985-01-23' };
    const user = await finos(SECRET, { baseUrl }).users.create(body as never, { idempotencyKey: 'key-1' });
    expect(user).toMatchObject({ status: 'approved' });
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/v1/users' });
    expect(JSON.parse(requests[0]!.body)).toEqual(body);
    expect(requests[0]!.headers['content-type']).toMatch(/^application\/json/);
    expect(requests[0]!.headers['idempotency-key']).toBe('key-1');
  });

  it('sends reads with a query string, updates with PUT, cancels with DELETE', async () => {
    const api = finos(SECRET, { baseUrl });
    await api.users.list({ limit: 3, order: 'asc' } as never);
    await api.users.search({ query: 'doe' } as never);
    await api.users.update('u1', { phone_number: '6742562188' } as never);
    await api.orders.cancel('o1');
    await api.kyc.update('S-BNTwVDLrlRvHbKVhRa8X', { answers: [] } as never);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /v1/users?limit=3&order=asc',
      'GET /v1/users/search?query=doe',
      'PUT /v1/users/u1',
      'DELETE /v1/orders/o1',
      'PATCH /v1/kyc/S-BNTwVDLrlRvHbKVhRa8X',
    ]);
  });

  it('fills nested path ids in order and encodes them', async () => {
    const api = finos(SECRET, { baseUrl });
    await api.accounts.create('user/1', {} as never);
    await api.stocks.chart('AAPL');
    await api.stocks.chart('AAPL', '1y');
    await api.webhooks.deliveries('w1', { limit: 2 } as never);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/users/user%2F1/accounts',
      'GET /v1/stocks/AAPL/chart',
      'GET /v1/stocks/AAPL/chart/1y',
      'GET /v1/webhooks/w1/deliveries?limit=2',
    ]);
  });

  it('rejects a missing path id before sending anything', async () => {
    const api = finos(SECRET, { baseUrl });
    await expect(api.accounts.fetch(undefined as never)).rejects.toThrow(/account_id must be a non-empty string/);
    await expect(api.accounts.fetch('')).rejects.toThrow(TypeError);
    expect(requests).toHaveLength(0);
  });

  it('throws FinosError with status, type and message from the error body', async () => {
    reply = () => ({ status: 404, body: { error: { type: 'not_found', message: 'No such account: a1' } } });
    const err = await finos(SECRET, { baseUrl }).accounts.fetch('a1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FinosError);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ status: 404, type: 'not_found', message: 'No such account: a1' });

    reply = () => ({ status: 400, body: { error: { type: 'validation_error', message: 'address_state is invalid', field: 'address_state' } } });
    await expect(finos(SECRET, { baseUrl }).users.create({} as never)).rejects.toMatchObject({ status: 400, type: 'validation_error', field: 'address_state' });

    reply = () => ({ status: 429, body: { error: { type: 'rate_limit_exceeded', message: 'Too many requests' } }, headers: { 'Retry-After': '60' } });
    await expect(finos(SECRET, { baseUrl }).events.list()).rejects.toMatchObject({ status: 429, type: 'rate_limit_exceeded' });
  });

  it('types an error without a usable body from its status', async () => {
    reply = () => ({ status: 502, raw: 'Bad Gateway' });
    await expect(finos(SECRET, { baseUrl }).events.list()).rejects.toMatchObject({ status: 502, type: 'api_error', message: 'Bad Gateway' });
    reply = () => ({ status: 403, body: {} });
    await expect(finos(SECRET, { baseUrl }).deposits.create({} as never)).rejects.toMatchObject({ status: 403, type: 'authentication_error' });
  });

  it('throws api_connection when Finos cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((ok) => closed.close(ok));
    await expect(finos(SECRET, { baseUrl: `http://127.0.0.1:${port}` }).events.list())
      .rejects.toMatchObject({ status: 0, type: 'api_connection' });
  });

  it('reaches the public health check and, through http.request, any path', async () => {
    reply = () => ({ status: 200, body: { status: 'ok' } });
    const api = finos(SECRET, { baseUrl });
    expect(await api.health.check()).toEqual({ status: 'ok' });
    expect(await api.http.request({ method: 'get', path: '/v1/users/{user_id}', pathParams: { user_id: 'u 1' } })).toEqual({ status: 'ok' });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /healthz', 'GET /v1/users/u%201']);
    expect(requests[1]!.headers.authorization).toBe(`Bearer ${SECRET}`);
  });
});

describe('SDK methods and the contract', () => {
  const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

  /** method + path → operationId, read from openapi/openapi.yaml and its path files. */
  function contractOperations(): Map<string, string> {
    const rootDoc = parse(readFileSync(join(root, 'openapi/openapi.yaml'), 'utf8'));
    const ops = new Map<string, string>();
    for (const [path, ref] of Object.entries<{ $ref: string }>(rootDoc.paths)) {
      const item = parse(readFileSync(join(root, 'openapi', ref.$ref), 'utf8'));
      for (const method of HTTP_METHODS) if (item[method]) ops.set(`${method} ${path}`, item[method].operationId);
    }
    return ops;
  }

  it('calls only operations the contract defines, under their own operationId', () => {
    const ops = contractOperations();
    const wrong = METHODS.flatMap((m) => m.operations.filter((o) => ops.get(`${o.httpMethod} ${o.path}`) !== o.operationId)
      .map((o) => `${m.method}: ${o.httpMethod} ${o.path} (${o.operationId})`));
    expect(wrong).toEqual([]);
  });

  it('reaches every operation of the contract through a method a client really has', () => {
    const client = finos(SECRET) as unknown as Record<string, Record<string, unknown>>;
    const reachable = new Set(METHODS.filter((m) => {
      const [resource, method] = m.method.split('.') as [string, string];
      return typeof client[resource]?.[method] === 'function';
    }).flatMap((m) => m.operations.map((o) => `${o.httpMethod} ${o.path}`)));
    const unreachable = [...contractOperations()].filter(([key]) => !reachable.has(key)).map(([key, id]) => `${id} (${key})`);
    expect(unreachable).toEqual([]);
  });
});
