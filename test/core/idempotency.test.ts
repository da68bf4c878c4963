// Idempotency-Key on a real resource route (POST /v1/webhooks), every response contract-checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';

const hook = (name: string) => ({ name, config: { url: 'https://example.com/finos-hook' }, events: ['*'] });

describe.each(engines())('Idempotency-Key on /v1/webhooks on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  it('replays, conflicts, and creates once under concurrency', async () => {
    const headers = { 'Idempotency-Key': 'hook-1' };
    const first = await app.request('POST', '/v1/webhooks', { body: hook('one'), headers });
    expect(first.status).toBe(201);
    expect(first.header('x-ratelimit-limit')).toBeDefined();
    const replay = await app.request('POST', '/v1/webhooks', { body: hook('one'), headers });
    expect(replay.status).toBe(201);
    expect(replay.header('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    const clash = await app.request('POST', '/v1/webhooks', { body: hook('two'), headers });
    expect(clash.status).toBe(409);

    const burst = { 'Idempotency-Key': 'hook-burst' };
    const rs = await Promise.all(Array.from({ length: 10 }, () => app.request('POST', '/v1/webhooks', { body: hook('burst'), headers: burst })));
    expect(rs.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(rs.map((r) => r.body.id)).size).toBe(1);
    const list = await app.request('GET', '/v1/webhooks?limit=100');
    expect(list.body.data.filter((w: { name: string }) => w.name === 'burst')).toHaveLength(1);
    expect(list.body.data.filter((w: { name: string }) => w.name === 'one')).toHaveLength(1);
  });
});
