// The contract validator finds the route of every path the contract declares, by the key of the
// request path (our patch of express-openapi-validator indexes its routes that way), case
// insensitively as Express routes, and still refuses paths and methods the contract lacks.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../server/app.ts';

const spec = loadSpec() as { paths: Record<string, Record<string, unknown>> };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const operations = Object.entries(spec.paths).flatMap(([template, item]) =>
  METHODS.filter((m) => m in item).map((m) => [m.toUpperCase(), template] as const));

/** The template with each parameter given a value no literal segment has. */
const concrete = (template: string) => template.replace(/\{[^}]+\}/g, 'p0x');

describe('contract route lookup', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.use(OpenApiValidator.middleware({ apiSpec: loadSpec() as never, validateRequests: false, validateResponses: false, validateSecurity: false, ignoreUndocumented: false }));
    app.use((req: Request, res: Response) => void res.json({ route: (req as Request & { openapi?: { openApiRoute: string } }).openapi?.openApiRoute ?? null }));
    app.use((err: { status?: number }, _req: Request, res: Response, _next: NextFunction) => void res.status(err.status ?? 500).json({ status: err.status }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('finds the declared route of every operation, in any letter case', async () => {
    expect(operations.length).toBeGreaterThan(50);
    for (const [method, template] of operations) {
      for (const path of [concrete(template), concrete(template).toUpperCase()]) {
        const r = await fetch(url + path, { method });
        expect([method, path, await r.json()]).toEqual([method, path, { route: template }]);
      }
    }
  });

  it('refuses paths the contract lacks (404) and methods a path lacks (405)', async () => {
    for (const path of ['/v1/nothing', '/v1/stocksx/AAPL', '/v1/stocks/AAPL/extra/more', '/v2/stocks/AAPL']) {
      expect([path, (await fetch(url + path)).status]).toEqual([path, 404]);
    }
    expect((await fetch(`${url}/v1/stocks/AAPL`, { method: 'DELETE' })).status).toBe(405);
  });
});
