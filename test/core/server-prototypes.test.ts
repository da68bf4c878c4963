// Node builds each request and response with the app's own prototypes (createServer), so Express
// has nothing to change when it sets them; both still behave as Node's and Express's objects.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../server/config.ts';
import { createServer } from '../../server/main.ts';

describe('createServer', () => {
  const app = express();
  const seen: { prototypes?: boolean[] } = {};
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    // Capture the prototypes before Express's own handling, at Node's request event.
    server = createServer({ tls: undefined } as unknown as Config, app) as http.Server;
    server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      seen.prototypes = [Object.getPrototypeOf(req) === app.request, Object.getPrototypeOf(res) === app.response];
    });
    app.get('/probe', (req, res) => {
      res.json({ incoming: req instanceof http.IncomingMessage, response: res instanceof http.ServerResponse, path: req.path, query: req.query });
    });
    server.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('builds requests and responses with the app prototypes from the start', async () => {
    const r = await fetch(`${url}/probe?x=1`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ incoming: true, response: true, path: '/probe', query: { x: '1' } });
    expect(seen.prototypes).toEqual([true, true]);
  });
});
