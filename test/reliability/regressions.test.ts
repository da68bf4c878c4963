// Regression tests for the 5xx the fuzzer found (seed 20261121); each names the fix it guards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../server/errors.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { person } from './fixtures.ts';

describe.each(engines())('fuzzer regressions on %s', (engine) => {
  let app: TestApp;
  let custom: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine });
    // A route that passes request validation, then fails with a status its operation does not document.
    custom = await startTestApp({
      engine,
      routes: (a) => {
        a.get('/v1/clock', () => {
          throw new ApiError('conflict', 'a status /v1/clock does not document');
        });
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await custom?.close();
  });

  // server/http/error-handler.ts: body-parser's inflate error (status 400, `expose`, no `type`) fell through to a 500.
  it('a Content-Encoding: gzip body that does not inflate is a 400, not a 500', async () => {
    const r = await app.request('POST', '/v1/users', { rawBody: 'not gzip at all', headers: { 'content-encoding': 'gzip' }, unchecked: true });
    expect(r.status, r.text).toBe(400);
    expect(r.body.error).toMatchObject({ type: 'invalid_request' });
    expect(r.body.error.message).toMatch(/could not be read/);
    const ok = await app.request('POST', '/v1/users', { body: person() });
    expect(ok.status).toBe(201);
  });

  // server/http/text-guard.ts (new, mounted in server/app.ts after body parsing): U+0000 reached
  // PostgreSQL text columns ("invalid byte sequence for encoding UTF8: 0x00") and an unpaired
  // surrogate reached a json column ("invalid input syntax for type json"): both were 500s.
  // Found with FINOS_FUZZ_SEED=1 and 777 (PUT /v1/bank_accounts, POST /v1/kyc/{token}/documents).
  it('refuses U+0000 and unpaired surrogates in bodies, queries and paths with a 400 naming the field', async () => {
    const u = await app.request('POST', '/v1/users', { body: person() });
    const bank = await app.request('POST', `/v1/users/${u.body.id}/bank_accounts`, { body: { bank_account_number: '4327843043', bank_routing_number: '121042882', bank_account_nickname: 'ok' } });
    expect(bank.status, bank.text).toBe(201);
    const cases: Array<[string, string, unknown, string]> = [
      ['PUT', `/v1/bank_accounts/${bank.body.id}`, { bank_account_nickname: 'a\u0000b' }, 'bank_account_nickname'],
      ['POST', '/v1/users', { ...person(), first_name: 'Jo\u0000' }, 'first_name'],
      ['POST', '/v1/users', { ...person(), last_name: 'Lone \ud800' }, 'last_name'],
      ['POST', '/v1/webhooks', { name: 'n', config: { url: 'http://127.0.0.1:9/x', basic_auth_password: 'p\udc00' } }, 'config.basic_auth_password'],
    ];
    for (const [method, path, body, field] of cases) {
      const r = await app.request(method, path, { body, unchecked: true });
      expect(r.status, `${method} ${path}: ${r.text}`).toBe(400);
      expect(r.body.error).toMatchObject({ type: 'validation_error', field });
    }
    const search = await app.request('GET', '/v1/users/search?query=a%00b', { unchecked: true });
    expect(search.status, search.text).toBe(400);
    expect(search.body.error).toMatchObject({ type: 'invalid_request', field: 'query' });
    const path = await app.request('GET', '/v1/stocks/AAPL%00', { unchecked: true });
    expect(path.status, path.text).toBe(400);
    // Paired surrogates (emoji) and other unicode are stored and returned as sent.
    const fine = await app.request('PUT', `/v1/bank_accounts/${bank.body.id}`, { body: { bank_account_nickname: 'Épargne 😀' } });
    expect(fine.status, fine.text).toBe(200);
    expect(fine.body.bank_account_nickname).toBe('Épargne 😀');
  });

  // server/http/error-handler.ts: the response validator hooks res.json, so an error status the
  // operation does not document (an unimplemented route's 404) became Express's HTML 500.
  it('an error with a status the operation does not document stays a JSON error', async () => {
    const r = await custom.request('GET', '/v1/clock', { unchecked: true });
    expect(r.status, r.text).toBe(409);
    expect(r.header('content-type')).toMatch(/application\/json/);
    expect(r.body).toEqual({ error: { type: 'invalid_request', message: 'a status /v1/clock does not document' } });
  });
});
