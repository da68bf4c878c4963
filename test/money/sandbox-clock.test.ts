// The sandbox clock over HTTP: reading it, advancing it (forward only, at most 2 years), webhooks
// delivered by the time an advance answers, 404 in production, and the background settlement job
// for tenants whose clock runs in real time.
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSettlementJob } from '../../server/jobs/settlement.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { startReceiver, type Receiver } from '../events/receiver.ts';
import { expectError } from '../identity/support.ts';
import { Decimal } from '../../server/domain/money.ts';
import { marketData } from '../../server/market/index.ts';
import { order, tradingTuesday } from '../orders/support.ts';
import { customer, deposit, mondayHolidayAfter, newTenant, ny } from './support.ts';
import { tenantChanged } from '../../server/db/invalidation.ts';
import { expectSoundBooks } from '../helpers/books.ts';

describe.each(engines())('sandbox clock on %s', (engine) => {
  let app: TestApp;
  let receiver: Receiver;
  const days = mondayHolidayAfter(new Date());
  beforeAll(async () => {
    app = await startTestApp({ engine });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await app?.close();
  });

  it('follows real time until the first advance, then stays frozen', async () => {
    const t = await newTenant(app);
    const before = await t.req('GET', '/v1/sandbox/clock');
    expect(before.status).toBe(200);
    expect(before.body.frozen).toBe(false);
    expect(Math.abs(Date.parse(before.body.timestamp) - Date.now())).toBeLessThan(60_000);
    const to = ny(days.friday, '11:00');
    const r = await t.advance(to);
    expect(r.body.clock).toEqual({
      timestamp: to.toISOString(), frozen: true, is_open: true,
      next_open: ny(days.tuesday, '09:30').toISOString(), next_close: ny(days.friday, '16:00').toISOString(),
    });
    await new Promise((res) => setTimeout(res, 20));
    expect((await t.req('GET', '/v1/sandbox/clock')).body.timestamp).toBe(to.toISOString());
    expect((await t.req('GET', '/v1/clock')).body.timestamp).toBe(to.toISOString());
  });

  it('moves only forward, by at most 2 years (400 naming `to`)', async () => {
    const t = await newTenant(app);
    const now = ny(days.friday, '11:00');
    await t.advance(now);
    const adv = (to: string) => t.req('POST', '/v1/sandbox/clock/advance', { to });
    expectError(await adv(now.toISOString()), 400, 'to');
    expectError(await adv(new Date(now.getTime() - 1000).toISOString()), 400, 'to');
    const twoYears = new Date(now);
    twoYears.setUTCFullYear(twoYears.getUTCFullYear() + 2);
    expectError(await adv(new Date(twoYears.getTime() + 1000).toISOString()), 400, 'to');
    expectError(await adv('not a time'), 400, 'to');
    expect((await adv(twoYears.toISOString())).status).toBe(200);
  });

  it('delivers the webhooks of what an advance processed, stamped with each item\'s time', async () => {
    const t = await newTenant(app);
    await t.advance(ny(days.friday, '11:00'));
    const hook = await t.req('POST', '/v1/webhooks', { name: 'money', config: { url: receiver.url }, events: ['deposittransition.*'] });
    expect(hook.status, hook.text).toBe(201);
    const { account, bank } = await customer(t);
    const d = await deposit(t, account.id, bank.id, '12.34');
    await t.advance(ny(days.tuesday, '16:00'));
    await receiver.waitFor(2, 10_000);
    const mine = receiver.received.map((r) => JSON.parse(r.body)).filter((e) => e.data?.object?.id === d.body.id);
    expect(mine.map((e) => [e.type, e.created_at])).toEqual([
      ['deposittransition.pending', ny(days.friday, '11:00').toISOString()],
      ['deposittransition.complete', ny(days.tuesday, '09:30').toISOString()],
    ]);
  });

  it('the settlement job settles due transfers of real-time tenants, once, however many instances run', async () => {
    const t = await newTenant(app);
    const { account, bank } = await customer(t);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await deposit(t, account.id, bank.id, '10.00')).body.id);
    const frozen = await newTenant(app);
    await frozen.advance(ny(days.friday, '11:00'));
    const f = await customer(frozen);
    const frozenDeposit = (await deposit(frozen, f.account.id, f.bank.id, '10.00')).body.id;
    // Move the running clock a week ahead (it keeps running), as a long wait would.
    await app.db.query('UPDATE tenants SET clock_offset_ms = $2 WHERE id = $1', [t.tenantId, 7 * 24 * 3600 * 1000]);
    await tenantChanged(app.db, t.tenantId);
    // A frozen clock a week ahead too: the job leaves it to the advance.
    await app.db.query(`UPDATE tenants SET clock_frozen_at = clock_frozen_at + interval '7 days' WHERE id = $1`, [frozen.tenantId]);
    await tenantChanged(app.db, frozen.tenantId);
    const log = pino({ level: 'silent' }) as Logger;
    const jobs = [startSettlementJob({ db: app.db, log, wiring: app.wiring }), startSettlementJob({ db: app.db, log, wiring: app.wiring })];
    // The app's own job is a third instance: while it holds the tenant ours skip it, so wait for it.
    const settled = async () => (await Promise.all(ids.map(async (id) => (await t.req('GET', `/v1/deposits/${id}`)).body.status))).every((x) => x === 'complete');
    try {
      await Promise.all(jobs.map((j) => j.runOnce()));
      for (let i = 0; i < 50 && !(await settled()); i++) await Promise.all(jobs.map((j) => j.runOnce()));
    } finally {
      await Promise.all(jobs.map((j) => j.stop()));
    }
    for (const id of ids) expect((await t.req('GET', `/v1/deposits/${id}`)).body.status).toBe('complete');
    const events = (await t.req('GET', '/v1/events?type=deposittransition.complete&limit=100')).body.data;
    expect(events).toHaveLength(5);
    expect((await t.req('GET', `/v1/accounts/${account.id}`)).body.available_cash).toBe('50.00');
    expect((await frozen.req('GET', `/v1/deposits/${frozenDeposit}`)).body.status).toBe('pending');
    await expectSoundBooks(app, t.tenantId);
  });

  it('the same job works the open orders of real-time tenants against the live quote, once, however many instances run', async () => {
    const t = await newTenant(app);
    const days = tradingTuesday();
    // Run the tenant's clock (never frozen) from Tuesday 10:00 New York.
    const setRunningClock = async (at: Date) => {
      await app.db.query('UPDATE tenants SET clock_offset_ms = $2 WHERE id = $1', [t.tenantId, at.getTime() - Date.now()]);
      await tenantChanged(app.db, t.tenantId);
    };
    await setRunningClock(ny(days.tuesday, '10:00'));
    const { account, bank } = await customer(t);
    expect((await deposit(t, account.id, bank.id, '5000.00')).status).toBe(201);
    await setRunningClock(ny(days.wednesday, '10:00'));
    const log = pino({ level: 'silent' }) as Logger;
    const jobs = [startSettlementJob({ db: app.db, log, wiring: app.wiring }), startSettlementJob({ db: app.db, log, wiring: app.wiring })];
    try {
      // (Whichever instance holds the tenant settles it: see the fill below.)
      const cash = async () => (await t.req('GET', `/v1/accounts/${account.id}`)).body.available_cash as string;
      for (let i = 0; i < 50 && (await cash()) !== '5000.00'; i++) await Promise.all(jobs.map((j) => j.runOnce()));
      expect(await cash()).toBe('5000.00');
      // A resting limit buy 10% under the market, then a 20% fall: the next tick fills it.
      const ask = marketData.quoteAt('VTI', ny(days.wednesday, '10:00')).ask;
      const limit = new Decimal(ask).mul('0.9').toDecimalPlaces(2).toFixed(2);
      const placed = await t.req('POST', '/v1/orders', order(account.id, 'VTI', { side: 'buy', type: 'limit', quantity: '2', limit_price: limit, time_in_force: 'gtc' }));
      expect(placed.status, placed.text).toBe(201);
      expect(placed.body.status).toBe('new');
      await Promise.all(jobs.map((j) => j.runOnce()));
      expect((await t.req('GET', `/v1/orders/${placed.body.id}`)).body.status).toBe('new');
      const shock = await t.req('POST', '/v1/sandbox/market/shock', { symbol: 'VTI', change_percent: -20 });
      expect(shock.status, shock.text).toBe(200);
      // The next minute (an order acts at most once a minute, and this one was worked at placement).
      await setRunningClock(ny(days.wednesday, '10:01'));
      // The app's own due-work job is a third instance: when it holds the tenant, ours skip it
      // (SKIP LOCKED) and the fill is its to commit, so wait for whichever instance works it.
      let filled = (await t.req('GET', `/v1/orders/${placed.body.id}`)).body;
      for (let i = 0; i < 50 && filled.status !== 'filled'; i++) {
        await Promise.all([...jobs, ...jobs].map((j) => j.runOnce()));
        filled = (await t.req('GET', `/v1/orders/${placed.body.id}`)).body;
        if (filled.status !== 'filled') await new Promise((r) => setTimeout(r, 20));
      }
      expect(filled.status).toBe('filled');
      expect(filled.filled_quantity).toBe('2');
      const { rows } = await app.db.query<{ n: string; q: string }>(
        'SELECT count(*) AS n, sum(quantity) AS q FROM trade_fills WHERE tenant_id = $1 AND order_id = $2', [t.tenantId, placed.body.id]);
      expect(new Decimal(rows[0]!.q).toFixed()).toBe('2');
      const events = (await t.req('GET', '/v1/events?type=ordertransition.filled&limit=100')).body.data;
      expect(events).toHaveLength(1);
      await expectSoundBooks(app, t.tenantId);
    } finally {
      await Promise.all(jobs.map((j) => j.stop()));
    }
  });
});

describe('sandbox clock in production', () => {
  it('does not exist (404)', async () => {
    const app = await startTestApp({ engine: 'pglite', env: { FINOS_ENV: 'production', FINOS_TRUST_PROXY: 'true' } });
    try {
      const headers = { 'X-Forwarded-Proto': 'https' };
      expect((await app.request('GET', '/v1/sandbox/clock', { headers })).status).toBe(404);
      const adv = await app.request('POST', '/v1/sandbox/clock/advance', { body: { to: '2030-01-01T00:00:00Z' }, headers });
      expect(adv.status).toBe(404);
      expect((await app.request('GET', '/v1/deposits', { headers })).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
