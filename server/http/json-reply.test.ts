import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installJsonReply } from './json-reply.ts';

/** The same routes on Express's own res.json and on ours. */
function appWith(fast: boolean) {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (fast) installJsonReply(app);
  app.all('/object', (_req, res) => void res.json({ a: 1, text: 'héllo ✓', list: [null, true] }));
  app.get('/created', (_req, res) => void res.status(201).json({ id: 'x' }));
  app.get('/string', (_req, res) => void res.json('just a string'));
  app.get('/none', (_req, res) => void res.status(204).json({ ignored: true }));
  app.get('/typed', (_req, res) => void res.type('application/problem+json').json({ typed: true }));
  app.get('/big', (_req, res) => void res.json({ big: 'é'.repeat(2000) }));
  return app;
}

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('installJsonReply', () => {
  let plain: { server: Server; url: string };
  let fast: { server: Server; url: string };
  beforeAll(async () => {
    plain = await listen(appWith(false));
    fast = await listen(appWith(true));
  });
  afterAll(() => {
    plain.server.close();
    fast.server.close();
  });

  const cases: Array<[string, string, Record<string, string>]> = [
    ['GET', '/object', {}],
    ['POST', '/object', {}],
    ['HEAD', '/object', {}],
    ['GET', '/object', { 'if-none-match': '*' }],
    ['GET', '/object', { 'if-modified-since': 'Wed, 21 Oct 2015 07:28:00 GMT' }],
    ['GET', '/created', {}],
    ['GET', '/string', {}],
    ['GET', '/none', {}],
    ['GET', '/typed', {}],
    ['GET', '/big', {}],
  ];

  it.each(cases)('%s %s %j answers exactly as Express does', async (method, path, headers) => {
    const [a, b] = await Promise.all([plain, fast].map((s) => fetch(s.url + path, { method, headers })));
    const shape = async (r: Response) => {
      const h = Object.fromEntries([...r.headers].filter(([k]) => k !== 'date'));
      return { status: r.status, headers: h, body: await r.text() };
    };
    expect(await shape(b!)).toEqual(await shape(a!));
  });
});
