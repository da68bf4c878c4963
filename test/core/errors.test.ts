// The one error mapper on the real app: malformed JSON, validation messages that name the
// field, unknown paths, wrong methods, oversized bodies, and 500s that hide their detail.
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';

describe.each(engines())('error mapping on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  it('400 invalid_request for malformed JSON (the API reference\'s trailing commas)', async () => {
    const r = await app.request('POST', '/v1/webhooks', { rawBody: '{"name": "x", "config": {"url": "https://example.com"},}' });
    expect(r.status).toBe(400);
    expect(r.body.error.type).toBe('invalid_request');
    expect(r.body.error.message).toMatch(/malformed JSON/i);
    expect(r.body.error.message).toContain('trailing comma before `}` at line 1, column 56');
  });

  it('400 validation_error naming the field for body failures', async () => {
    const missing = await app.request('POST', '/v1/webhooks', { body: { config: { url: 'https://example.com/h' } } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ type: 'validation_error', field: 'name' });
    expect(missing.body.error.message).toBe('name: is required');
    const nested = await app.request('POST', '/v1/webhooks', { body: { name: 'x', config: {} } });
    expect(nested.body.error).toMatchObject({ type: 'validation_error', field: 'config.url', message: 'config.url: is required' });
    const format = await app.request('POST', '/v1/webhooks', { body: { name: 'x', config: { url: 'not a url' } } });
    expect(format.body.error.type).toBe('validation_error');
    expect(format.body.error.message).toBe('config.url: must be an absolute URL, e.g. "https://example.com/hooks"');
    const extra = await app.request('POST', '/v1/webhooks', { body: { name: 'x', config: { url: 'https://example.com/h' }, colour: 'red' } });
    expect(extra.body.error.type).toBe('validation_error');
    expect(extra.body.error.message).toMatch(/colour/);
  });

  it('400 invalid_request naming the parameter for query failures', async () => {
    const r = await app.request('GET', '/v1/webhooks?limit=1000');
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ type: 'invalid_request', field: 'limit' });
    expect(r.body.error.message).toMatch(/^limit: must be <= 100/);
    const unknown = await app.request('GET', '/v1/webhooks?colour=red');
    expect(unknown.body.error).toMatchObject({ type: 'invalid_request', field: 'colour' });
  });

  it('400 for a body that is not JSON', async () => {
    const r = await app.request('POST', '/v1/webhooks', { rawBody: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(400);
    expect(r.body.error.type).toMatch(/invalid_request|validation_error/);
  });

  it('404 not_found for an unknown path', async () => {
    const r = await app.request('GET', '/v1/nonexistent');
    expect(r.status).toBe(404);
    expect(r.body.error.type).toBe('not_found');
    expect((await app.request('GET', '/nope')).status).toBe(404);
  });

  it('405 with Allow for a method the path does not have', async () => {
    const r = await app.request('PATCH', '/v1/webhooks');
    expect(r.status).toBe(405);
    expect(r.body.error.type).toBe('invalid_request');
    expect(r.header('allow')).toMatch(/GET/);
  });

  it('413 for a body over 1 MB, while KYC documents may be up to 15 MB', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1_100_000), config: { url: 'https://example.com/h' } });
    const r = await app.request('POST', '/v1/webhooks', { rawBody: big });
    expect(r.status).toBe(413);
    expect(r.body.error.type).toBe('invalid_request');
    const doc = JSON.stringify({ name: 'license', extension: 'pdf', type: 'license', data: 'A'.repeat(5_000_000) });
    const okSize = await app.request('POST', '/v1/kyc/S-BNTwVDLrlRvHbKVhRa8X/documents', { rawBody: doc, unchecked: true });
    expect(okSize.status).not.toBe(413);
    const tooBig = JSON.stringify({ name: 'license', extension: 'pdf', type: 'license', data: 'A'.repeat(16_000_000) });
    const refused = await app.request('POST', '/v1/kyc/S-BNTwVDLrlRvHbKVhRa8X/documents', { rawBody: tooBig });
    expect(refused.status).toBe(413);
  });

  it('sends X-Request-Id on every response, and keeps a sane incoming one', async () => {
    const r = await app.request('GET', '/healthz', { key: null });
    expect(r.header('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    const mine = await app.request('GET', '/healthz', { key: null, headers: { 'x-request-id': 'trace-123' } });
    expect(mine.header('x-request-id')).toBe('trace-123');
  });
});

const HOOK_ID = '01a1fca9-2363-70f1-bfbc-3cc24318addc';

function brokenRoutes(app: Express): void {
  app.get('/v1/webhooks', () => {
    throw new Error('secret internals: password=hunter2');
  });
  // A response that breaks the contract (a Webhook has no `bogus`, and needs an id).
  app.get('/v1/webhooks/:webhook_id', (_req, res) => {
    res.json({ bogus: true });
  });
}

describe.each(engines())('unexpected errors on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine, routes: brokenRoutes, env: { LOG_LEVEL: 'fatal' } });
  });
  afterAll(() => app?.close());

  it('500 api_error with a request id; the detail goes to the log only', async () => {
    const r = await app.request('GET', '/v1/webhooks', { unchecked: true });
    expect(r.status).toBe(500);
    expect(r.body.error.type).toBe('api_error');
    expect(r.body.error.request_id).toBe(r.header('x-request-id'));
    expect(r.text).not.toContain('hunter2');
    expect(r.text).not.toContain('at ');
  });

  it('a response that breaks the contract is a loud 500 naming the validator problem', async () => {
    const r = await app.request('GET', `/v1/webhooks/${HOOK_ID}`, { unchecked: true });
    expect(r.status).toBe(500);
    expect(r.body.error.type).toBe('api_error');
  });

  it('the contract-checking client itself refuses undocumented statuses', async () => {
    await expect(app.request('GET', `/v1/webhooks/${HOOK_ID}`)).rejects.toThrow(/Contract violation[\s\S]*500 is not documented/);
  });
});

describe('response validation log', () => {
  it('logs the validator message at error level', async () => {
    const app = await startTestApp({ routes: brokenRoutes });
    try {
      await app.request('GET', `/v1/webhooks/${HOOK_ID}`, { unchecked: true });
      const errors = app.logs.filter((l) => Number(l.level) >= 50).map((l) => String(l.msg));
      expect(errors.join('\n')).toMatch(/response.*(required property|additional properties)/);
    } finally {
      await app.close();
    }
  });
});
