import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installJsonReply } from './json-reply.ts';
import { installStagedHeaders, stageHeader } from './response-head.ts';

const shallow = Object.freeze({ inner: { n: 1 } });
const dated = Object.freeze({ at: new Date(0) });
const deep = Object.freeze({ list: Object.freeze([1, 2]), nested: Object.freeze({ ok: true }) });

function app() {
  const a = express();
  a.disable('x-powered-by');
  a.set('etag', false);
  installStagedHeaders(a);
  installJsonReply(a);
  a.use((_req, res, next) => {
    stageHeader(res, 'X-Request-Id', 'req_1');
    stageHeader(res, 'X-RateLimit-Remaining', '7');
    next();
  });
  a.get('/fast', (_req, res) => void res.status(201).json({ a: 1 }));
  a.get('/own', (_req, res) => void res.set('X-Other', 'yes').json({ a: 1 }));
  a.get('/send', (_req, res) => void res.type('text/plain').send('plain'));
  a.get('/stream', (_req, res) => {
    res.write('a');
    res.end('b');
  });
  a.get('/mine', (_req, res) => void res.set('X-Request-Id', 'mine').json({ a: 1 }));
  a.head('/fast', (_req, res) => void res.json({ a: 1 }));
  a.get('/refused', (_req, _res, next) => next(new Error('refused')));
  a.get('/shallow', (_req, res) => void res.json(shallow));
  a.get('/dated', (_req, res) => void res.json(dated));
  a.get('/deep', (_req, res) => void res.json(deep));
  a.use((_err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.setHeader('Retry-After', '3');
    res.status(429).json({ error: { type: 'rate_limited', message: 'slow down' } });
  });
  return a;
}

/** Status, raw header lines (names as sent, repeats kept) and body. */
function get(url: string, method = 'GET'): Promise<{ status: number; raw: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    http.request(url, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, raw: res.rawHeaders, body }));
    }).on('error', reject).end();
  });
}

/** Every value sent under `name` (lowercase), in order. */
const values = (raw: string[], name: string) => raw.flatMap((v, i) => (i % 2 === 1 && raw[i - 1]!.toLowerCase() === name ? [v] : []));

describe('the JSON reply and staged headers', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = app().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  describe('staged response headers', () => {
    it.each(['/fast', '/own', '/send', '/stream', '/refused'])('%s carries each staged header once, under the name it was staged with', async (path) => {
      const r = await get(url + path);
      expect(values(r.raw, 'x-request-id')).toEqual(['req_1']);
      expect(values(r.raw, 'x-ratelimit-remaining')).toEqual(['7']);
      expect(r.raw).toContain('X-Request-Id');
      expect(r.raw).toContain('X-RateLimit-Remaining');
    });

    it('the JSON reply written in one go keeps its status, type and length', async () => {
      const r = await get(url + '/fast');
      expect(r.status).toBe(201);
      expect(values(r.raw, 'content-type')).toEqual(['application/json; charset=utf-8']);
      expect(values(r.raw, 'content-length')).toEqual([String(Buffer.byteLength(r.body))]);
      expect(JSON.parse(r.body)).toEqual({ a: 1 });
    });

    it('headers a handler sets itself are kept, and win over a staged one of the same name', async () => {
      expect(values((await get(url + '/own')).raw, 'x-other')).toEqual(['yes']);
      expect(values((await get(url + '/mine')).raw, 'x-request-id')).toEqual(['mine']);
    });

    it('a refusal keeps its own Retry-After beside the staged headers', async () => {
      const r = await get(url + '/refused');
      expect(r.status).toBe(429);
      expect(values(r.raw, 'retry-after')).toEqual(['3']);
    });

    it('HEAD carries them without a body', async () => {
      const r = await get(url + '/fast', 'HEAD');
      expect(values(r.raw, 'x-request-id')).toEqual(['req_1']);
      expect(r.body).toBe('');
    });
  });

  describe('frozen payloads', () => {
    it('a frozen payload with something mutable inside is serialized afresh each time', async () => {
      expect(JSON.parse((await get(url + '/shallow')).body)).toEqual({ inner: { n: 1 } });
      shallow.inner.n = 2;
      expect(JSON.parse((await get(url + '/shallow')).body)).toEqual({ inner: { n: 2 } });
      dated.at.setTime(1000);
      expect(JSON.parse((await get(url + '/dated')).body)).toEqual({ at: '1970-01-01T00:00:01.000Z' });
      dated.at.setTime(2000);
      expect(JSON.parse((await get(url + '/dated')).body)).toEqual({ at: '1970-01-01T00:00:02.000Z' });
    });

    it('a deeply frozen payload answers the same text every time', async () => {
      const a = await get(url + '/deep');
      const b = await get(url + '/deep');
      expect(a.body).toBe(JSON.stringify(deep));
      expect(b.body).toBe(a.body);
    });
  });
});
