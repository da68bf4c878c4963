// Rate-limit headers on every response and 429 with Retry-After past the allowance, per key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantClock } from '../../server/domain/clock.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';

describe.each(engines())('rate limit on %s', (engine) => {
  let app: TestApp;
  // A controllable real clock, 10 minutes into an hour window.
  let nowMs = Date.UTC(2026, 2, 2, 15, 10, 0);
  const clock: TenantClock = { now: () => new Date(nowMs) };
  beforeAll(async () => {
    app = await startTestApp({ engine, env: { FINOS_RATE_LIMIT_PER_HOUR: '3' }, realClock: clock });
  });
  afterAll(() => app?.close());

  it('sends X-RateLimit-* on every response and 429 past the limit, per key', async () => {
    const seen: Array<[number, string | undefined]> = [];
    for (let i = 0; i < 3; i++) {
      const r = await app.request('GET', '/v1/webhooks');
      expect(r.status).toBe(200);
      expect(r.header('x-ratelimit-limit')).toBe('3');
      expect(Number(r.header('x-ratelimit-reset'))).toBe(Date.UTC(2026, 2, 2, 16, 0, 0) / 1000);
      seen.push([r.status, r.header('x-ratelimit-remaining')]);
    }
    expect(seen.map((s) => s[1])).toEqual(['2', '1', '0']);
    const refused = await app.request('GET', '/v1/webhooks');
    expect(refused.status).toBe(429);
    expect(refused.body.error.type).toBe('rate_limit_exceeded');
    expect(refused.header('x-ratelimit-remaining')).toBe('0');
    // Three requests in this window: they fade out during the next one (at 2/3 of it).
    expect(Number(refused.header('retry-after'))).toBe(50 * 60 + 20 * 60);
    // Refusals do not count, and other keys have their own allowance.
    const other = await app.createTenant('other');
    expect((await app.request('GET', '/v1/webhooks', { key: other.secret })).header('x-ratelimit-remaining')).toBe('2');
    // Errors carry the headers too.
    const missing = await app.request('GET', '/v1/webhooks/01a1fca9-2363-70f1-bfbc-3cc24318addc', { key: other.secret });
    expect(missing.status).toBe(404);
    expect(missing.header('x-ratelimit-remaining')).toBe('1');
  });

  it('is a rolling hour: the previous window counts in proportion', async () => {
    // 40 minutes into the next window, the 3 earlier requests weigh 3 x 20/60 = 1.
    nowMs = Date.UTC(2026, 2, 2, 16, 40, 0);
    const r = await app.request('GET', '/v1/webhooks');
    expect(r.status).toBe(200);
    expect(r.header('x-ratelimit-remaining')).toBe('1');
    expect((await app.request('GET', '/v1/webhooks')).status).toBe(200);
    const refused = await app.request('GET', '/v1/webhooks');
    expect(refused.status).toBe(429);
    // Two allowed now + 3 x weight must fall to 0 (limit - 1 - 2): at the end of this window.
    expect(Number(refused.header('retry-after'))).toBe(20 * 60);
    nowMs = Date.UTC(2026, 2, 2, 17, 0, 1);
    expect((await app.request('GET', '/v1/webhooks')).status).toBe(200);
  });

  it('counts requests without a key per client address, with headers on the 401', async () => {
    const r = await app.request('GET', '/v1/webhooks', { key: null });
    expect(r.status).toBe(401);
    expect(r.header('x-ratelimit-limit')).toBe('3');
    expect(r.header('x-ratelimit-remaining')).toBeDefined();
  });
});
