// Regression tests for the 5xx the fuzzer found (seed 20261121); each names the fix it guards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../server/http/errors.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { person } from './support.ts';

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
          throw new ApiError(409, 'invalid_request', 'a status /v1/clock does not document');
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

  // server/http/error-handler.ts: the response validator hooks res.json, so an error status the
  // operation does not document (an unimplemented route's 404) became Express's HTML 500.
  it('an error with a status the operation does not document stays a JSON error', async () => {
    const r = await custom.request('GET', '/v1/clock', { unchecked: true });
    expect(r.status, r.text).toBe(409);
    expect(r.header('content-type')).toMatch(/application\/json/);
    expect(r.body).toEqual({ error: { type: 'invalid_request', message: 'a status /v1/clock does not document' } });
  });
});
