// Requests Node's HTTP parser refuses before Express (oversized headers, garbage request lines)
// still answer in the API's JSON error shape, and the server keeps serving afterwards.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';

function raw(app: TestApp, request: string): Promise<{ status: number; body: unknown }> {
  const u = new URL(app.baseUrl);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(u.port), u.hostname, () => s.write(request));
    let data = '';
    s.on('data', (c) => (data += c));
    s.on('error', reject);
    s.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1]);
      resolve({ status, body: JSON.parse(data.slice(data.indexOf('\r\n\r\n') + 4)) });
    });
  });
}

describe('client errors refused by the HTTP parser', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp({ engine: 'pglite' }); });
  afterAll(async () => { await app.close(); });

  it('answers 431 JSON for headers over 16 KB', async () => {
    const r = await raw(app, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(r.status).toBe(431);
    expect(r.body).toEqual({ error: { type: 'invalid_request', message: expect.stringContaining('16 KB') } });
  });

  it('answers 400 JSON for a malformed request line, and keeps serving', async () => {
    const r = await raw(app, 'NOT-HTTP\r\n\r\n');
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: { type: 'invalid_request', message: 'Malformed HTTP request' } });
    expect((await app.request('GET', '/healthz', { key: null })).status).toBe(200);
  });
});
