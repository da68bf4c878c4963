// `npx tsx bench/route-dispatch.ts [rounds]`: ns per request for Express to reach the route that
// answers it, through Finos's resource routers each behind its own gate (`gated`) or all behind one
// (`gatedAll`). The routers have the real routes' paths and methods, with handlers that only
// answer; both apps run in this process, alternating in blocks, so a busy machine slows both alike.
import express, { Router, type Express } from 'express';
import { gated, gatedAll } from '../server/http/route-gate.ts';

const modules = ['webhooks', 'events', 'users', 'kyc', 'sandbox-kyc', 'accounts', 'bank-accounts', 'market', 'clock',
  'transfers', 'transactions', 'sandbox-clock', 'orders', 'positions', 'harvests', 'managed', 'statements', 'asset-classes', 'portfolios'];
const rounds = Number(process.argv[2] ?? 15);
const BLOCK = 20_000;

interface RouteLayer { route?: { path: string | string[]; methods: Record<string, boolean> } }

/** A router with `real`'s routes, each answering at once. */
function copyOf(real: Router): Router {
  const r = Router();
  for (const l of real.stack as RouteLayer[]) {
    if (!l.route) continue;
    for (const m of Object.keys(l.route.methods)) (r as unknown as Record<string, (p: unknown, h: unknown) => void>)[m]!(l.route.path, answer);
  }
  return r;
}
function answer(_req: express.Request, res: express.Response): void { (res as unknown as { done: () => void }).done(); }

const routers: Router[] = [];
for (const m of modules) {
  const mod = (await import(`../server/routes/${m}.ts`)) as Record<string, unknown>;
  routers.push(copyOf(Object.entries(mod).find(([k]) => k.endsWith('Router'))![1] as Router));
}
function appWith(use: (app: Express) => void): Express {
  const app = express();
  use(app);
  app.use((_req, res) => (res as unknown as { done: () => void }).done());
  return app;
}
const apps: Array<[string, Express]> = [
  ['gated per router', appWith((app) => { for (const r of routers) app.use(gated(r)); })],
  ['gatedAll', appWith((app) => { app.use(gatedAll(routers)); })],
];

function dispatch(app: Express, method: string, url: string): Promise<void> {
  return new Promise((done) => {
    const req = { method, url, headers: {}, connection: {}, socket: {} };
    const res = { done, setHeader() {}, getHeader() {}, locals: {} };
    (app as unknown as { handle: (a: unknown, b: unknown, c: unknown) => void }).handle(req, res, () => done());
  });
}

const paths: Array<[string, string]> = [
  ['GET', '/v1/clock'], ['GET', '/v1/stocks/AAPL'], ['GET', '/v1/accounts/acc_1'],
  ['GET', '/v1/orders?account_id=acc_1&limit=10'], ['POST', '/v1/orders'], ['GET', '/v1/accounts/acc_1/positions'],
  ['GET', '/v1/portfolios/p1'], ['GET', '/v1/nowhere'],
];
const results = paths.map(() => apps.map(() => [] as number[]));
for (let round = -1; round < rounds; round++) {
  for (let k = 0; k < paths.length; k++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const [method, url] = paths[k]!;
      const t0 = process.hrtime.bigint();
      for (let n = 0; n < BLOCK; n++) await dispatch(apps[i]![1], method, url);
      if (round >= 0) results[k]![i]!.push(Number(process.hrtime.bigint() - t0) / BLOCK);
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`| request (${rounds} rounds × ${BLOCK}) | ${apps.map(([n]) => `${n}: ns`).join(' | ')} | median of per-round changes |`);
console.log(`|---|${apps.map(() => '---:').join('|')}|---:|`);
paths.forEach(([method, url], k) => {
  const [a, b] = results[k]!;
  const paired = median(a!.map((x, j) => b![j]! / x));
  console.log(`| ${method} ${url} | ${median(a!).toFixed(0)} | ${median(b!).toFixed(0)} | ${((paired - 1) * 100).toFixed(1)} % |`);
});
