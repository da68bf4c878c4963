// The live engine's set-based pick of acting orders (jobs/order-engine.ts actingOrderIds) agrees
// with the domain's per-order rule (domain/orders.ts acts) on a book of resting orders of every
// type and side around the market, before and after the prices move.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingOrderIds } from '../../server/jobs/order-engine.ts';
import { acts } from '../../server/domain/orders.ts';
import { Decimal } from '../../server/domain/money.ts';
import { marketData, tenantShocks } from '../../server/market/index.ts';
import { workingOf, type OrderRow } from '../../server/services/orders.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { newTenant, ny } from '../money/support.ts';
import { fundedCustomer, order, tradingTuesday } from './support.ts';

const SYMBOLS = ['AAPL', 'KO', 'VTI'];
const STEPS = ['0.90', '0.95', '0.98', '0.995', '1.005', '1.02', '1.05', '1.10'];
const px = (d: Decimal, f: string) => d.mul(f).toDecimalPlaces(2).toFixed(2);

describe.each(engines())('engine minute on %s', (engine) => {
  let app: TestApp;
  const days = tradingTuesday();
  beforeAll(async () => { app = await startTestApp({ engine }); });
  afterAll(() => app?.close());

  it('picks exactly the orders the domain rule says act, as quotes move', async () => {
    const t = await newTenant(app);
    const { account } = await fundedCustomer(t, days, '500000.00');
    const at = ny(days.tuesday, '10:00');
    for (const symbol of SYMBOLS) {
      const bought = await t.req('POST', '/v1/orders', order(account.id, symbol, { side: 'buy', type: 'market', quantity: '40' }));
      expect(bought.status, bought.text).toBe(201);
    }
    // Resting orders: those that would act now fill (or trigger) at placement; the rest rest.
    for (const symbol of SYMBOLS) {
      const q = marketData.quoteAt(symbol, at);
      for (const f of STEPS) {
        const bodies: Array<Record<string, string>> = [
          { side: 'buy', type: 'limit', limit_price: px(q.ask, f) },
          { side: 'sell', type: 'limit', limit_price: px(q.bid, f) },
          { side: 'buy', type: 'stop', stop_price: px(q.price, f) },
          { side: 'sell', type: 'stop', stop_price: px(q.price, f) },
          { side: 'buy', type: 'stop_limit', stop_price: px(q.price, f), limit_price: px(q.price, f) },
          { side: 'sell', type: 'stop_limit', stop_price: px(q.price, f), limit_price: px(q.price, f) },
        ];
        for (const b of bodies) {
          const r = await t.req('POST', '/v1/orders', order(account.id, symbol, { ...b, quantity: '1', time_in_force: 'gtc' }));
          expect(r.status, r.text).toBe(201);
        }
      }
    }
    const check = async (when: Date) => {
      const got = await app.db.transaction((tx) => actingOrderIds(tx, t.tenantId, when));
      const shocks = await tenantShocks(app.db, t.tenantId, 'sandbox');
      const { rows } = await app.db.query<OrderRow>(
        `SELECT * FROM orders WHERE tenant_id = $1 AND status IN ('new', 'accepted', 'partially_filled') ORDER BY id`, [t.tenantId]);
      const want = rows.filter((r) => acts(workingOf(r), marketData.quoteAt(r.symbol, when, shocks))).map((r) => r.id);
      expect(got).toEqual(want);
      return { got, open: rows.length };
    };
    const still = await check(at);
    expect(still.got).toEqual([]);
    expect(still.open).toBeGreaterThan(40);
    // Prices move: AAPL falls 4%, KO rises 4%; VTI stays. Orders on both sides now act.
    expect((await t.req('POST', '/v1/sandbox/market/shock', { symbol: 'AAPL', change_percent: -4 })).status).toBe(200);
    expect((await t.req('POST', '/v1/sandbox/market/shock', { symbol: 'KO', change_percent: 4 })).status).toBe(200);
    const moved = await check(new Date(at.getTime() + 60_000));
    expect(moved.got.length).toBeGreaterThan(4);
    expect(moved.got.length).toBeLessThan(moved.open);
  });
});
