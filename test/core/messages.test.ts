// Messages a person can act on, over HTTP: validation messages in words from the one pattern
// table, one error type per kind of mistake on every operation of the contract, JSON syntax
// errors with line and column, a closed market that says when it opens and how to get there,
// query values as curl sends them, and dates that must exist.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { person } from '../identity/support.ts';
import { customer, newTenant, ny } from '../money/support.ts';
import { fundedCustomer, order, tradingTuesday } from '../orders/support.ts';
import { PATTERN_MESSAGES_PATH } from '../../server/messages.ts';

const root = join(import.meta.dirname, '..', '..');
type Obj = Record<string, any>;
const spec: Obj = JSON.parse(readFileSync(join(root, 'generated/openapi.json'), 'utf8'));
const table = parse(readFileSync(PATTERN_MESSAGES_PATH, 'utf8')) as { patterns: Record<string, string>; formats: Record<string, string> };
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** Every value of `keyword` in a schema position of the bundled contract (not a property named so). */
function schemaKeywords(keyword: 'pattern' | 'format'): Set<string> {
  const found = new Set<string>();
  const walk = (node: unknown, parentKey: string | undefined) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, undefined));
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === keyword && parentKey !== 'properties' && typeof v === 'string') found.add(v);
      if (k === 'examples' || k === 'example' || k === 'x-codeSamples') continue;
      walk(v, k);
    }
  };
  walk(spec, undefined);
  return found;
}

const deref = (o: Obj): Obj => (o.$ref ? o.$ref.slice(2).split('/').reduce((n: Obj, k: string) => n[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec) : o);

interface Op { method: string; path: string; operationId: string; op: Obj; params: Obj[] }
const operations: Op[] = Object.entries(spec.paths as Obj).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({
    method, path, operationId: item[method].operationId as string, op: item[method] as Obj,
    params: [...(item.parameters ?? []), ...(item[method].parameters ?? [])].map(deref),
  })));

/** A path whose parameters carry their documented examples, so only the body or query is at fault. */
function urlOf(o: Op): string {
  return o.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const p = o.params.find((x) => x.in === 'path' && x.name === name)!;
    const schema = deref(p.schema ?? {});
    const example = p.example ?? p.examples?.[Object.keys(p.examples)[0]!]?.value ?? schema.examples?.[0] ?? schema.enum?.[0];
    expect(example, `${o.operationId}: path parameter ${name} needs an example`).toBeDefined();
    return encodeURIComponent(String(example));
  });
}

function requiredQuery(o: Op): string[] {
  return o.params.filter((p) => p.in === 'query' && p.required).map((p) => {
    const schema = deref(p.schema ?? {});
    return `${p.name}=${encodeURIComponent(String(p.example ?? schema.examples?.[0] ?? schema.enum?.[0]))}`;
  });
}

describe('the pattern-message table', () => {
  it('has words for every pattern and format in the contract', () => {
    const patterns = [...schemaKeywords('pattern')];
    expect(patterns.length).toBeGreaterThan(10);
    expect(patterns.filter((p) => !table.patterns[p]), 'add these to openapi/pattern-messages.yaml').toEqual([]);
    expect([...schemaKeywords('format')].filter((f) => !table.formats[f]), 'add these formats to openapi/pattern-messages.yaml').toEqual([]);
  });

  it('declares allowReserved on every query parameter, so values go as curl sends them', () => {
    const strict = operations.flatMap((o) => o.params.filter((p) => p.in === 'query' && p.allowReserved !== true).map((p) => `${o.operationId} ${p.name}`));
    expect(strict).toEqual([]);
  });
});

describe.each(engines())('messages on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  it('says what a good value looks like instead of quoting a regular expression', async () => {
    const qty = await app.request('POST', '/v1/orders', {
      body: { account_id: '2d931510-d99f-494a-8c67-87feb05e1594', symbol: 'GOOG', side: 'buy', type: 'market', quantity: '0' },
    });
    expect(qty.status).toBe(400);
    expect(qty.body.error).toEqual({ type: 'validation_error', field: 'quantity', message: 'quantity: must be a positive number with at most 4 decimal places' });

    const banks = '/v1/users/2d931510-d99f-494a-8c67-87feb05e1594/bank_accounts';
    const bank = await app.request('POST', banks, { body: { bank_account_number: '43-27', bank_routing_number: '121042882', bank_account_nickname: 'checking' } });
    expect(bank.status).toBe(400);
    expect(bank.body.error).toEqual({ type: 'validation_error', field: 'bank_account_number', message: 'bank_account_number: must be 4 to 17 digits, with no dashes or spaces' });
    const routing = await app.request('POST', banks, { body: { bank_account_number: '4327843043', bank_routing_number: '12104288', bank_account_nickname: 'checking' } });
    expect(routing.body.error.message).toBe('bank_routing_number: must be exactly 9 digits, with no dashes or spaces');

    const ssn = await app.request('POST', '/v1/users', { body: person('6789', { ssn_number: '123-45-6789' }) });
    expect(ssn.body.error.message).toBe('ssn_number: must be exactly 9 digits, with no dashes or spaces');
    const state = await app.request('POST', '/v1/users', { body: person('6789', { address_state: 'Virginia' }) });
    expect(state.body.error.message).toBe('address_state: must be a 2-letter code in upper case, e.g. "VA"');
    const amount = await app.request('POST', '/v1/deposits', {
      body: { account_id: '2d931510-d99f-494a-8c67-87feb05e1594', bank_account_id: 'bad85eb9-0713-4da7-8d36-07a8e4b00eab', amount: '10.001' },
    });
    expect(amount.body.error.message).toMatch(/^amount: must be a positive amount of dollars .* at most 2 decimal places/);
    for (const r of [qty, bank, routing, ssn, state, amount]) expect(r.body.error.message, r.text).not.toMatch(/\^|\$|must match/);

    const symbol = await app.request('GET', '/v1/orders?symbol=goog');
    expect(symbol.body.error).toMatchObject({ type: 'invalid_request', field: 'symbol' });
    expect(symbol.body.error.message).toMatch(/^symbol: must be a ticker symbol in upper case/);
  });

  it('answers validation_error for every body mistake and invalid_request for every query mistake, on every operation', async () => {
    const wrong: string[] = [];
    for (const o of operations) {
      const query = requiredQuery(o);
      const json = o.op.requestBody?.content?.['application/json'];
      if (json) {
        // An object where the schema wants something else, or a field it does not know.
        const r = await app.request(o.method.toUpperCase(), `${urlOf(o)}${query.length ? `?${query.join('&')}` : ''}`,
          { body: { not_a_field_of_any_request: 1 }, unchecked: !o.op.responses['400'] });
        if (r.status !== 400 || r.body.error?.type !== 'validation_error') wrong.push(`${o.operationId} body: ${r.status} ${r.text}`);
      } else {
        const r = await app.request(o.method.toUpperCase(), `${urlOf(o)}?${[...query, 'not_a_parameter=1'].join('&')}`,
          { unchecked: !o.op.responses['400'] });
        if (r.status !== 400 || r.body.error?.type !== 'invalid_request' || r.body.error.field !== 'not_a_parameter') {
          wrong.push(`${o.operationId} query: ${r.status} ${r.text}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('calls a body mistake found by a service a validation_error too, and a query one invalid_request', async () => {
    const t = await newTenant(app);
    const unknown = await t.req('POST', '/v1/asset_classes', { id: 'my-etfs', name: 'My ETFs', primary: 'ZZZZZ' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ type: 'validation_error', field: 'primary' });
    // The same answer when it is stored for an idempotent retry, and when it is replayed.
    const headers = { 'Idempotency-Key': 'unknown-primary' };
    for (let i = 0; i < 2; i++) {
      const kept = await t.req('POST', '/v1/asset_classes', { id: 'my-etfs', name: 'My ETFs', primary: 'ZZZZZ' }, headers);
      expect(kept.status).toBe(400);
      expect(kept.body.error).toMatchObject({ type: 'validation_error', field: 'primary' });
    }

    const clock = (await t.req('GET', '/v1/sandbox/clock')).body;
    const past = await t.req('POST', '/v1/sandbox/clock/advance', { to: new Date(Date.parse(clock.timestamp) - 86_400_000).toISOString() });
    expect(past.status).toBe(400);
    expect(past.body.error).toMatchObject({ type: 'validation_error', field: 'to' });

    const reversed = await t.req('GET', '/v1/calendar?start=2026-12-10&end=2026-12-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error).toMatchObject({ type: 'invalid_request', field: 'end' });
  });

  it('says where and why a body is not JSON', async () => {
    const body = [
      '{',
      '  "name": "orders",',
      '  "config": {',
      '    "url": "https://example.com/hooks",',
      '  }',
      '}',
    ].join('\n');
    const r = await app.request('POST', '/v1/webhooks', { rawBody: body });
    expect(r.status).toBe(400);
    expect(r.body.error.type).toBe('invalid_request');
    expect(r.body.error.message).toContain('trailing comma before `}` at line 5, column 3');
    expect(r.body.error.message).not.toMatch(/position/);

    const quotes = await app.request('POST', '/v1/webhooks', { rawBody: "{'name': 'x'}" });
    expect(quotes.body.error.message).toContain('unexpected `\'`: JSON strings and property names take double quotes at line 1, column 2');
    const cut = await app.request('POST', '/v1/webhooks', { rawBody: '{"name": "x", "config": {"url": "https://example.com"' });
    expect(cut.body.error.message).toMatch(/the body ends before the JSON is complete .* at line 1, column 54/);
  });

  it('a closed market names next_open and, in the sandbox, the clock advance that gets there', async () => {
    const t = await newTenant(app);
    const days = tradingTuesday();
    const { account } = await fundedCustomer(t, days, '100.00');
    await t.advance(ny(days.tuesday, '16:30'));
    const r = await t.req('POST', '/v1/orders', order(account.id, 'AAPL', { quantity: '1', side: 'buy', type: 'market' }));
    expect(r.status).toBe(402);
    const clock = (await t.req('GET', '/v1/clock')).body;
    expect(clock.next_open).toBe(ny(days.wednesday, '09:30').toISOString());
    expect(r.body.error.field).toBeUndefined();
    expect(r.body.error.message).toContain(`next_open: ${clock.next_open}`);
    expect(r.body.error.message).toContain(`POST /v1/sandbox/clock/advance with {"to": "${clock.next_open}"}`);
    expect(r.body.error.message).not.toMatch(/^type:/);
  });

  it('accepts query values with reserved characters as curl sends them, and a full ISO date-time where a date is asked', async () => {
    const t = await newTenant(app);
    const byDate = await t.req('GET', '/v1/calendar?start=2026-12-01&end=2026-12-05');
    expect(byDate.status, byDate.text).toBe(200);
    const byTime = await t.req('GET', '/v1/calendar?start=2026-12-01T00:00:00Z&end=2026-12-05T23:59:59-05:00');
    expect(byTime.status, byTime.text).toBe(200);
    expect(byTime.body).toEqual(byDate.body);
    expect(byTime.body.data[0].date).toBe('2026-12-01');

    const { account } = await customer(t);
    const statements = await t.req('GET', `/v1/statements?account_id=${account.id}&start_date=2026-01-01T00:00:00Z&end_date=2026-03-31T00:00:00.000Z`);
    expect(statements.status, statements.text).toBe(200);
    expect(statements.body.pagination).toMatchObject({ start_date: '2026-01-01', end_date: '2026-03-31' });

    const search = await t.req('GET', '/v1/users/search?query=ada@example.com');
    expect(search.status, search.text).toBe(200);
  });

  it('refuses dates that do not exist, naming the field, wherever a date or instant is read', async () => {
    const t = await newTenant(app);
    const advance = await t.req('POST', '/v1/sandbox/clock/advance', { to: '2027-02-30T00:00:00Z' });
    expect(advance.status).toBe(400);
    expect(advance.body.error).toMatchObject({ type: 'validation_error', field: 'to' });
    expect(advance.body.error.message).toMatch(/^to: /);
    const hour = await t.req('POST', '/v1/sandbox/clock/advance', { to: '2027-02-01T24:30:00Z' });
    expect(hour.body.error).toMatchObject({ type: 'validation_error', field: 'to' });
    expect((await t.req('GET', '/v1/sandbox/clock')).body.frozen).toBe(false);

    const calendar = await t.req('GET', '/v1/calendar?start=2027-02-30');
    expect(calendar.status).toBe(400);
    expect(calendar.body.error).toMatchObject({ type: 'invalid_request', field: 'start' });
    const { account } = await customer(t);
    const statements = await t.req('GET', `/v1/statements?account_id=${account.id}&end_date=2026-04-31T00:00:00Z`);
    expect(statements.status).toBe(400);
    expect(statements.body.error).toMatchObject({ type: 'invalid_request', field: 'end_date' });

    const birth = await t.req('POST', '/v1/users', person('6789', { birth_date: '2001-02-29' }));
    expect(birth.status).toBe(400);
    expect(birth.body.error.message).toContain('birth_date: must be a real calendar date');
  });
});
