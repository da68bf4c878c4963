// The access log: a request id on every response (X-Request-Id, the client's own when it is a
// plain token) and one line per finished response carrying it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';

describe('access log', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { LOG_LEVEL: 'info' } });
  });
  afterAll(() => app?.close());

  const lineFor = async (id: string): Promise<Record<string, unknown>> => {
    for (let i = 0; i < 50; i++) {
      const line = app.logs.find((l) => (l.req as { id?: string } | undefined)?.id === id && l.msg === 'request completed');
      if (line) return line;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no access log line for ${id}`);
  };

  it('gives each request a fresh id shaped like a UUID and logs one line with it', async () => {
    const a = await app.request('GET', '/v1/clock');
    const b = await app.request('GET', '/v1/webhooks/01a1fca9-2363-70f1-bfbc-3cc24318addc');
    const ids = [a.header('x-request-id'), b.header('x-request-id')];
    for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(await lineFor(ids[0]!)).toMatchObject({ req: { method: 'GET', url: '/v1/clock' }, res: { statusCode: 200 } });
    expect(await lineFor(ids[1]!)).toMatchObject({ res: { statusCode: 404 } });
    expect(app.logs.filter((l) => (l.req as { id?: string } | undefined)?.id === ids[0])).toHaveLength(1);
  });

  it("keeps the client's X-Request-Id when it is a plain token", async () => {
    const r = await app.request('GET', '/v1/clock', { headers: { 'x-request-id': 'client-id.42' } });
    expect(r.header('x-request-id')).toBe('client-id.42');
    expect(await lineFor('client-id.42')).toMatchObject({ res: { statusCode: 200 } });
    const odd = await app.request('GET', '/v1/clock', { headers: { 'x-request-id': 'has space' } });
    expect(odd.header('x-request-id')).toMatch(/^req_/);
  });
});
