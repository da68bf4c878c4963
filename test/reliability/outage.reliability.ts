// Receiver outage: a webhook endpoint that refuses connections for 6 hours of sandbox time while
// users, accounts, deposits, withdrawals and orders (placed, filled, canceled) keep producing
// events. Once it is back, every event the tenant has is delivered, exactly once, and the
// delivery log shows the failed attempts (no HTTP status, an error, due on the retry schedule in
// tenant time) and then the success.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { allPages, customer, deposit, newTenant, ny, withdraw, type Tenant } from '../money/support.ts';
import { order, quote, tradingTuesday } from '../orders/support.ts';
import { startReceiver, type Receiver } from '../events/receiver.ts';
import { expectSoundBooks, queryOf } from '../helpers/books.ts';
import { until } from './instances.ts';

const HOUR = 3600_000;

interface Delivery { id: string; event_id: string; status: string; attempt: number; http_status: number | null; last_error: string | null; next_attempt_at: string | null }

describe.each(engines())('a webhook receiver down for 6 hours of sandbox time on %s', (engine) => {
  let app: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    app = await startTestApp({ engine, env: { FINOS_RATE_LIMIT_PER_HOUR: '1000000' } });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.close();
  });

  it('gets every event exactly once when it is back, and the log shows the failed attempts then the success', async () => {
    const t = await newTenant(app);
    const days = tradingTuesday();
    await t.advance(ny(days.monday, '08:00'));
    const hook = await t.req('POST', '/v1/webhooks', { name: 'outage', config: { url: receiver.url } });
    expect(hook.status, hook.text).toBe(201);
    // Before the outage: a funded customer; its events arrive at once.
    const alice = await customer(t);
    expect((await deposit(t, alice.account.id, alice.bank.id, '5000.00')).status).toBe(201);
    const outageStart = ny(days.tuesday, '09:45');
    await t.advance(outageStart);
    await until('the events before the outage', async () => receiver.received.length > 0
      && receiver.received.length === (await allPages<{ id: string }>(t, '/v1/events?limit=100')).length);
    const before = new Set(receiver.received.map((r) => r.eventId));

    // Down. Events keep coming: a new customer, money moving, orders filling, resting, canceled.
    await receiver.down();
    const bob = await customer(t);
    expect((await deposit(t, bob.account.id, bob.bank.id, '250.00')).status).toBe(201);
    expect((await withdraw(t, alice.account.id, alice.bank.id, '10.00')).status).toBe(201);
    await t.advance(ny(days.tuesday, '10:00'));
    const q = quote('AAPL', ny(days.tuesday, '10:00'));
    const buy = await t.req('POST', '/v1/orders', order(alice.account.id, 'AAPL', { quantity: '2', side: 'buy', type: 'market' }));
    expect(buy.status, buy.text).toBe(201);
    const resting = await t.req('POST', '/v1/orders', order(alice.account.id, 'MSFT', { quantity: '1', side: 'buy', type: 'limit', limit_price: '1.00', time_in_force: 'gtc' }));
    expect(resting.status, resting.text).toBe(201);
    const near = await t.req('POST', '/v1/orders', order(alice.account.id, 'AAPL', { quantity: '1', side: 'buy', type: 'limit', limit_price: q.ask.times('0.998').toDecimalPlaces(2).toFixed(2), time_in_force: 'day' }));
    expect(near.status, near.text).toBe(201);
    // Six hours of sandbox time in 10-minute steps: each step is a chance for due retries to fail again.
    const outageEnd = new Date(outageStart.getTime() + 6 * HOUR);
    let step = 0;
    for (let at = ny(days.tuesday, '10:10'); at.getTime() <= outageEnd.getTime(); at = new Date(at.getTime() + 10 * 60_000), step++) {
      await t.advance(at);
      if (step === 3) expect((await t.req('DELETE', `/v1/orders/${resting.body.id}`)).status).toBe(200);
      if (step === 6) expect((await t.req('POST', '/v1/orders', order(alice.account.id, 'AAPL', { quantity: '1', side: 'sell', type: 'market' }))).status).toBe(201);
    }
    expect(receiver.received.length, 'nothing got through while the receiver was down').toBe(before.size);
    const duringOutage = await allPages<{ id: string; type: string }>(t, '/v1/events?limit=100');
    const outageEvents = duringOutage.filter((e) => !before.has(e.id));
    const downIds = new Set(outageEvents.map((e) => e.id));
    expect(outageEvents.length).toBeGreaterThan(10);
    expect(outageEvents.some((e) => e.type === 'ordertransition.filled')).toBe(true);
    expect(outageEvents.some((e) => e.type === 'ordertransition.canceled')).toBe(true);
    // While down, the log shows retries pending after failed attempts.
    const pending = await allPages<Delivery>(t, `/v1/webhooks/${hook.body.id}/deliveries?limit=100`);
    const waiting = pending.filter((d) => outageEvents.some((e) => e.id === d.event_id));
    expect(waiting.length).toBe(outageEvents.length);
    for (const d of waiting) {
      expect(d, `delivery of ${d.event_id} during the outage`).toMatchObject({ status: 'pending', http_status: null });
      expect(d.last_error).toBeTruthy();
      expect(d.next_attempt_at).not.toBeNull();
    }
    expect(Math.max(...waiting.map((d) => d.attempt)), 'early events were retried several times').toBeGreaterThanOrEqual(6);

    // Back up. An advance past the longest retry delay (6 h plus 20 % jitter) makes every retry
    // due; the worker delivers them.
    await receiver.up();
    expect((await deposit(t, bob.account.id, bob.bank.id, '1.00')).status).toBe(201); // an event raised after the outage
    await t.advance(new Date(outageEnd.getTime() + 7.5 * HOUR));
    const events = await allPages<{ id: string; type: string }>(t, '/v1/events?limit=100');
    await until('every event delivered', () => new Set(receiver.received.map((r) => r.eventId)).size >= events.length, 30_000);
    await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to show up

    // Every event, exactly once.
    const counts = receiver.countByEvent();
    expect([...counts.keys()].sort()).toEqual(events.map((e) => e.id).sort());
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    for (const r of receiver.received) expect(JSON.parse(r.body).id).toBe(r.eventId);

    expect(events.length, 'events raised after the outage').toBeGreaterThan(duringOutage.length);
    // The delivery log: all succeeded; those raised during the outage on a later attempt.
    const log = await allPages<Delivery>(t, `/v1/webhooks/${hook.body.id}/deliveries?limit=100`);
    expect(log.length).toBe(events.length);
    for (const d of log) {
      expect(d, `delivery of ${d.event_id}`).toMatchObject({ status: 'succeeded', http_status: 200, last_error: null, next_attempt_at: null });
      // Raised before the outage or after it (the advance that ended it), an event went out at once.
      if (downIds.has(d.event_id)) expect(d.attempt, `delivery of ${d.event_id}`).toBeGreaterThan(1);
      else expect(d.attempt, `delivery of ${d.event_id}`).toBe(1);
    }
    // Attempt by attempt (the stored log behind the API's latest-attempt view): failures without an
    // HTTP status, in tenant-time order, then one success after the outage.
    const { rows } = await app.db.query<{ delivery_id: string; attempt: number; http_status: number | null; error: string | null; attempted_at: Date }>(
      `SELECT delivery_id, attempt, http_status, error, attempted_at FROM webhook_delivery_attempts WHERE tenant_id = $1 ORDER BY delivery_id, attempt`, [t.tenantId]);
    const byDelivery = new Map<string, typeof rows>();
    for (const r of rows) byDelivery.set(r.delivery_id, [...(byDelivery.get(r.delivery_id) ?? []), r]);
    expect(byDelivery.size).toBe(log.length);
    let longest = 0;
    for (const d of log) {
      const attempts = byDelivery.get(d.id)!;
      expect(attempts.map((a) => a.attempt), `attempts of ${d.id}`).toEqual(Array.from({ length: d.attempt }, (_, i) => i + 1));
      const last = attempts.at(-1)!;
      expect(last.http_status).toBe(200);
      expect(last.error).toBeNull();
      for (const a of attempts.slice(0, -1)) {
        expect(a.http_status, `failed attempt ${a.attempt} of ${d.id}`).toBeNull();
        expect(a.error).toBeTruthy();
        expect(a.attempted_at.getTime()).toBeLessThanOrEqual(outageEnd.getTime());
      }
      if (downIds.has(d.event_id)) expect(last.attempted_at.getTime()).toBeGreaterThan(outageEnd.getTime());
      for (let i = 1; i < attempts.length; i++) expect(attempts[i]!.attempted_at.getTime()).toBeGreaterThan(attempts[i - 1]!.attempted_at.getTime());
      if (attempts.length > 1) longest = Math.max(longest, attempts.at(-2)!.attempted_at.getTime() - attempts[0]!.attempted_at.getTime());
    }
    // The first events of the outage kept failing across (nearly) the whole 6 hours.
    expect(longest).toBeGreaterThan(4 * HOUR);
    await expectSoundBooks(queryOf(app.db), t.tenantId);
  });
});
