import express, { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { gated, gatedAll, literalPrefixes } from './route-gate.ts';

/** Each router behind its own gate, or all of them behind one: the two must route alike. */
const mounts: Array<[string, (routers: Router[]) => express.RequestHandler[]]> = [
  ['gated', (routers) => routers.map(gated)],
  ['gatedAll', (routers) => [gatedAll(routers)]],
];

describe('literalPrefixes', () => {
  it('cuts each route path at its first parameter, splat, optional group or escape, lowercased', () => {
    const r = Router();
    r.get('/v1/Users/:id', () => {});
    r.get(['/v1/stocks/:symbol/chart', '/v1/assets'], () => {});
    r.post('/v1/files/*rest', () => {});
    r.get('/v1/a{/:b}', () => {});
    r.get('/v1/clock', () => {});
    expect(literalPrefixes(r)).toEqual(['/v1/users/', '/v1/stocks/', '/v1/assets', '/v1/files/', '/v1/a', '/v1/clock']);
  });

  it('is null when a layer is not a route with string paths', () => {
    const withMiddleware = Router();
    withMiddleware.use((_req, _res, next) => next());
    withMiddleware.get('/v1/x', () => {});
    expect(literalPrefixes(withMiddleware)).toBeNull();
    const withRegExp = Router();
    withRegExp.get(/^\/v1\/y/, () => {});
    expect(literalPrefixes(withRegExp)).toBeNull();
  });
});

describe.each(mounts)('%s routers', (_name, mount) => {
  let server: Server;
  let base: string;
  const entered: string[] = [];
  beforeAll(async () => {
    const app = express();
    const users = Router();
    users.use((req, _res, next) => { entered.push(`users-mw ${req.path}`); next(); });
    users.get('/v1/users/:id', (req, res) => { res.json({ router: 'users', id: req.params.id }); });
    const clock = Router();
    clock.get('/v1/clock', (_req, res) => { res.json({ router: 'clock' }); });
    const accounts = Router();
    accounts.get('/v1/accounts/:id', (req, res) => { res.json({ router: 'accounts', id: req.params.id }); });
    app.use((_req, _res, next) => { entered.length = 0; next(); });
    const statements = Router();
    statements.get('/v1/accounts/:id/statements', (req, res) => { res.json({ router: 'statements', id: req.params.id }); });
    const failing = Router();
    failing.get('/v1/accounts/:id/fail', (_req, _res, next) => { next(new Error('failed')); });
    const rewriting = Router();
    rewriting.get('/v1/old/:id', (req, _res, next) => { req.url = `/v1/accounts/${req.params.id}/statements`; next(); });
    app.use(mount([users, rewriting, clock, accounts, failing, statements]));
    app.use((req, res) => { res.status(404).json({ entered: [...entered], path: req.path }); });
    app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => { res.status(500).json({ error: err.message }); });
    server = app.listen(0, '127.0.0.1');
    await new Promise((ok) => server.once('listening', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
  const get = async (path: string) => { const r = await fetch(base + path); return { status: r.status, body: (await r.json()) as Record<string, unknown> }; };

  it('routes what the routers match, as Express would without the gate', async () => {
    expect(await get('/v1/accounts/a1')).toEqual({ status: 200, body: { router: 'accounts', id: 'a1' } });
    expect(await get('/v1/clock')).toEqual({ status: 200, body: { router: 'clock' } });
    expect(await get('/v1/clock/')).toEqual({ status: 200, body: { router: 'clock' } });
    // Express routes case-insensitively by default, and so does the gate.
    expect(await get('/V1/ACCOUNTS/a2')).toEqual({ status: 200, body: { router: 'accounts', id: 'a2' } });
  });

  it('passes a request on to the next router that shares the prefix, and an error past the rest', async () => {
    expect(await get('/v1/accounts/a3/statements')).toEqual({ status: 200, body: { router: 'statements', id: 'a3' } });
    expect(await get('/v1/accounts/a4/fail')).toEqual({ status: 500, body: { error: 'failed' } });
  });

  it('offers a path a router rewrote to the routers after it', async () => {
    expect(await get('/v1/old/a5')).toEqual({ status: 200, body: { router: 'statements', id: 'a5' } });
  });

  it('enters an ungated router (router-level middleware) for every path', async () => {
    const r = await get('/v1/nothing');
    expect(r.status).toBe(404);
    expect(r.body.entered).toEqual(['users-mw /v1/nothing']);
  });

  it('enters a gated router only for paths starting with one of its prefixes', async () => {
    const entered: string[] = [];
    const clock = Router();
    clock.get('/v1/clock', (_req, res) => { res.json({ ok: true }); });
    // The router as gated() sees it: its routes, and a call that records each entry.
    const recording = Object.assign((req: express.Request, res: express.Response, next: express.NextFunction) => {
      entered.push(req.path);
      clock(req, res, next);
    }, { stack: clock.stack }) as unknown as Router;
    const app = express();
    app.use(mount([recording]));
    app.use((_req, res) => { res.status(404).json({}); });
    const s = app.listen(0, '127.0.0.1');
    await new Promise((ok) => s.once('listening', ok));
    const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    try {
      expect((await fetch(url + '/v1/clocks')).status).toBe(404); // shares the prefix: entered, no match
      expect((await fetch(url + '/v1/calendar')).status).toBe(404);
      expect((await fetch(url + '/v2/clock')).status).toBe(404);
      expect((await fetch(url + '/v1/CLOCK')).status).toBe(200);
    } finally {
      await new Promise<void>((ok) => s.close(() => ok()));
    }
    expect(entered).toEqual(['/v1/clocks', '/v1/CLOCK']);
  });
});
