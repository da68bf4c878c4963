// Two Finos instances on one PostgreSQL schema, each with its own connection pool, its own
// webhook delivery worker and its own background jobs, serving one tenant at the same time:
// - no double fill: both advance the sandbox clock concurrently through a session full of resting
//   and partially filled orders while both cancel the same orders; every order fills at most its
//   quantity, once per minute, its fills add up, each transition is announced once, the books balance;
// - no double webhook attempt: both delivery workers (and both advances' drains) share the queue;
//   every event reaches the receiver exactly once, with one attempt row per delivery.
// - shared caches stay true: a clock advance, a price shock and a key revocation made through one
//   instance are what the other serves next (server/db/invalidation.ts, NOTIFY on commit);
// - an unlink and new transfers on one bank account, spread over both: exactly one side wins;
// - one shared rate limit: see "one rate limit shared by two instances on one PostgreSQL" in
//   security.reliability.ts (50 of 200 parallel requests across both instances get through).
// Skips when FINOS_TEST_DATABASE_URL is unset or unreachable.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { openDb } from '../../server/db/open.ts';
import { Decimal } from '../../server/domain/money.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { revokeKey } from '../../server/services/tenants.ts';
import { engines, send, startTestApp, type TestApp, type TestResponse } from '../helpers/app.ts';
import { contract } from '../helpers/contract.ts';
import { cashAccount, person } from '../identity/support.ts';
import { ny } from '../money/support.ts';
import { quote, tradingTuesday } from '../orders/support.ts';
import { startReceiver, type Receiver } from '../events/receiver.ts';
import { invariantProblems, orderCounts, queryOf } from '../helpers/books.ts';
import { until } from './instances.ts';

type Call = (method: string, path: string, body?: unknown) => Promise<TestResponse>;

/** Requests to one instance, each answer checked against the contract. */
function caller(base: () => string, key: string): Call {
  return async (method, path, body) => {
    const r = await send(base() + path, method, body === undefined ? {} : { body }, key);
    const problems = contract().check(method, path, r.status, r.header('content-type') ?? null, r.body);
    if (problems.length) throw new Error(`Contract violation on ${base()}:\n  ${problems.join('\n  ')}\nresponse: ${r.status} ${r.text.slice(0, 1000)}`);
    return r;
  };
}

const ok = (r: TestResponse, what: string) => {
  expect(r.status, `${what}: ${r.text}`).toBeLessThan(300);
  return r.body;
};

describe.runIf(engines().includes('postgres'))('two instances on one PostgreSQL', () => {
  let app: TestApp;
  let second: RunningServer;
  let secondDb: Db;
  let receiver: Receiver;
  beforeAll(async () => {
    app = await startTestApp({ engine: 'postgres', env: { FINOS_RATE_LIMIT_PER_HOUR: '1000000' } });
    secondDb = await openDb(app.config);
    second = await startServer(app.config, { db: secondDb, log: pino({ level: 'error' }, pino.destination(2)) });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await second?.close();
    await secondDb?.close();
    await app?.close();
    await receiver?.close();
  });

  it('sees a clock advance, a price shock and a key revocation made through the other instance', async () => {
    const keys = await app.createTenant('caches');
    const a = caller(() => app.baseUrl, keys.secret);
    const b = caller(() => second.url, keys.secret);
    // Instance b caches the key with the tenant's clock settings, and the tenant's shocks.
    const before = ok(await b('GET', '/v1/sandbox/clock'), 'clock');
    const priceBefore = ok(await b('GET', '/v1/stocks/AAPL'), 'quote').latest_price as number;
    // Advance through a: b serves the new time (its cache is dropped by NOTIFY on a's commit).
    // Into a session, so the shock below moves the latest price at once.
    const to = ny(tradingTuesday(new Date(before.timestamp)).tuesday, '11:00');
    const moved = ok(await a('POST', '/v1/sandbox/clock/advance', { to: to.toISOString() }), 'advance');
    await until('b sees the advanced clock', async () => JSON.stringify(ok(await b('GET', '/v1/sandbox/clock'), 'clock')) === JSON.stringify(moved.clock), 2000);
    // A shock through a: b quotes the shocked price.
    const shock = ok(await a('POST', '/v1/sandbox/market/shock', { symbol: 'AAPL', change_percent: 50 }), 'shock');
    expect(shock.price).not.toBe(priceBefore);
    expect(ok(await a('GET', '/v1/stocks/AAPL'), 'quote').latest_price).toBe(shock.price);
    await until('b quotes the shocked price', async () => ok(await b('GET', '/v1/stocks/AAPL'), 'quote').latest_price === shock.price, 2000);
    // A revocation through b's database handle: b refuses the key at once, a once notified.
    expect(await revokeKey(secondDb, keys.secretKeyId)).toBe(true);
    expect((await send(`${second.url}/v1/webhooks`, 'GET', {}, keys.secret)).status).toBe(401);
    await until('a refuses the revoked key', async () => (await send(`${app.baseUrl}/v1/webhooks`, 'GET', {}, keys.secret)).status === 401, 2000);
  });

  it('unlinks a bank account or starts transfers on it, never both, when both instances race', async () => {
    const keys = await app.createTenant('unlink-race');
    const a = caller(() => app.baseUrl, keys.secret);
    const b = caller(() => second.url, keys.secret);
    const either = (i: number) => (i % 2 === 0 ? a : b);
    const days = tradingTuesday();
    ok(await a('POST', '/v1/sandbox/clock/advance', { to: ny(days.monday, '08:00').toISOString() }), 'advance');
    const u = ok(await a('POST', '/v1/users', person('6789')), 'user');
    const acct = ok(await b('POST', `/v1/users/${u.id}/accounts`, cashAccount), 'account');
    const funding = ok(await a('POST', `/v1/users/${u.id}/bank_accounts`, { bank_account_number: '5550012345', bank_routing_number: '121042882', bank_account_nickname: 'f' }), 'bank');
    ok(await b('POST', '/v1/deposits', { account_id: acct.id, bank_account_id: funding.id, amount: '1000.00' }), 'deposit');
    ok(await a('POST', '/v1/sandbox/clock/advance', { to: ny(days.tuesday, '10:00').toISOString() }), 'advance');
    const unlinkedButUsed: string[] = [];
    let unlinked = 0;
    for (let round = 0; round < 10; round++) {
      const kind = round % 2 === 0 ? 'deposits' : 'withdrawals';
      const bank = ok(await either(round)('POST', `/v1/users/${u.id}/bank_accounts`, { bank_account_number: `66${round}0012345`, bank_routing_number: '121042882', bank_account_nickname: 'r' }), 'bank');
      const transfers = Array.from({ length: 8 }, (_, i) => either(i)('POST', `/v1/${kind}`, { account_id: acct.id, bank_account_id: bank.id, amount: '1.00' }));
      const [gone, ...made] = await Promise.all([either(round + 1)('DELETE', `/v1/bank_accounts/${bank.id}`), ...transfers]);
      for (const r of made) expect([201, 404], r.text).toContain(r.status);
      expect([200, 409], gone!.text).toContain(gone!.status);
      if (gone!.status === 200) {
        unlinked++;
        if (made.some((r) => r.status === 201)) unlinkedButUsed.push(`round ${round} (${kind})`);
      }
    }
    expect(unlinkedButUsed).toEqual([]);
    console.log(`[reliability] unlink race: the unlink won ${unlinked} of 10 rounds`);
    // Whatever was started settles to a bank account that is still linked.
    ok(await b('POST', '/v1/sandbox/clock/advance', { to: ny(days.wednesday, '12:00').toISOString() }), 'advance');
    for (const kind of ['deposits', 'withdrawals']) {
      for (const t of ok(await a('GET', `/v1/${kind}?account_id=${acct.id}&limit=100`), kind).data) {
        expect((await b('GET', `/v1/bank_accounts/${t.bank_account_id}`)).status, `${kind} ${t.id}`).toBe(200);
      }
    }
    expect(await invariantProblems(queryOf(app.db), keys.tenantId)).toEqual([]);
  });

  it('never fills an order twice while both advance the clock and cancel, and delivers each event once', async () => {
    const keys = await app.createTenant('two-instances');
    const a = caller(() => app.baseUrl, keys.secret);
    const b = caller(() => second.url, keys.secret);
    const either = (i: number) => (i % 2 === 0 ? a : b);
    const days = tradingTuesday();

    // Every event of the tenant goes to one receiver, through both instances' workers.
    const hook = ok(await a('POST', '/v1/webhooks', { name: 'both', config: { url: receiver.url } }), 'webhook');

    // Four funded accounts (deposits made on Monday settle Tuesday 09:30), set up through both instances.
    ok(await a('POST', '/v1/sandbox/clock/advance', { to: ny(days.monday, '08:00').toISOString() }), 'advance');
    const accounts: string[] = [];
    for (let i = 0; i < 4; i++) {
      const call = either(i);
      const u = ok(await call('POST', '/v1/users', person('6789')), 'user');
      const acct = ok(await call('POST', `/v1/users/${u.id}/accounts`, cashAccount), 'account');
      const bank = ok(await call('POST', `/v1/users/${u.id}/bank_accounts`, { bank_account_number: `88${i}0012345`, bank_routing_number: '121042882', bank_account_nickname: 'c' }), 'bank');
      // Two deposits: one moves at most 1,000,000.00.
      for (let k = 0; k < 2; k++) ok(await call('POST', '/v1/deposits', { account_id: acct.id, bank_account_id: bank.id, amount: '1000000.00' }), 'deposit');
      accounts.push(acct.id);
    }
    const open = ny(days.tuesday, '09:31');
    ok(await b('POST', '/v1/sandbox/clock/advance', { to: open.toISOString() }), 'advance');

    // Shares to sell, then resting orders: limit buys just under the ask and sells just over the
    // bid (they fill as the price wanders), big marketable limits (they fill a displayed size per
    // minute, partially, for many minutes), and far-off limits that never fill (to be canceled).
    const symbols = ['AAPL', 'MSFT', 'KO', 'PFE'];
    for (const [i, acct] of accounts.entries()) {
      for (const s of symbols) ok(await either(i)('POST', '/v1/orders', { account_id: acct, symbol: s, quantity: '20', side: 'buy', type: 'market' }), 'market buy');
    }
    const orders: string[] = [];
    const cancelable: string[] = [];
    let n = 0;
    for (const acct of accounts) {
      for (const s of symbols) {
        const q = quote(s, open);
        const place = async (body: Record<string, string>) => {
          const o = ok(await either(n++)('POST', '/v1/orders', { account_id: acct, symbol: s, time_in_force: 'gtc', ...body }), `order ${JSON.stringify(body)}`);
          orders.push(o.id);
          return o;
        };
        await place({ quantity: '3', side: 'buy', type: 'limit', limit_price: q.ask.times('0.998').toDecimalPlaces(2).toFixed(2) });
        await place({ quantity: '3', side: 'sell', type: 'limit', limit_price: q.bid.times('1.002').toDecimalPlaces(2).toFixed(2) });
        if (s === 'KO' || s === 'PFE') {
          // More than five displayed sizes: it fills part at placement and part each minute after.
          const big = await place({ quantity: String(q.ask_size * 5 + 1), side: 'buy', type: 'limit', limit_price: q.ask.times('1.02').toDecimalPlaces(2).toFixed(2) });
          expect(big.status).toBe('partially_filled');
          if (s === 'KO') cancelable.unshift(big.id); // canceled first, mid-way through its partial fills
        }
        cancelable.push((await place({ quantity: '1', side: 'buy', type: 'limit', limit_price: '1.00' })).id);
      }
    }

    // Both instances advance the same tenant's clock through the morning, minute targets sent to
    // both at once (one of each pair moves it, the other finds it already there: 400), while
    // both cancel the same orders (one 200, one 409 each).
    const targets = Array.from({ length: 40 }, (_, i) => new Date(open.getTime() + (i + 1) * 3 * 60_000));
    const answers = { a: 0, b: 0, stale: 0 };
    const fillsReported = { n: 0 };
    const advance = async (call: Call, who: 'a' | 'b', to: Date) => {
      const r = await call('POST', '/v1/sandbox/clock/advance', { to: to.toISOString() });
      if (r.status === 200) {
        answers[who]++;
        fillsReported.n += r.body.processed.fills;
      } else {
        expect(r.status, r.text).toBe(400);
        expect(r.body.error.message).toMatch(/later than the current clock/);
        answers.stale++;
      }
    };
    const cancels: Array<Promise<{ id: string; statuses: number[] }>> = [];
    const cancelBoth = (id: string) => cancels.push(Promise.all([a('DELETE', `/v1/orders/${id}`), b('DELETE', `/v1/orders/${id}`)])
      .then(([x, y]) => ({ id, statuses: [x.status, y.status].sort() })));
    for (const [i, to] of targets.entries()) {
      // The request sent first tends to win, so the instances take turns sending first.
      const pair = i % 2 === 0
        ? Promise.all([advance(a, 'a', to), advance(b, 'b', to)])
        : Promise.all([advance(b, 'b', to), advance(a, 'a', to)]);
      if (i % 5 === 0 && cancelable.length) cancelBoth(cancelable.shift()!);
      await pair;
    }
    // The rest of the cancels race each other and the advances' aftermath.
    for (const id of cancelable.splice(0)) cancelBoth(id);
    let won = 0;
    for (const c of await Promise.all(cancels)) {
      const o = ok(await a('GET', `/v1/orders/${c.id}`), 'order');
      // One cancel wins and the other is a conflict; or the order filled first and both are conflicts.
      if (o.status === 'canceled') {
        expect(c.statuses, `cancels of ${c.id}`).toEqual([200, 409]);
        won++;
      } else {
        expect(o.status, `order ${c.id}`).toBe('filled');
        expect(c.statuses, `cancels of ${c.id}`).toEqual([409, 409]);
      }
    }
    expect(won).toBeGreaterThan(10);
    console.log(`[reliability] two instances: advances ${JSON.stringify(answers)}, fills reported ${fillsReported.n}`);
    expect(answers.a).toBeGreaterThan(0);
    expect(answers.b).toBeGreaterThan(0);

    // The books, and no fill made twice.
    const query = queryOf(app.db);
    expect(await invariantProblems(query, keys.tenantId)).toEqual([]);
    const counts = await orderCounts(query, keys.tenantId);
    console.log(`[reliability] two instances: ${JSON.stringify(counts)}`);
    // Fills made by the advances (not at placement) are exactly the ones they reported.
    const { rows: later } = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM trade_fills f JOIN orders o ON o.tenant_id = f.tenant_id AND o.id = f.order_id
        WHERE f.tenant_id = $1 AND f.created_at > o.created_at`, [keys.tenantId]);
    expect(later[0]!.n, 'fills made while advancing').toBeGreaterThan(20);
    expect(fillsReported.n).toBe(later[0]!.n);
    for (const id of orders) {
      const o = ok(await a('GET', `/v1/orders/${id}`), 'order');
      expect(new Decimal(o.filled_quantity).lte(o.quantity), `order ${id}`).toBe(true);
    }

    // Each event delivered exactly once, by whichever instance claimed it; one attempt each.
    const events: string[] = [];
    for (let path: string | null = '/v1/events?limit=100'; path;) {
      const page = ok(await a('GET', path), 'events');
      events.push(...page.data.map((e: { id: string }) => e.id));
      path = page.pagination.next_page;
    }
    expect(events.length).toBeGreaterThan(100);
    await until('every event delivered', () => new Set(receiver.received.map((r) => r.eventId)).size >= events.length, 60_000);
    await new Promise((r) => setTimeout(r, 1_000)); // room for a duplicate to show up
    const perEvent = receiver.countByEvent();
    expect([...perEvent.keys()].sort()).toEqual(events.slice().sort());
    expect([...perEvent.entries()].filter(([, c]) => c !== 1), 'events delivered more than once').toEqual([]);
    const { rows: attempts } = await app.db.query<{ deliveries: number; attempts: number; multi: number; pending: number }>(
      `SELECT (SELECT count(*) FROM webhook_deliveries WHERE tenant_id = $1 AND webhook_id = $2)::int AS deliveries,
              (SELECT count(*) FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.tenant_id = a.tenant_id AND d.id = a.delivery_id
                WHERE d.tenant_id = $1 AND d.webhook_id = $2)::int AS attempts,
              (SELECT count(*) FROM webhook_deliveries WHERE tenant_id = $1 AND webhook_id = $2 AND attempts <> 1)::int AS multi,
              (SELECT count(*) FROM webhook_deliveries WHERE tenant_id = $1 AND webhook_id = $2 AND status <> 'succeeded')::int AS pending`,
      [keys.tenantId, hook.id]);
    expect(attempts[0]).toEqual({ deliveries: events.length, attempts: events.length, multi: 0, pending: 0 });
  }, 120_000);
});

// ---------- real-time tenants: both instances' background jobs ----------

/**
 * A stand-in for the real clock that both instances share: it stands still at `at` until run()
 * is called, then runs `speed` times faster than real time (a market minute a second at 60).
 */
function movableClock(at: Date, speed: number) {
  let base = at.getTime();
  let since: number | null = null;
  return {
    now: () => new Date(since === null ? base : base + (Date.now() - since) * speed),
    set(to: Date) {
      base = to.getTime();
      since = null;
    },
    run() {
      since = Date.now();
    },
  };
}

// server/jobs/settlement.ts runs every real-time tenant's due work and its live order engine in
// every instance (the tenant row lock, SKIP LOCKED, keeps them from working one tenant at once).
describe.runIf(engines().includes('postgres'))('two instances running a real-time tenant\'s due work', () => {
  const days = tradingTuesday();
  const clock = movableClock(ny(days.monday, '08:00'), 60);
  let app: TestApp;
  let second: RunningServer;
  let secondDb: Db;
  beforeAll(async () => {
    app = await startTestApp({ engine: 'postgres', env: { FINOS_RATE_LIMIT_PER_HOUR: '1000000' }, realClock: clock });
    secondDb = await openDb(app.config);
    second = await startServer(app.config, { db: secondDb, log: pino({ level: 'error' }, pino.destination(2)), realClock: clock });
  });
  afterAll(async () => {
    await second?.close();
    await secondDb?.close();
    await app?.close();
  });

  it('fills each resting order once per minute while both instances\' jobs work the same tenant', async () => {
    // A tenant that never touches the sandbox clock: its time is the (stand-in) real time.
    const keys = await app.createTenant('real-time');
    const a = caller(() => app.baseUrl, keys.secret);
    const b = caller(() => second.url, keys.secret);
    const accounts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const call = i === 0 ? a : b;
      const u = ok(await call('POST', '/v1/users', person('6789')), 'user');
      const acct = ok(await call('POST', `/v1/users/${u.id}/accounts`, cashAccount), 'account');
      const bank = ok(await call('POST', `/v1/users/${u.id}/bank_accounts`, { bank_account_number: `99${i}0012345`, bank_routing_number: '121042882', bank_account_nickname: 'c' }), 'bank');
      // Fifty deposits: one moves at most 1,000,000.00.
      for (let k = 0; k < 50; k++) ok(await call('POST', '/v1/deposits', { account_id: acct.id, bank_account_id: bank.id, amount: '1000000.00' }), 'deposit');
      accounts.push(acct.id);
    }
    // Tuesday 09:45: the deposits are due; the background jobs settle them.
    const start = ny(days.tuesday, '09:45');
    clock.set(start);
    await until('deposits settled by the background jobs', async () => {
      for (const id of accounts) if (ok(await a('GET', `/v1/accounts/${id}`), 'account').available_cash === '0.00') return false;
      return true;
    }, 30_000);
    // Orders that keep filling minute after minute (many displayed sizes), and near-market limits.
    const orders: string[] = [];
    for (const [i, acct] of accounts.entries()) {
      for (const s of ['KO', 'PFE', 'AAPL']) {
        const q = quote(s, start);
        const place = async (body: Record<string, string>) => orders.push(ok(await (i === 0 ? a : b)('POST', '/v1/orders', { account_id: acct, symbol: s, time_in_force: 'gtc', ...body }), 'order').id);
        await place({ quantity: String(q.ask_size * 20 + 1), side: 'buy', type: 'limit', limit_price: q.ask.times('1.05').toDecimalPlaces(2).toFixed(2) });
        await place({ quantity: '2', side: 'buy', type: 'limit', limit_price: q.ask.times('0.999').toDecimalPlaces(2).toFixed(2) });
      }
    }
    // Let the market run for about 20 minutes (20 s) with both instances' jobs working it.
    clock.run();
    const query = queryOf(app.db);
    const afterPlacement = async () => (await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM trade_fills f JOIN orders o ON o.tenant_id = f.tenant_id AND o.id = f.order_id
        WHERE f.tenant_id = $1 AND f.created_at > o.created_at`, [keys.tenantId])).rows[0]!.n;
    await until('the background jobs fill the resting orders', async () => (await afterPlacement()) >= 30, 60_000);
    await new Promise((r) => setTimeout(r, 3_000));
    clock.set(clock.now());
    expect(await invariantProblems(query, keys.tenantId)).toEqual([]);
    console.log(`[reliability] two instances, real time: ${JSON.stringify(await orderCounts(query, keys.tenantId))}, fills by the jobs ${await afterPlacement()}`);
    for (const id of orders) {
      const o = ok(await a('GET', `/v1/orders/${id}`), 'order');
      expect(new Decimal(o.filled_quantity).lte(o.quantity), `order ${id}`).toBe(true);
    }
  }, 120_000);
});
