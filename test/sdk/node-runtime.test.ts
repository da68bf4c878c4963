// The Node SDK's runtime (client/node/src) from source, against a local server that records every
// request: retries, idempotency keys, per-call options, errors and auto-pagination.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Finos, {
  APIConnectionError, APIError, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, FinosError, InvalidRequestError, NotFoundError, RateLimitError, VERSION,
} from '../../client/node/src/index.ts';
import { KEY } from './node-support.ts';

const pkgDir = resolve(import.meta.dirname, '..', '..', 'client', 'node');

interface Recorded { method: string; url: string; headers: IncomingMessage['headers']; body: string }
type Handler = (req: Recorded, n: number, res: ServerResponse) => { status: number; body?: unknown; headers?: Record<string, string> } | 'drop' | 'hang';

describe('Node SDK runtime against a recording server', () => {
  let server: Server;
  let baseUrl: string;
  const requests: Recorded[] = [];
  let handler: Handler = () => ({ status: 200, body: {} });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const recorded = { method: req.method!, url: req.url!, headers: req.headers, body };
        requests.push(recorded);
        const answer = handler(recorded, requests.length, res);
        if (answer === 'hang') return;
        if (answer === 'drop') return void req.socket.destroy();
        res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers })
          .end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }));
  beforeEach(() => {
    requests.length = 0;
    handler = () => ({ status: 200, body: {} });
  });

  it('defaults to 2 retries, 30 s to connect and 80 s to read, as documented', () => {
    expect([DEFAULT_MAX_RETRIES, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT]).toEqual([2, 30_000, 80_000]);
  });

  it('identifies itself as finos-node/<version>, the version package.json gives', async () => {
    await Finos(KEY, { baseUrl }).accounts.fetch('a1');
    expect(VERSION).toBe(JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version);
    expect(requests[0]!.headers['user-agent']).toMatch(new RegExp(`^finos-node/${VERSION.replace(/\./g, '\\.')} `));
    expect(requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('sends an Idempotency-Key on every write, new for each call, and none on reads', async () => {
    const f = Finos(KEY, { baseUrl });
    await f.users.create({ first_name: 'A', last_name: 'B', email_address: 'a@example.com' });
    await f.users.create({ first_name: 'A', last_name: 'B', email_address: 'a@example.com' });
    await f.orders.cancel('o1');
    await f.users.fetch('u1');
    const keys = requests.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[0]).not.toBe(keys[1]);
    expect(keys[2]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[3]).toBeUndefined();
  });

  it('retries a 5xx twice by default under the same Idempotency-Key, then succeeds', async () => {
    handler = (_r, n) => (n < 3 ? { status: 503, body: { error: { type: 'api_error', message: 'busy' } } } : { status: 201, body: { id: 'd1', amount: '100.10' } });
    const deposit = await Finos(KEY, { baseUrl }).deposits.create({ account_id: 'a', bank_account_id: 'b', amount: '100.10' });
    expect(deposit).toEqual({ id: 'd1', amount: '100.10' });
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(requests.map((r) => JSON.parse(r.body).amount)).toEqual(['100.10', '100.10', '100.10']);
  });

  it('gives up after maxRetries and throws the last answer as an APIError', async () => {
    handler = () => ({ status: 500, body: { error: { type: 'api_error', message: 'boom', request_id: 'req_1' } } });
    const err = await Finos(KEY, { baseUrl }).users.fetch('u1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect(err).toMatchObject({ status: 500, type: 'api_error', message: 'boom', requestId: 'req_1' });
    expect(requests).toHaveLength(3);
    requests.length = 0;
    await expect(Finos(KEY, { baseUrl, maxRetries: 0 }).users.fetch('u1')).rejects.toBeInstanceOf(APIError);
    await expect(Finos(KEY, { baseUrl }).users.fetch('u1', { maxRetries: 1 })).rejects.toBeInstanceOf(APIError);
    expect(requests).toHaveLength(3);
  });

  it('never retries other 4xx', async () => {
    for (const [status, type] of [[400, 'validation_error'], [402, 'invalid_request'], [404, 'not_found'], [409, 'invalid_request']] as const) {
      requests.length = 0;
      handler = () => ({ status, body: { error: { type, message: `no (${status})`, field: status === 400 ? 'amount' : undefined } }, headers: { 'X-Request-Id': `r${status}` } });
      const err = await Finos(KEY, { baseUrl }).deposits.create({ account_id: 'a', bank_account_id: 'b', amount: '1' }).catch((e: unknown) => e) as FinosError;
      expect(requests, String(status)).toHaveLength(1);
      expect(err).toBeInstanceOf(status === 404 ? NotFoundError : InvalidRequestError);
      expect(err).toMatchObject({ status, type, message: `no (${status})`, requestId: `r${status}`, field: status === 400 ? 'amount' : undefined });
    }
  });

  it('retries a 429 whose Retry-After is short, not one that asks for a long wait', async () => {
    handler = (_r, n) => (n === 1 ? { status: 429, body: { error: { type: 'rate_limit_exceeded', message: 'slow down' } }, headers: { 'Retry-After': '0' } } : { status: 200, body: { ok: true } });
    expect(await Finos(KEY, { baseUrl }).events.list()).toEqual({ ok: true });
    expect(requests).toHaveLength(2);

    requests.length = 0;
    handler = () => ({ status: 429, body: { error: { type: 'rate_limit_exceeded', message: 'slow down' } }, headers: { 'Retry-After': '3600' } });
    await expect(Finos(KEY, { baseUrl }).events.list()).rejects.toBeInstanceOf(RateLimitError);
    expect(requests).toHaveLength(1);
  });

  it('retries a dropped connection with the same Idempotency-Key, and reports api_connection when it keeps failing', async () => {
    handler = (_r, n) => (n === 1 ? 'drop' : { status: 201, body: { id: 'u1' } });
    expect(await Finos(KEY, { baseUrl }).users.create({ first_name: 'A', last_name: 'B', email_address: 'a@example.com' })).toEqual({ id: 'u1' });
    expect(requests).toHaveLength(2);
    expect(requests[0]!.headers['idempotency-key']).toBe(requests[1]!.headers['idempotency-key']);

    requests.length = 0;
    handler = () => 'drop';
    const err = await Finos(KEY, { baseUrl, maxRetries: 1 }).users.fetch('u1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(err).toMatchObject({ status: 0, type: 'api_connection' });
    expect(requests).toHaveLength(2);
  });

  it('honours per-call options: idempotency key, API key, headers, timeout and abort', async () => {
    const f = Finos(KEY, { baseUrl, headers: { 'X-Team': 'ops' } });
    await f.users.create({ first_name: 'A', last_name: 'B', email_address: 'a@example.com' },
      { idempotencyKey: 'mine-1', apiKey: 'sk_test_other', headers: { 'X-Trace': 't1' } });
    expect(requests[0]!.headers).toMatchObject({ 'idempotency-key': 'mine-1', authorization: 'Bearer sk_test_other', 'x-trace': 't1', 'x-team': 'ops' });

    requests.length = 0;
    handler = () => 'hang';
    const timedOut = await f.users.fetch('u1', { timeout: 100, maxRetries: 1 }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(APIConnectionError);
    expect((timedOut as Error).message).toMatch(/no answer within 100 ms/);
    expect(requests).toHaveLength(2);

    requests.length = 0;
    const controller = new AbortController();
    const aborted = f.users.fetch('u1', { signal: controller.signal }).catch((e: unknown) => e);
    while (requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect(await aborted).toMatchObject({ name: 'AbortError' });
    expect(requests).toHaveLength(1);
  });

  it('fills path ids in order, encodes them, and chooses the chart operation by its optional range', async () => {
    const f = Finos(KEY, { baseUrl });
    await f.accounts.create('user/1', {} as never);
    await f.stocks.chart('AAPL');
    await f.stocks.chart('AAPL', '1y');
    await f.webhooks.deliveries('w1', { limit: 2 });
    await f.statements.list({ account_id: 'a1', start_date: '2026-01-01' });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/users/user%2F1/accounts',
      'GET /v1/stocks/AAPL/chart',
      'GET /v1/stocks/AAPL/chart/1y',
      'GET /v1/webhooks/w1/deliveries?limit=2',
      'GET /v1/statements?account_id=a1&start_date=2026-01-01',
    ]);
  });

  it('keeps unknown fields and enum values, and money as strings', async () => {
    const body = { id: 'o1', status: 'some_future_status', filled_quantity: '0.123456789', notional: '1000000000000.01', surprise: { nested: true } };
    handler = () => ({ status: 200, body });
    const order = await Finos(KEY, { baseUrl }).orders.fetch('o1');
    expect(order).toEqual(body);
    expect(typeof order.filled_quantity).toBe('string');
  });

  it('returns the statement PDF as bytes', async () => {
    handler = (_r, _n, res) => { res.writeHead(200, { 'Content-Type': 'application/pdf' }).end(Buffer.from('%PDF-1.7 …')); return 'hang'; };
    const pdf = await Finos(KEY, { baseUrl }).statements.pdf('s1', { expires: 1, signature: 'ab' });
    expect(pdf).toBeInstanceOf(ArrayBuffer);
    expect(Buffer.from(pdf).toString('utf8')).toBe('%PDF-1.7 …');
    expect(requests[0]!.url).toBe('/v1/statements/s1/pdf?expires=1&signature=ab');
  });

  it('reports a 2xx answer that is not JSON as an APIError, without retrying', async () => {
    handler = (_r, _n, res) => { res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>proxy</html>'); return 'hang'; };
    await expect(Finos(KEY, { baseUrl }).users.fetch('u1')).rejects.toMatchObject({ name: 'APIError', status: 200, type: 'api_error' });
    expect(requests).toHaveLength(1);
  });

  describe('auto-pagination', () => {
    // A list of 17 users served newest first in pages, with the cursor the API documents.
    const all = Array.from({ length: 17 }, (_, i) => ({ id: `u${String(17 - i).padStart(2, '0')}` }));
    const serve: Handler = (req) => {
      const url = new URL(req.url, 'http://x');
      const limit = Number(url.searchParams.get('limit') ?? 10);
      const after = url.searchParams.get('starting_after');
      const start = after ? all.findIndex((u) => u.id === after) + 1 : 0;
      const data = all.slice(start, start + limit);
      const more = start + limit < all.length;
      const next = new URLSearchParams(url.searchParams);
      next.set('starting_after', data[data.length - 1]?.id ?? '');
      return { status: 200, body: { data, pagination: { limit, order: 'desc', starting_after: after, ending_before: null,
        next_page: more ? `/v1/users?${next}` : null, next_uri: more ? `https://api.example.com/v1/users?${next}` : null,
        previous_page: null, previous_uri: null } } };
    };

    it('awaiting a list gives one page; iterating it walks every page once, keeping the filters', async () => {
      handler = serve;
      const f = Finos(KEY, { baseUrl });
      const page = await f.users.list({ limit: 7 });
      expect(page.data.map((u) => u.id)).toEqual(all.slice(0, 7).map((u) => u.id));
      expect(requests).toHaveLength(1);

      requests.length = 0;
      const seen: string[] = [];
      for await (const u of f.deposits.list({ limit: 7, status: 'pending' } as never)) seen.push((u as { id: string }).id);
      expect(seen).toEqual(all.map((u) => u.id));
      expect(requests.map((r) => r.url)).toEqual([
        '/v1/deposits?limit=7&status=pending',
        '/v1/deposits?limit=7&status=pending&starting_after=u11',
        '/v1/deposits?limit=7&status=pending&starting_after=u04',
      ]);
    });

    it('stops early without fetching further pages, and toArray caps the count', async () => {
      handler = serve;
      const f = Finos(KEY, { baseUrl });
      for await (const u of f.users.list({ limit: 5 })) if (u.id === 'u15') break;
      expect(requests).toHaveLength(1);
      requests.length = 0;
      expect((await f.users.list({ limit: 5 }).toArray(8)).map((u) => u.id)).toEqual(all.slice(0, 8).map((u) => u.id));
      expect(requests).toHaveLength(2);
    });

    it('rejects both the page and the iteration with the error of the first page', async () => {
      handler = () => ({ status: 401, body: { error: { type: 'authentication_error', message: 'bad key' } } });
      const f = Finos(KEY, { baseUrl });
      await expect(f.users.list()).rejects.toMatchObject({ status: 401, type: 'authentication_error' });
      await expect((async () => { for await (const _ of f.users.list()) void _; })()).rejects.toMatchObject({ status: 401 });
    });
  });
});
